import {readFileSync} from 'node:fs'
import {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  connect as connectHttp2,
  type IncomingHttpHeaders,
} from 'node:http2'
import {connect as connectTls} from 'node:tls'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * The Studio-facing HTTP/2 listener has the HTTP/1.1 listener's protections: idle sessions and
 * streams are closed, bodies and headers must arrive in time, a session may hold only so many
 * streams, and oversized headers get a 431 that says why. Clients here trickle, stall and hoard.
 */
let tight: TestLake
let streams: TestLake

beforeAll(async () => {
  ;[tight, streams] = await Promise.all([
    startTestLake({
      tlsPort: 0,
      limits: {requestTimeoutMs: 1500, headersTimeoutMs: 1000, idleTimeoutMs: 2000},
    }),
    startTestLake({tlsPort: 0, limits: {maxConcurrentStreams: 4}}),
  ])
})
afterAll(() => Promise.all([tight.close(), streams.close()]))

function session(t: TestLake): ClientHttp2Session {
  const client = connectHttp2(t.lake.tlsUrl!, {ca: readFileSync(t.lake.certFile!)})
  client.on('error', () => undefined)
  return client
}

interface Answer {
  status?: number
  body: string
  closedBy?: number
}

/** Everything a stream receives until it closes: status, body and the reset code if any. */
function answerOf(stream: ClientHttp2Stream): Promise<Answer> {
  const answer: Answer = {body: ''}
  stream.on(
    'response',
    (headers: IncomingHttpHeaders) => (answer.status = Number(headers[':status'])),
  )
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => (answer.body += chunk))
  stream.on('error', () => undefined)
  return new Promise((done) =>
    stream.on('close', () => done({...answer, closedBy: stream.rstCode})),
  )
}

const auth = (t: TestLake) => ({authorization: `Bearer ${t.lake.token}`})

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (check()) return true
    await new Promise((done) => setTimeout(done, 25))
  }
  return check()
}

describe('HTTP/2 timeouts', () => {
  it('answers 408 to a body that trickles in past the request timeout', async () => {
    const client = session(tight)
    try {
      const started = Date.now()
      const stream = client.request({
        ':method': 'POST',
        ':path': `/v${API_VERSION}/data/mutate/production`,
        'content-type': 'application/json',
        ...auth(tight),
      })
      const answer = answerOf(stream)
      // One byte every 300 ms: never silent long enough for the idle timeout, never done.
      const trickle = setInterval(() => !stream.closed && stream.write('{'), 300)
      const {status, body} = await answer
      clearInterval(trickle)
      expect(status).toBe(408)
      expect(JSON.parse(body).error.description).toMatch(/did not arrive within 1500 ms/)
      expect(Date.now() - started).toBeLessThan(4000)
      expect(await until(() => tight.lake.status().http2Streams === 0)).toBe(true)
    } finally {
      client.destroy()
    }
  })

  it('closes a session that opens no stream within the headers timeout', async () => {
    const client = session(tight)
    const started = Date.now()
    await new Promise((done) => client.on('close', done))
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('closes a session that stays silent for the idle timeout after its requests', async () => {
    const client = session(tight)
    const ping = await answerOf(client.request({':path': `/v${API_VERSION}/ping`}))
    expect(ping).toMatchObject({status: 200, body: 'PONG'})
    const started = Date.now()
    await new Promise((done) => client.on('close', done))
    // Idle for 2 s since its last frame (a moment before the answer was read here).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('resets a stream whose client keeps it open after the answer (a GET that never ends)', async () => {
    const client = session(tight)
    try {
      const stream = client.request({':path': `/v${API_VERSION}/ping`}, {endStream: false})
      const answer = await answerOf(stream)
      expect(answer).toMatchObject({status: 200, body: 'PONG', closedBy: 0})
      expect(await until(() => tight.lake.status().http2Streams === 0, 1000)).toBe(true)
    } finally {
      client.destroy()
    }
  })

  it('closes an HTTP/1.1 connection on the TLS port whose headers trickle past the headers timeout', async () => {
    const socket = connectTls({
      port: tight.lake.tlsPort!,
      host: '127.0.0.1',
      servername: 'localhost',
      ca: readFileSync(tight.lake.certFile!),
      ALPNProtocols: ['http/1.1'],
    })
    socket.on('error', () => undefined)
    await new Promise((done) => socket.once('secureConnect', done))
    expect(socket.alpnProtocol).toBe('http/1.1')
    const started = Date.now()
    socket.write(`GET /v${API_VERSION}/ping HTTP/1.1\r\nhost: localhost\r\n`)
    const trickle = setInterval(() => socket.writable && socket.write('x-slow: 1\r\n'), 200)
    let text = ''
    socket.on('data', (chunk) => (text += chunk))
    await new Promise((done) => socket.on('close', done))
    clearInterval(trickle)
    expect(text).toMatch(/^HTTP\/1\.1 408/)
    expect(Date.now() - started).toBeLessThan(4000)
  })
})

describe('HTTP/2 stream and header limits', () => {
  it('lets one session hold no more streams than the limit, and the next one in when one closes', async () => {
    const client = session(streams)
    try {
      await new Promise((done) => client.on('remoteSettings', done))
      expect(client.remoteSettings.maxConcurrentStreams).toBe(4)
      const listens = Array.from({length: 6}, () =>
        client.request({
          ':path': `/v${API_VERSION}/data/listen/production?query=${encodeURIComponent('*')}`,
          ...auth(streams),
        }),
      )
      const answered = listens.map(() => false)
      listens.forEach((stream, i) => {
        stream.on('error', () => undefined)
        stream.on('response', () => (answered[i] = true))
      })
      expect(await until(() => answered.filter(Boolean).length === 4)).toBe(true)
      await new Promise((done) => setTimeout(done, 300))
      expect(answered.filter(Boolean)).toHaveLength(4)
      expect(streams.lake.status().http2Streams).toBe(4)
      listens[answered.indexOf(true)].close()
      expect(await until(() => answered.filter(Boolean).length === 5)).toBe(true)
      expect(streams.lake.status().http2Streams).toBeLessThanOrEqual(4)
      for (const stream of listens) stream.close()
    } finally {
      client.destroy()
    }
  })

  it('answers oversized request headers with a 431 that says to POST, and keeps the session', async () => {
    const client = session(streams)
    try {
      const query = encodeURIComponent(`*[_id == "${'x'.repeat(20_000)}"]`)
      const big = await answerOf(
        client.request({':path': `/v${API_VERSION}/data/query/production?query=${query}`}),
      )
      expect(big.status).toBe(431)
      expect(JSON.parse(big.body).error.description).toMatch(/POST/)
      const ping = await answerOf(client.request({':path': `/v${API_VERSION}/ping`}))
      expect(ping).toMatchObject({status: 200, body: 'PONG'})
    } finally {
      client.destroy()
    }
  })
})
