import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Issue cases 3-6 and 8: one validation for every write path (mutations, actions, raw import),
 * every bad input a 4xx in Sanity's error shape with nothing written, `_rev`s never reused, and
 * `autoGenerateArrayKeys` keys inside documents only.
 */
let t: TestLake

beforeAll(async () => {
  t = await startTestLake()
  await t.client.createOrReplace({_id: 'base', _type: 'thing', title: 'Base'})
})
afterAll(() => t.close())

const BAD_IDS = ['../x', '', 'x'.repeat(300), '../../etc/passwd', 'a b', '-x', '.x', 'a..b']

async function send(path: string, body: unknown, init: RequestInit = {}) {
  const response = await fetch(`${t.lake.url}/v${API_VERSION}/${path}`, {
    method: 'POST',
    headers: {authorization: `Bearer ${t.lake.token}`, 'content-type': 'application/json'},
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })
  const text = await response.text()
  let json: {error?: unknown} = {}
  try {
    json = JSON.parse(text)
  } catch {
    // checked by the caller
  }
  return {status: response.status, json}
}

/** A 4xx with Sanity's `{error: ...}` body. */
function expectRefused(answer: {status: number; json: {error?: unknown}}, what: string) {
  expect(answer.status, what).toBeGreaterThanOrEqual(400)
  expect(answer.status, what).toBeLessThan(500)
  expect(answer.json.error, what).toBeDefined()
}

function rawImport(ndjson: string) {
  return fetch(`${t.lake.url}/v1/lake/import/production`, {
    method: 'POST',
    headers: {authorization: `Bearer ${t.lake.token}`},
    body: ndjson,
  })
}

async function count() {
  return (await t.client.fetch('count(*)', {}, {perspective: 'raw'})) as number
}

describe('one validation for every write path', () => {
  it('refuses the same malformed ids through mutations, actions and the raw import', async () => {
    const before = await count()
    for (const id of BAD_IDS) {
      expectRefused(
        await send('data/mutate/production', {mutations: [{create: {_id: id, _type: 'x'}}]}),
        `mutation ${id}`,
      )
      for (const action of [
        {actionType: 'sanity.action.document.create', publishedId: id, attributes: {_type: 'x'}},
        {
          actionType: 'sanity.action.document.create',
          publishedId: 'ok',
          attributes: {_id: id, _type: 'x'},
        },
        {
          actionType: 'sanity.action.document.edit',
          publishedId: id,
          draftId: `drafts.${id}`,
          patch: {set: {a: 1}},
        },
        {actionType: 'sanity.action.document.publish', publishedId: id, draftId: 'drafts.base'},
        {
          actionType: 'sanity.action.document.version.create',
          publishedId: 'base',
          document: {_id: id, _type: 'x'},
        },
      ]) {
        expectRefused(
          await send('data/actions/production', {actions: [action]}),
          `action ${JSON.stringify(action)}`,
        )
      }
      const raw = await rawImport(JSON.stringify({_id: id, _type: 'x'}))
      expect(raw.status, `raw ${id}`).toBe(400)
    }
    expect(await count()).toBe(before)
  })

  it('refuses a missing or empty _type, non-string ids and non-object documents everywhere', async () => {
    for (const doc of [{_id: 'no-type'}, {_id: 'empty-type', _type: ''}, {_id: 42, _type: 'x'}]) {
      expectRefused(
        await send('data/mutate/production', {mutations: [{createOrReplace: doc}]}),
        JSON.stringify(doc),
      )
      expectRefused(
        await send('data/actions/production', {
          actions: [
            {actionType: 'sanity.action.document.create', publishedId: 'p', attributes: doc},
          ],
        }),
        JSON.stringify(doc),
      )
    }
    for (const line of ['null', '42', '"text"', '[1]', '{"_id": "raw-no-type"}']) {
      expect((await rawImport(line)).status, line).toBe(400)
    }
    expect(await t.client.fetch('*[_id in ["no-type", "empty-type", "raw-no-type"]]')).toEqual([])
  })

  it('refuses a patch that removes _type, and an unknown patch operation, without bumping _rev', async () => {
    const {_rev} = (await t.client.getDocument('base'))!
    expectRefused(
      await send('data/mutate/production', {mutations: [{patch: {id: 'base', unset: ['_type']}}]}),
      'unset _type',
    )
    const unknown = await send('data/mutate/production', {
      mutations: [{patch: {id: 'base', explode: {title: 'x'}}}],
    })
    expect(unknown).toMatchObject({status: 400, json: {error: {type: 'mutationError'}}})
    expect((await t.client.getDocument('base'))!._rev).toBe(_rev)
  })

  it('answers a publish without publishedId with 400, not 500', async () => {
    await t.client.createOrReplace({_id: 'drafts.base', _type: 'thing', title: 'Draft'})
    const answer = await send('data/actions/production', {
      actions: [{actionType: 'sanity.action.document.publish', draftId: 'drafts.base'}],
    })
    expect(answer.status).toBe(400)
  })

  it('answers malformed bodies, paths and nesting with 4xx', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expectRefused(
      await send(
        'data/mutate/production',
        `{"mutations": [{"create": {"_type": "x", "a": ${deep}}}]}`,
      ),
      'deep',
    )
    expectRefused(
      await send('data/query/production', `{"query": "*", "params": {"a": ${deep}}}`),
      'deep params',
    )
    const deepQuery = `${'('.repeat(50_000)}1${')'.repeat(50_000)}`
    expectRefused(await send('data/query/production', {query: deepQuery}), 'deep query')
    expectRefused(await send('users/me/keyvalue', '{nope', {method: 'PUT'}), 'keyvalue json')
    expectRefused(
      await send('users/me/keyvalue', '[{"value": 1}]', {method: 'PUT'}),
      'keyvalue key',
    )
    expectRefused(await send('users/me/keyvalue', 'null', {method: 'PUT'}), 'keyvalue null')
    const escape = await fetch(`${t.lake.url}/v${API_VERSION}/data/doc/production/%E0%A4%A`, {
      headers: {authorization: `Bearer ${t.lake.token}`},
    })
    expect(escape.status).toBe(400)
    expect(await count()).toBeGreaterThan(0)
  })
})

describe('revisions', () => {
  it('refuses a reused transactionId, so a stale ifRevisionID can match only once', async () => {
    await t.client.createOrReplace({_id: 'cas', _type: 'thing', n: 0})
    const {_rev: stale} = (await t.client.getDocument('cas'))!
    const patch = (n: number, transactionId: string) =>
      send('data/mutate/production', {
        transactionId,
        mutations: [{patch: {id: 'cas', ifRevisionID: stale, set: {n}}}],
      })
    expect((await patch(1, 'same-tx')).status).toBe(200)
    const second = await patch(2, 'same-tx')
    expect(second.status).toBe(409)
    expect((await patch(3, 'other-tx')).status).toBe(409)
    expect(await t.client.fetch('*[_id == "cas"][0].n')).toBe(1)
    // Also through the Actions API, and ids that could not be a revision are refused outright.
    const action = await send('data/actions/production', {
      transactionId: 'same-tx',
      actions: [
        {
          actionType: 'sanity.action.document.create',
          publishedId: 'new-one',
          attributes: {_type: 'x'},
        },
      ],
    })
    expect(action.status).toBe(409)
    expect(
      (await send('data/mutate/production', {transactionId: 'a b', mutations: []})).status,
    ).toBe(400)
  })
})

describe('autoGenerateArrayKeys', () => {
  it('adds keys to objects in the arrays of documents and patch values, not to the mutations', async () => {
    const answer = await send('data/mutate/production?autoGenerateArrayKeys=true&returnIds=true', {
      mutations: [
        {
          createOrReplace: {
            _id: 'keyed',
            _type: 'thing',
            list: [{a: 1}, {_key: 'kept', a: 2}],
            tags: ['x'],
          },
        },
        {
          patch: {
            id: 'keyed',
            setIfMissing: {more: []},
            insert: {after: 'list[-1]', items: [{a: 3}]},
          },
        },
        {patch: {id: 'keyed', set: {nested: {rows: [{b: 1}]}}}},
      ],
    })
    expect(answer.status).toBe(200)
    const doc = (await t.client.getDocument('keyed'))!
    const list = doc.list as Array<{_key?: string; a: number}>
    expect(list.map((item) => item.a)).toEqual([1, 2, 3])
    expect(list.every((item) => typeof item._key === 'string' && item._key.length > 0)).toBe(true)
    expect(list[1]._key).toBe('kept')
    expect((doc.nested as {rows: Array<{_key?: string}>}).rows[0]._key).toBeTruthy()
    expect(doc.tags).toEqual(['x'])
    expect(doc).not.toHaveProperty('_key')
  })
})
