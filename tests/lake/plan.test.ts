import type {ClientPerspective} from '@sanity/client'
import {evaluate, parse} from 'groq-js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Dataset} from '../../lake/dataset.ts'
import type {Doc} from '../../lake/documents.ts'
import {candidates, narrowByIndex} from '../../lake/groq-plan.ts'
import {PUBLISHED} from '../../lake/perspectives.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Subqueries the lake narrows while the query runs (`*[_id in ^.ids]`) must keep the order of `*`
 * in every perspective, including drafts, where an overlaid document keeps its draft's place.
 */
const QUERIES = [
  '*[_type == "list"][0]{"items": *[_id in ^.ids]{_id, name}}',
  '*[_type == "list"][0]{"items": *[_type == "item" && _id in ^.ids]._id}',
  '*[_type == "list"][0]{"items": *[group == ^.group]._id}',
  '*[_type == "list"][0]{"items": *[_type == "item" && group in [^.group, "b"]].name}',
  '*[_type == "item"]{_id, "peers": *[_type == "item" && group == ^.group && _id != ^._id]._id}',
]

const PERSPECTIVES: ClientPerspective[] = ['raw', 'published', 'drafts']

let t: TestLake
let docs: Array<Doc & {_id: string; _type: string}>

beforeAll(async () => {
  t = await startTestLake()
  const tx = t.client.transaction()
  docs = [
    {_id: 'list', _type: 'list', group: 'a', ids: ['zeta', 'alpha', 'mid', 'missing', 'zeta']},
    {_id: 'alpha', _type: 'item', name: 'Alpha', group: 'a'},
    {_id: 'mid', _type: 'item', name: 'Mid', group: 'b'},
    {_id: 'zeta', _type: 'item', name: 'Zeta', group: 'a'},
    {_id: 'drafts.zeta', _type: 'item', name: 'Zeta (draft)', group: 'a'},
    {_id: 'drafts.new', _type: 'item', name: 'New (draft only)', group: 'a'},
  ]
  for (const doc of docs) tx.createOrReplace(doc)
  await tx.commit()
})

afterAll(() => t.close())

describe('run-time narrowing keeps the answer of a full scan', () => {
  for (const perspective of PERSPECTIVES) {
    it.each(QUERIES)(`${perspective}: %s`, async (query) => {
      const view = await t.client.fetch('*', {}, {perspective})
      const viaLake = await t.client.fetch(query, {}, {perspective})
      const inProcess = await (await evaluate(parse(query), {dataset: view})).get()
      expect(viaLake).toEqual(inProcess)
    })
  }
})

// The lake tries groq-js's sync evaluator first; the async one must read the plan the same way.
describe('the async evaluator on a planned query', () => {
  it.each(QUERIES)('%s', async (query) => {
    const dataset = new Dataset('production')
    dataset.load(docs.map((doc) => [doc._id, doc]))
    const view = dataset.view(PUBLISHED, false)
    const lookup = (path: string[], values: unknown[]) =>
      dataset.lookup(PUBLISHED, false, path, values)
    const planned = narrowByIndex(parse(query), {}, lookup)
    const narrowed = await evaluate(planned, {
      dataset: view,
      dereference: ({_ref}) =>
        (candidates(_ref, lookup) as unknown as Doc) ?? dataset.resolve(PUBLISHED, false, _ref),
    })
    const full = await evaluate(parse(query), {dataset: view})
    expect(await narrowed.get()).toEqual(await full.get())
  })
})
