import {readFileSync} from 'node:fs'
import {get, type IncomingMessage} from 'node:http'
import {connect as connectHttp2, constants as h2} from 'node:http2'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Issue case 3: an export whose reader stops reading and then leaves (or just stops reading) must
 * end and free what it holds, over HTTP/1.1 and over the Studio's HTTP/2 listener alike.
 */
let t: TestLake
const DOCS = 20_000
const exportPath = `/v${API_VERSION}/data/export/production`

beforeAll(async () => {
  t = await startTestLake({tlsPort: 0, limits: {idleTimeoutMs: 1500}})
  // ~20 MB of NDJSON: far more than the socket buffers on both sides hold.
  const lines = Array.from({length: DOCS}, (_, i) =>
    JSON.stringify({_id: `doc-${i}`, _type: 'bulk', n: i, text: 'x'.repeat(1000)}),
  )
  // In batches: this process also runs the lake, and one 20 MB body would block its event loop
  // for longer than this lake's idle limit.
  for (let start = 0; start < DOCS; start += 2000) {
    const response = await fetch(`${t.lake.url}/v1/lake/import/production`, {
      method: 'POST',
      headers: {authorization: `Bearer ${t.lake.token}`},
      body: lines.slice(start, start + 2000).join('\n'),
    })
    expect(response.status).toBe(200)
  }
})
afterAll(() => t.close())

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (check()) return true
    await new Promise((done) => setTimeout(done, 25))
  }
  return check()
}

const idle = () => {
  const status = t.lake.status()
  return status.handlersRunning === 0 && status.openResponses === 0 && status.http2Streams === 0
}

/** An HTTP/1.1 export that reads its first chunk and then stops reading. */
function stalledHttp1Export(): Promise<IncomingMessage> {
  return new Promise((done, fail) => {
    const request = get(`${t.lake.url}${exportPath}`, {
      headers: {authorization: `Bearer ${t.lake.token}`},
    })
    request.on('error', () => undefined)
    request.on('response', (response) => {
      response.once('data', () => {
        response.pause()
        done(response)
      })
    })
    setTimeout(() => fail(new Error('no export data')), 5000)
  })
}

function http2Session() {
  return connectHttp2(t.lake.tlsUrl!, {ca: readFileSync(t.lake.certFile!)})
}

/** An HTTP/2 export stream that reads its first chunk and then stops reading. */
function stalledHttp2Export(session: ReturnType<typeof http2Session>) {
  const stream = session.request({
    ':path': exportPath,
    authorization: `Bearer ${t.lake.token}`,
  })
  stream.on('error', () => undefined)
  return new Promise<typeof stream>((done) => {
    stream.once('data', () => {
      stream.pause()
      done(stream)
    })
  })
}

describe('an export whose client leaves under backpressure', () => {
  it('ends over HTTP/1.1 when the client destroys its socket', async () => {
    const response = await stalledHttp1Export()
    // The export is still running, held by a reader that doesn't read: backpressure.
    await new Promise((done) => setTimeout(done, 200))
    expect(t.lake.status().handlersRunning).toBe(1)
    response.socket.destroy()
    expect(await until(idle)).toBe(true)
  })

  it('ends over HTTP/2 when the client resets the stream, and the session keeps working', async () => {
    const session = http2Session()
    try {
      const stream = await stalledHttp2Export(session)
      await new Promise((done) => setTimeout(done, 200))
      expect(t.lake.status().handlersRunning).toBe(1)
      stream.close(h2.NGHTTP2_CANCEL)
      expect(await until(idle)).toBe(true)
      // The same session answers the next request.
      const ping = session.request({':path': `/v${API_VERSION}/ping`})
      let body = ''
      ping.setEncoding('utf8')
      ping.on('data', (chunk) => (body += chunk))
      await new Promise((done) => ping.on('end', done))
      expect(body).toBe('PONG')
    } finally {
      session.destroy()
    }
  })

  it('ends over HTTP/2 when the client drops the whole connection', async () => {
    const sessions = Array.from({length: 4}, http2Session)
    await Promise.all(sessions.map(stalledHttp2Export))
    expect(t.lake.status().handlersRunning).toBe(4)
    for (const session of sessions) session.destroy()
    expect(await until(idle)).toBe(true)
    expect(await until(() => t.lake.status().http2Sessions === 0)).toBe(true)
  })

  it('ends when a reader stalls without leaving, after the idle timeout', async () => {
    const response = await stalledHttp1Export()
    const session = http2Session()
    await stalledHttp2Export(session)
    expect(t.lake.status().handlersRunning).toBe(2)
    // Nothing moves for 1.5 s (the idle limit of this lake): both are closed by the lake.
    expect(await until(idle, 6000)).toBe(true)
    // The client, once it reads again, finds the connection closed before the export's end.
    let bytes = 0
    response.on('data', (chunk: Buffer) => (bytes += chunk.length))
    response.on('error', () => undefined)
    response.resume()
    await new Promise((done) => response.on('close', done))
    expect(response.complete).toBe(false)
    expect(bytes).toBeLessThan(DOCS * 1000)
    session.destroy()
  })

  it('still answers a whole export and queries afterwards', async () => {
    const response = await fetch(`${t.lake.url}${exportPath}`, {
      headers: {authorization: `Bearer ${t.lake.token}`},
    })
    const text = await response.text()
    expect(text.trim().split('\n')).toHaveLength(DOCS)
    expect(await t.client.fetch('count(*[_type == "bulk"])')).toBe(DOCS)
    expect(idle()).toBe(true)
  })
})
