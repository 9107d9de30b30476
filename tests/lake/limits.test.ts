import {request} from 'node:http'
import {connect} from 'node:net'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {CHANGED_SINCE_REVIEW} from '../../studio/lib/queries.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Issue cases 1 (listener filters) and 2 (memory): listeners are bounded in number, in what their
 * filter may cost and in what they may leave unread; request bodies, documents and slow requests
 * are bounded too, and every refusal is a 4xx in Sanity's error shape.
 */
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({
    limits: {
      maxListeners: 4,
      maxAnonymousListeners: 2,
      listenerBufferBytes: 256 * 1024,
      maxBodyBytes: 1024 * 1024,
      maxConcurrentBodyBytes: 1536 * 1024,
      maxDocumentBytes: 200 * 1024,
      // Longer than any socket of this file sits idle between requests: Node's HTTP/1.1 request
      // timer answered one POST on a reused keep-alive socket 408 at once when it was 1.5 s (once in
      // five full runs); with the defaults the keep-alive timeout equals the request timeout.
      requestTimeoutMs: 8000,
    },
  })
})
afterAll(() => t.close())

const listenUrl = (query: string, params: Record<string, unknown> = {}) => {
  const search = new URLSearchParams({query})
  for (const [key, value] of Object.entries(params)) search.set(`$${key}`, JSON.stringify(value))
  return `${t.lake.url}/v${API_VERSION}/data/listen/production?${search}`
}

async function errorOf(response: Response) {
  return {status: response.status, body: (await response.json()) as {error?: {type?: string}}}
}

describe('listener filters', () => {
  it('refuses filters that nest array traversals, which no budget could bound', async () => {
    for (const query of [
      '*[count($a[count($a[@ > ^]) > 0]) > 0]',
      '*[count(tags[count(tags[@ == "x"]) > 0]) > 0]',
      '*[count(tags[]{"n": count(tags[@ == "x"])}) > 0]',
      'count(*)',
    ]) {
      const {status, body} = await errorOf(await fetch(listenUrl(query, {a: [1, 2]})))
      expect(status, query).toBe(400)
      expect(body.error?.type, query).toBe('queryParseError')
    }
  })

  it("accepts the Studio's listener shapes: a filter with a projection and an ordering, and a bare *", async () => {
    for (const query of [
      '*[_type == "system.release" && _id in path("_.releases.*")]{_id, "metadata": coalesce(metadata, {"title": ""}), ...select(length(error.message) > 0 => {error}, {})} | order(_createdAt desc)',
      '*[_type == "tasks.task"]{...} | order(_createdAt desc)',
      '*',
      '*[_type == "supplementContent.citation" && count(*[references(^._id)]) == 0]',
      // The "Changed since review" list: a projection of each approved entry.
      `*[${CHANGED_SINCE_REVIEW}]`,
    ]) {
      const controller = new AbortController()
      const response = await fetch(listenUrl(query), {
        signal: controller.signal,
        headers: {authorization: `Bearer ${t.lake.token}`},
      })
      expect(response.status, query).toBe(200)
      controller.abort()
    }
  })

  it("disconnects a listener whose filter keeps overrunning the per-change budget, with Sanity's channelError", async () => {
    const tight = await startTestLake({limits: {listenerFilterBudgetMs: 1}})
    try {
      const a = Array.from({length: 800}, (_, i) => `v${i}`)
      const events: string[] = []
      const response = await fetch(
        listenUrl('*[count(tags[@ in $a]) > 0 || string::startsWith(_id, "x")]', {a}).replace(
          t.lake.url,
          tight.lake.url,
        ),
      )
      const reader = response.body!.getReader()
      const tags = Array.from({length: 2000}, (_, i) => `tag-${i}`)
      // Two changes in a row over the budget: one alone could be a garbage-collection pause.
      await tight.client.create({_type: 'x', tags})
      await tight.client.create({_type: 'x', tags})
      for (;;) {
        const {done, value} = await reader.read()
        if (done) break
        events.push(Buffer.from(value).toString())
      }
      expect(events.join('')).toMatch(/event: channelError\ndata: .*limit of 1 ms/)
    } finally {
      await tight.close()
    }
  })
})

describe('listener limits and backpressure', () => {
  it('caps open listeners, stricter without the token, and frees a slot when one closes', async () => {
    const open = (token?: string) => {
      const controller = new AbortController()
      const response = fetch(listenUrl('*[_type == "x"]'), {
        signal: controller.signal,
        headers: token ? {authorization: `Bearer ${token}`} : {},
      })
      return {response, close: () => controller.abort()}
    }
    const anon = [open(), open()]
    for (const each of anon) expect((await each.response).status).toBe(200)
    const third = await errorOf(await open().response)
    expect(third).toMatchObject({status: 429, body: {error: {type: 'httpTooManyRequests'}}})
    const withToken = [open(t.lake.token), open(t.lake.token)]
    for (const each of withToken) expect((await each.response).status).toBe(200)
    expect((await open(t.lake.token).response).status).toBe(429)
    anon[0].close()
    await new Promise((done) => setTimeout(done, 100))
    const again = open()
    expect((await again.response).status).toBe(200)
    for (const each of [...anon, ...withToken, again]) each.close()
  })

  it('disconnects a subscriber that stops reading once it is too far behind', async () => {
    await new Promise((done) => setTimeout(done, 100))
    const url = new URL(listenUrl('*[_type == "big"]'))
    let received = ''
    let ended = false
    const paused = await new Promise<import('node:http').IncomingMessage>((done) => {
      request(url, {headers: {authorization: `Bearer ${t.lake.token}`}}, done).end()
    })
    paused.pause()
    paused.on('data', (chunk) => (received += chunk))
    paused.on('end', () => (ended = true))
    paused.on('close', () => (ended = true))
    const text = 'x'.repeat(190 * 1024)
    // Well past what the kernel's socket buffers and the listener's allowance take together.
    for (let i = 0; i < 10; i++) {
      const tx = t.client.transaction()
      for (let j = 0; j < 4; j++) tx.create({_type: 'big', text})
      await tx.commit()
    }
    paused.resume()
    for (let i = 0; i < 50 && !ended; i++) await new Promise((done) => setTimeout(done, 100))
    expect(ended).toBe(true)
    expect(received).toContain('event: welcome')
    expect(received).toMatch(/event: disconnect\ndata: \{"reason":"the listener fell more than/)
    expect(received.split('event: mutation').length - 1).toBeLessThan(40)
  })
})

describe('request and document limits', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.lake.url}/v${API_VERSION}/data/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.lake.token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    })

  it('refuses a body over the per-request limit with 413', async () => {
    const body = JSON.stringify({
      mutations: [{create: {_type: 'x', text: 'x'.repeat(1100 * 1024)}}],
    })
    expect(await errorOf(await post('mutate/production', body))).toMatchObject({
      status: 413,
      body: {error: {type: 'httpPayloadTooLarge'}},
    })
  })

  it('refuses a document over the size limit on every write path, storing nothing', async () => {
    const doc = {_id: 'too-big', _type: 'x', text: 'x'.repeat(300 * 1024)}
    const mutate = await post('mutate/production', JSON.stringify({mutations: [{create: doc}]}))
    expect(mutate.status).toBe(413)
    const action = await post(
      'actions/production',
      JSON.stringify({
        actions: [
          {actionType: 'sanity.action.document.create', publishedId: 'too-big', attributes: doc},
        ],
      }),
    )
    expect(action.status).toBe(413)
    const raw = await fetch(`${t.lake.url}/v1/lake/import/production`, {
      method: 'POST',
      headers: {authorization: `Bearer ${t.lake.token}`},
      body: JSON.stringify(doc),
    })
    expect(raw.status).toBe(413)
    expect(await t.client.fetch('count(*[_id in ["too-big", "drafts.too-big"]])')).toBe(0)
  })

  it('bounds the bytes of all bodies being received at once', async () => {
    const chunk = 'x'.repeat(800 * 1024)
    const started = rawPost('/v1/data/mutate/production', 1000 * 1024)
    started.write(chunk)
    await new Promise((done) => setTimeout(done, 200))
    const second = rawPost('/v1/data/mutate/production', 1000 * 1024)
    second.write(chunk)
    const answer = await second.answer
    expect(answer).toMatch(/^HTTP\/1\.1 503/)
    expect(answer).toContain('httpServiceUnavailable')
    started.end()
    second.end()
    await started.answer
    // Bytes of refused and abandoned bodies are released: a body as large fits again.
    const fits = JSON.stringify({mutations: [{create: {_type: 'x', text: 'x'.repeat(150_000)}}]})
    expect((await post('mutate/production', fits)).status).toBe(200)
  })

  it('answers 408 to a body that trickles in past the request timeout', async () => {
    const slow = rawPost('/v1/data/mutate/production', 1000)
    slow.write('{"mutations": [')
    expect(await slow.answer).toMatch(/^HTTP\/1\.1 408[\s\S]*httpRequestTimeout/)
  })

  it('explains a GET over the 16 KB header limit in the body instead of answering empty', async () => {
    const response = await fetch(
      `${t.lake.url}/v${API_VERSION}/data/query/production?query=${'x'.repeat(20_000)}`,
    )
    expect(response.status).toBe(431)
    expect(((await response.json()) as {error: {description: string}}).error.description).toMatch(
      /POST/,
    )
  })
})

/** A POST written by hand, so a test can send part of a body and wait. */
function rawPost(path: string, contentLength: number) {
  const socket = connect(t.lake.port, '127.0.0.1')
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${t.lake.token}\r\n` +
      `content-type: application/json\r\ncontent-length: ${contentLength}\r\n\r\n`,
  )
  let text = ''
  const answer = new Promise<string>((done) => {
    socket.on('data', (data) => {
      text += data
      if (/\r\n\r\n[\s\S]*\}/.test(text)) done(text)
    })
    socket.on('close', () => done(text))
    socket.on('error', () => done(text))
  })
  return {
    write: (data: string) => socket.write(data),
    end: () => socket.end(),
    answer,
  }
}
