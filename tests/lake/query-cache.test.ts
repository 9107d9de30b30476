import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {QueryCache} from '../../lake/query-cache.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Repeated queries are answered from answers kept until the dataset's next write: a site never
 * sees an answer older than a write acknowledged before it asked, nor another reader's answer.
 */
let t: TestLake

beforeAll(async () => {
  t = await startTestLake()
  await t.client.createOrReplace({_id: 'page-1', _type: 'page', title: 'First'})
})
afterAll(() => t.close())

const PAGE = '*[_type == "page" && _id == $id][0]{title}'

describe('kept query answers', () => {
  it('answers a repeated query from the cache and the next write replaces it', async () => {
    const {cache} = t.lake.queries
    expect(await t.client.fetch(PAGE, {id: 'page-1'})).toEqual({title: 'First'})
    const hits = cache.hits
    expect(await t.client.fetch(PAGE, {id: 'page-1'})).toEqual({title: 'First'})
    expect(cache.hits).toBe(hits + 1)

    await t.client.patch('page-1').set({title: 'Second'}).commit()
    expect(await t.client.fetch(PAGE, {id: 'page-1'})).toEqual({title: 'Second'})
    await t.client.delete('page-1')
    expect(await t.client.fetch(PAGE, {id: 'page-1'})).toBeNull()
    await t.client.createOrReplace({_id: 'page-1', _type: 'page', title: 'First'})
  })

  it('keeps answers apart by parameters, perspective and reader', async () => {
    await t.client.createOrReplace({_id: 'drafts.page-1', _type: 'page', title: 'Draft title'})
    const published = await t.client.fetch(PAGE, {id: 'page-1'}, {perspective: 'published'})
    const drafts = await t.client.fetch(PAGE, {id: 'page-1'}, {perspective: 'drafts'})
    expect(published).toEqual({title: 'First'})
    expect(drafts).toEqual({title: 'Draft title'})
    expect(await t.client.fetch(PAGE, {id: 'page-2'})).toBeNull()

    // A token holder's raw answer includes the draft; the same query without the token must not.
    const all = '*[_type == "page"]{_id}'
    expect(await t.client.fetch(all, {}, {perspective: 'raw'})).toHaveLength(2)
    expect(await t.anonClient.fetch(all, {}, {perspective: 'raw'})).toEqual([{_id: 'page-1'}])
    await t.client.delete('drafts.page-1')
  })

  it('never keeps an answer that reads the clock', async () => {
    const first = await t.client.fetch('now()')
    await new Promise((done) => setTimeout(done, 20))
    expect(await t.client.fetch('now()')).not.toBe(first)
  })

  it('answers identical queries arriving together with one evaluation', async () => {
    const {cache} = t.lake.queries
    await t.client.createOrReplace({_id: 'page-3', _type: 'page', title: 'Third'})
    const misses = cache.misses
    const answers = await Promise.all(
      Array.from({length: 20}, () => t.client.fetch(PAGE, {id: 'page-3'})),
    )
    expect(answers.every((answer) => answer.title === 'Third')).toBe(true)
    // Every request looked in the cache; at most the first few found no answer and joined one.
    expect(cache.misses - misses).toBeGreaterThan(0)
    expect(cache.hits).toBeGreaterThan(0)
  })
})

describe('QueryCache', () => {
  it('drops an answer computed while a write landed', () => {
    const cache = new QueryCache(1024 * 1024)
    const epoch = cache.epoch('production')
    cache.changed('production')
    cache.set('production', 'q', epoch, '"stale"')
    expect(cache.get('production', 'q')).toBeUndefined()
    cache.set('production', 'q', cache.epoch('production'), '"fresh"')
    expect(cache.get('production', 'q')).toBe('"fresh"')
  })

  it('holds at most its byte budget, least recently used dropped first', () => {
    const cache = new QueryCache(16 * 100)
    const epoch = cache.epoch('d')
    for (let i = 0; i < 40; i++) cache.set('d', `q${i}`, epoch, 'x'.repeat(90))
    expect(cache.get('d', 'q0')).toBeUndefined()
    expect(cache.get('d', 'q39')).toBe('x'.repeat(90))
    const kept = Array.from({length: 40}, (_, i) => cache.get('d', `q${i}`)).filter(Boolean)
    expect(kept.length * 90).toBeLessThanOrEqual(16 * 100)
  })

  it('keeps nothing when switched off', () => {
    const cache = new QueryCache(0)
    expect(cache.cacheable('*[_type == "page"]')).toBe(false)
  })
})
