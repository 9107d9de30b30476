import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Issue case 1: every query has a time and memory budget it can't escape (sliced, parameter and
 * derived arrays included), anonymous queries a stricter one, and a runaway query never holds up
 * other requests while it runs.
 */
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({
    limits: {
      queryTimeoutMs: 8000,
      anonymousQueryTimeoutMs: 300,
      queryMemoryMb: 48,
      anonymousQueryMemoryMb: 48,
    },
  })
  const docs = Array.from({length: 4000}, (_, n) => ({_id: `n${n}`, _type: 'num', n}))
  const response = await fetch(`${t.lake.url}/v1/lake/import/production`, {
    method: 'POST',
    headers: {authorization: `Bearer ${t.lake.token}`},
    body: docs.map((doc) => JSON.stringify(doc)).join('\n'),
  })
  expect(response.status).toBe(200)
  await t.lake.queries.ready()
})
afterAll(() => t.close())

async function query(q: string, params: Record<string, unknown> = {}, token?: string) {
  const started = performance.now()
  const response = await fetch(`${t.lake.url}/v${API_VERSION}/data/query/production`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? {authorization: `Bearer ${token}`} : {}),
    },
    body: JSON.stringify({query: q, params}),
  })
  const body = (await response.json()) as {result?: unknown; error?: {type?: string}}
  return {status: response.status, body, ms: performance.now() - started}
}

describe('query budgets', () => {
  it('stops a quadratic query over sliced arrays at the anonymous time limit', async () => {
    const runaway = await query('*[0...20000][count(*[0...20000][n > ^.n]) > 0]._id')
    expect(runaway.status).toBe(408)
    expect(runaway.body.error?.type).toBe('httpRequestTimeout')
    expect(runaway.ms).toBeLessThan(4000)
  })

  it('stops a quadratic query over a parameter array', async () => {
    const a = Array.from({length: 12_000}, (_, i) => i)
    const runaway = await query('count($a[count($a[@ > ^]) > 0])', {a})
    expect(runaway.status).toBe(408)
  })

  it('gives token holders the longer budget the same query fits in', async () => {
    const q = 'count(*[0...1000][count(*[0...1000][n > ^.n]) > 0])'
    expect((await query(q)).status).toBe(408)
    const withToken = await query(q, {}, t.lake.token)
    expect(withToken.status).toBe(200)
    expect(withToken.body.result).toBe(999)
  })

  it('stops a query that allocates more than its memory budget, long before its time is up', async () => {
    const hungry = await query('*[0...4000]{"all": *[0...4000]{...}}', {}, t.lake.token)
    expect(hungry.status).toBe(400)
    expect(hungry.body.error?.type).toBe('httpBadRequest')
  })

  it('keeps answering other requests while a runaway query runs', async () => {
    // A token holder's runaway: its budget (8 s) outlasts the requests made beside it.
    await t.lake.queries.ready()
    const controller = new AbortController()
    const runaway = fetch(`${t.lake.url}/v${API_VERSION}/data/query/production`, {
      method: 'POST',
      signal: controller.signal,
      headers: {'content-type': 'application/json', authorization: `Bearer ${t.lake.token}`},
      body: JSON.stringify({query: '*[0...20001][count(*[0...20000][n > ^.n]) > 0]._id'}),
    }).catch(() => undefined)
    await new Promise((done) => setTimeout(done, 200))
    const slowest: number[] = []
    for (let i = 0; i < 20; i++) {
      const answer = await query('*[_id == $id][0].n', {id: `n${i}`}, t.lake.token)
      expect(answer, `request ${i}`).toMatchObject({status: 200, body: {result: i}})
      slowest.push(answer.ms)
    }
    const write = performance.now()
    await t.client.createOrReplace({_id: 'written-meanwhile', _type: 'num', n: -1})
    // Not a benchmark (that is `npm run bench -- lake`): only "not stuck behind the runaway",
    // which would take its whole 8 s budget, with room for a busy machine.
    expect(Math.max(...slowest, performance.now() - write)).toBeLessThan(3000)
    controller.abort()
    await runaway
    expect(await query('count(*[_type == "num"])', {}, t.lake.token)).toMatchObject({
      status: 200,
      body: {result: 4001},
    })
  })
})
