import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Careless and hostile input to every route that takes input: each is refused with a 4xx in
 * Sanity's error shape, never a 500, and nothing is written. Found by sending each route the
 * malformed values below; the ones marked "was" succeeded or crashed before.
 */
let t: TestLake
const V = `/v${API_VERSION}`

beforeAll(async () => {
  t = await startTestLake({limits: {maxBodyBytes: 256 * 1024}})
  await t.client.createOrReplace({_id: 'a', _type: 'x', tags: ['q'], n: 1})
})
afterAll(() => t.close())

const mutate = (mutation: unknown) => JSON.stringify({mutations: [mutation]})
const action = (body: Record<string, unknown>) => JSON.stringify({actions: [body]})
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)

const CASES: Array<[string, string, string, string?]> = [
  // [why, method, path, body]
  ['patch that is null (was a 500)', 'POST', `${V}/data/mutate/production`, mutate({patch: null})],
  [
    'set that is null (was a silent no-op)',
    'POST',
    `${V}/data/mutate/production`,
    mutate({patch: {id: 'a', set: null}}),
  ],
  [
    'insert of items that are no array (was stored)',
    'POST',
    `${V}/data/mutate/production`,
    mutate({patch: {id: 'a', insert: {after: 'tags[0]', items: 5}}}),
  ],
  [
    'insert without a position (was a no-op)',
    'POST',
    `${V}/data/mutate/production`,
    mutate({patch: {id: 'a', insert: {items: [1]}}}),
  ],
  [
    'inc by a string (stored null)',
    'POST',
    `${V}/data/mutate/production`,
    mutate({patch: {id: 'a', inc: {n: 'x'}}}),
  ],
  [
    'unset of a string',
    'POST',
    `${V}/data/mutate/production`,
    mutate({patch: {id: 'a', unset: 'tags'}}),
  ],
  [
    'ifRevisionID that is no string',
    'POST',
    `${V}/data/mutate/production`,
    mutate({patch: {id: 'a', ifRevisionID: 5, set: {n: 2}}}),
  ],
  ['mutations that are no array', 'POST', `${V}/data/mutate/production`, '{"mutations": {}}'],
  ['a create of an array', 'POST', `${V}/data/mutate/production`, mutate({create: []})],
  ['a delete by an id list', 'POST', `${V}/data/mutate/production`, mutate({delete: {id: ['a']}})],
  [
    'a delete by a broken query',
    'POST',
    `${V}/data/mutate/production`,
    mutate({delete: {query: '*['}}),
  ],
  [
    'a transactionId that is an object',
    'POST',
    `${V}/data/mutate/production`,
    '{"transactionId": {"a": 1}, "mutations": []}',
  ],
  ['a body that is not JSON', 'POST', `${V}/data/mutate/production`, '{"mutations": ['],
  [
    'a body nested past the depth limit',
    'POST',
    `${V}/data/query/production`,
    `{"query": "*", "params": {"a": ${deep(3000)}}}`,
  ],
  [
    'an edit action without a patch (was a silent no-op)',
    'POST',
    `${V}/data/actions/production`,
    action({actionType: 'sanity.action.document.edit', publishedId: 'a', patch: null}),
  ],
  [
    'an edit action whose set is a number (was a no-op)',
    'POST',
    `${V}/data/actions/production`,
    action({actionType: 'sanity.action.document.edit', publishedId: 'a', patch: {set: 5}}),
  ],
  [
    'a delete action with a malformed draft id (was accepted)',
    'POST',
    `${V}/data/actions/production`,
    action({
      actionType: 'sanity.action.document.delete',
      publishedId: 'a',
      includeDrafts: ['../x'],
    }),
  ],
  ['an action that is a number', 'POST', `${V}/data/actions/production`, '{"actions": [1]}'],
  ['an unknown action', 'POST', `${V}/data/actions/production`, action({actionType: 'nope'})],
  [
    'a release id that is an object',
    'POST',
    `${V}/data/actions/production`,
    action({actionType: 'sanity.action.release.create', releaseId: {}}),
  ],
  ['a query body that is an array', 'POST', `${V}/data/query/production`, '[]'],
  ['a query that is a number', 'POST', `${V}/data/query/production`, '{"query": 5}'],
  [
    'params that are an array',
    'POST',
    `${V}/data/query/production`,
    '{"query": "*", "params": [1]}',
  ],
  ['a GET query without a query', 'GET', `${V}/data/query/production`],
  ['a parameter that is not JSON', 'GET', `${V}/data/query/production?query=*&$a=%7B`],
  [
    'a perspective that mixes raw',
    'GET',
    `${V}/data/query/production?query=*&perspective=raw,drafts`,
  ],
  ['a listener with a broken filter', 'GET', `${V}/data/listen/production?query=*%5B`],
  [
    'a listener filter nested past any stack',
    'GET',
    `${V}/data/listen/production?query=${encodeURIComponent(`*[${'('.repeat(3000)}1${')'.repeat(3000)}]`)}`,
  ],
  [
    'an API version that is no date (was accepted)',
    'GET',
    `/v2025-13-45/data/query/production?query=*`,
  ],
  [
    'an API version of twenty digits (was accepted)',
    'GET',
    `/v99999999999999999999/data/query/production?query=*`,
  ],
  ['a bad %-escape in an id', 'GET', `${V}/data/doc/production/%E0%A4%A`],
  ['a dataset name Sanity refuses', 'PUT', `${V}/projects/local/datasets/A!`],
  ['a dataset that does not exist', 'GET', `${V}/data/export/nope`],
  ['key-value entries without keys', 'PUT', `${V}/users/me/keyvalue`, '[{"value": 1}]'],
  [
    'more key-value entries than the Studio ever sends (was unbounded)',
    'PUT',
    `${V}/users/me/keyvalue`,
    JSON.stringify(Array.from({length: 101}, (_, i) => ({key: `k${i}`, value: i}))),
  ],
  [
    'a key-value entry of 100 KB (was bounded only by the body limit)',
    'PUT',
    `${V}/users/me/keyvalue`,
    JSON.stringify({key: 'k', value: 'x'.repeat(100_000)}),
  ],
  [
    'a raw import line that is no document',
    'POST',
    '/v1/lake/import/production',
    '{"_id": "ok", "_type": "x"}\n42',
  ],
  [
    'a references lookup of a malformed id',
    'GET',
    `${V}/data/references/production/documents/..%2Fx/to`,
  ],
]

describe('every route refuses malformed input with a 4xx in Sanity’s shape', () => {
  it.each(CASES)('%s', async (_why, method, path, body) => {
    const before = await t.client.fetch('*[_id == "a"][0]{_rev, "all": count(*)}')
    const response = await fetch(`${t.lake.url}${path}`, {
      method,
      body,
      headers: {authorization: `Bearer ${t.lake.token}`, 'content-type': 'application/json'},
    })
    const answer = (await response.json()) as {error?: unknown}
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(answer.error).toBeTruthy()
    // Nothing written: the document's revision and the number of documents are unchanged.
    expect(await t.client.fetch('*[_id == "a"][0]{_rev, "all": count(*)}')).toEqual(before)
  })

  it('still answers well-formed requests afterwards', async () => {
    await t.client.patch('a').inc({n: 1}).insert('after', 'tags[-1]', ['r']).commit()
    expect(await t.client.getDocument('a')).toMatchObject({n: 2, tags: ['q', 'r']})
  })
})
