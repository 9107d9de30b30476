import type {ClientPerspective} from '@sanity/client'
import {evaluate, parse} from 'groq-js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

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

beforeAll(async () => {
  t = await startTestLake()
  const tx = t.client.transaction()
  const docs: Array<{_id: string; _type: string; [field: string]: unknown}> = [
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
