import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from './start-test-lake.ts'

let t: TestLake
let client: SanityClient

beforeAll(async () => {
  t = await startTestLake()
  client = t.client
  await client
    .transaction()
    .createOrReplace({_id: 'brand-a', _type: 'brand', name: 'Acme'})
    .createOrReplace({
      _id: 'vitd',
      _type: 'supplementContent.supplement',
      name: 'Vitamin D3',
      slug: {current: 'vitamin-d3'},
      brand: {_type: 'reference', _ref: 'brand-a'},
      doses: [{_key: 'k1', value: 1000}],
    })
    .createOrReplace({
      _id: 'drafts.vitd',
      _type: 'supplementContent.supplement',
      name: 'Vitamin D3 (draft)',
    })
    .commit()
})

afterAll(() => t.close())

describe('query', () => {
  it('answers with result, ms and query, with $params', async () => {
    const response = await client.fetch(
      '*[_type == $type && slug.current == $slug][0]{name, "brand": brand->name}',
      {type: 'supplementContent.supplement', slug: 'vitamin-d3'},
      {filterResponse: false},
    )
    expect(response.result).toEqual({name: 'Vitamin D3', brand: 'Acme'})
    expect(typeof response.ms).toBe('number')
    expect(response.query).toContain('slug.current')
  })

  it('sends long queries as POST', async () => {
    const padding = ' '.repeat(12_000)
    expect(await client.fetch(`count(*[_type == "brand"])${padding}`)).toBe(1)
  })

  it('applies perspectives: published, drafts, raw', async () => {
    const query = '*[_id in ["vitd", "drafts.vitd"]]{_id, name, _originalId}'
    expect(await client.fetch(query, {}, {perspective: 'published'})).toEqual([
      {_id: 'vitd', name: 'Vitamin D3', _originalId: null},
    ])
    const drafts = await client.fetch(
      '*[_type == "supplementContent.supplement"]{_id, name, _originalId}',
      {},
      {perspective: 'drafts'},
    )
    expect(drafts).toEqual([{_id: 'vitd', name: 'Vitamin D3 (draft)', _originalId: 'drafts.vitd'}])
    expect(await client.fetch(query, {}, {perspective: 'raw'})).toHaveLength(2)
  })

  it('stacks a release over drafts and published', async () => {
    await client.createOrReplace({
      _id: 'versions.r1.vitd',
      _type: 'supplementContent.supplement',
      name: 'Vitamin D3 (r1)',
    })
    const names = (perspective: string[]) =>
      client.fetch('*[_id == "vitd"][0].name', {}, {perspective: perspective as never})
    expect(await names(['r1', 'drafts'])).toBe('Vitamin D3 (r1)')
    expect(await names(['drafts'])).toBe('Vitamin D3 (draft)')
    await client.delete('versions.r1.vitd')
  })

  it('shows anonymous readers published documents only', async () => {
    expect(
      await t.anonClient.fetch(
        'count(*[_type == "supplementContent.supplement"])',
        {},
        {perspective: 'raw'},
      ),
    ).toBe(1)
    await expect(t.anonClient.create({_type: 'brand', name: 'x'})).rejects.toMatchObject({
      statusCode: 401,
    })
  })

  it('answers bad GROQ and unknown datasets in Sanity error shape', async () => {
    await expect(client.fetch('*[_type ==')).rejects.toMatchObject({
      statusCode: 400,
      details: {type: 'queryParseError'},
    })
    await expect(client.withConfig({dataset: 'nope'}).fetch('1')).rejects.toMatchObject({
      statusCode: 404,
    })
  })
})

describe('documents and mutations', () => {
  it('gets documents by id', async () => {
    expect(await client.getDocument('vitd')).toMatchObject({name: 'Vitamin D3'})
    expect(await client.getDocuments(['vitd', 'missing'])).toMatchObject([{_id: 'vitd'}, null])
  })

  it('creates with _rev, _createdAt, _updatedAt and refuses a second create', async () => {
    const created = await client.create({
      _id: 'zinc',
      _type: 'supplementContent.supplement',
      name: 'Zinc',
    })
    expect(created).toMatchObject({
      _id: 'zinc',
      _rev: expect.any(String),
      _createdAt: expect.any(String),
    })
    await expect(
      client.create({_id: 'zinc', _type: 'supplementContent.supplement'}),
    ).rejects.toMatchObject({
      statusCode: 409,
      details: {items: [{error: {type: 'documentAlreadyExistsError'}}]},
    })
    const kept = await client.createIfNotExists({
      _id: 'zinc',
      _type: 'supplementContent.supplement',
      name: 'Other',
    })
    expect(kept.name).toBe('Zinc')
    const replaced = await client.createOrReplace({
      _id: 'zinc',
      _type: 'supplementContent.supplement',
      name: 'Zinc 2',
    })
    expect(replaced).toMatchObject({name: 'Zinc 2', _createdAt: created._createdAt})
  })

  it('patches with set, setIfMissing, unset, inc, dec, insert and diffMatchPatch', async () => {
    await client.createOrReplace({
      _id: 'mg',
      _type: 'supplementContent.supplement',
      name: 'Magnesum',
      count: 1,
      tags: ['a'],
      old: 1,
    })
    const patched = await client
      .patch('mg')
      .set({form: 'citrate'})
      .setIfMissing({form: 'oxide', origin: 'sea'})
      .unset(['old'])
      .inc({count: 5})
      .dec({count: 2})
      .insert('after', 'tags[-1]', ['b'])
      .diffMatchPatch({name: '@@ -1,8 +1,9 @@\n Magnes\n+i\n um\n'})
      .commit()
    expect(patched).toMatchObject({
      form: 'citrate',
      origin: 'sea',
      count: 4,
      tags: ['a', 'b'],
      name: 'Magnesium',
    })
    expect(patched.old).toBeUndefined()
  })

  it('fails a stale ifRevisionID with 409 and applies a transaction whole or not at all', async () => {
    const doc = await client.getDocument('mg')
    await client.patch('mg').set({n: 1}).commit()
    await expect(
      client.patch('mg').ifRevisionId(doc!._rev).set({n: 2}).commit(),
    ).rejects.toMatchObject({
      statusCode: 409,
      details: {items: [{error: {type: 'documentRevisionIDDoesNotMatchError'}}]},
    })
    await expect(
      client
        .transaction()
        .create({_id: 'half', _type: 'x'})
        .create({_id: 'mg', _type: 'x'})
        .commit(),
    ).rejects.toMatchObject({statusCode: 409})
    expect(await client.getDocument('half')).toBeUndefined()
  })

  it('returns ids and documents and honours transactionId', async () => {
    const result = await client.mutate([{create: {_id: 'tx1', _type: 'x'}}], {
      transactionId: 'my-transaction',
      returnDocuments: false,
      visibility: 'sync',
    })
    expect(result).toMatchObject({transactionId: 'my-transaction', documentIds: ['tx1']})
    expect((await client.getDocument('tx1'))!._rev).toBe('my-transaction')
  })

  it('deletes by id and by query', async () => {
    await client.create({_id: 'gone1', _type: 'temp'})
    await client.create({_id: 'gone2', _type: 'temp'})
    await client.delete('gone1')
    await client.delete({query: '*[_type == "temp"]'})
    expect(await client.fetch('count(*[_type == "temp"])')).toBe(0)
  })

  it('refuses to delete a strongly referenced document; weak and draft references may dangle', async () => {
    await expect(client.delete('brand-a')).rejects.toMatchObject({
      statusCode: 409,
      details: {
        items: [{error: {type: 'documentHasExistingReferencesError', referencingIDs: ['vitd']}}],
      },
    })
    await client.create({_id: 'brand-b', _type: 'brand'})
    await client.create({_id: 'weak', _type: 'x', b: {_ref: 'brand-b', _weak: true}})
    await client.create({_id: 'drafts.d', _type: 'x', b: {_ref: 'brand-b'}})
    await client.delete('brand-b')
    expect(await client.fetch('*[_id == "weak"][0].b->')).toBeNull()
    // Like the Content Lake, a published document may not reference a missing one strongly.
    await expect(client.create({_type: 'x', b: {_ref: 'nowhere'}})).rejects.toMatchObject({
      statusCode: 409,
      details: {items: [{error: {type: 'documentReferenceMissingError'}}]},
    })
  })
})

describe('bad input', () => {
  it('answers malformed requests in Sanity error shape and keeps serving', async () => {
    const post = (path: string, body: string) =>
      fetch(`${t.lake.url}/v2025-02-19/data/${path}`, {
        method: 'POST',
        headers: {authorization: `Bearer ${t.lake.token}`, 'content-type': 'application/json'},
        body,
      })
    for (const [path, body] of [
      ['mutate/production', '{not json'],
      ['mutate/production', '{"mutations": {"create": {}}}'],
      ['mutate/production', '{"mutations": [{"explode": {}}]}'],
      ['mutate/production', '{"mutations": [{"create": {"_id": "bad id!", "_type": "x"}}]}'],
      ['mutate/production', '{"mutations": [{"patch": {"id": "nowhere", "set": {"a": 1}}}]}'],
      ['query/production?perspective=%3B%3B', '{"query": "*"}'],
      ['query/production', '{"query": 42}'],
      ['actions/production', '{"actions": [{"actionType": "sanity.action.nope"}]}'],
    ]) {
      const response = await post(path, body)
      expect(response.status, `${path} ${body}`).toBeGreaterThanOrEqual(400)
      expect(response.status, `${path} ${body}`).toBeLessThan(500)
      expect(await response.json()).toHaveProperty('error')
    }
    expect(await client.fetch('count(*[_id == "vitd"])')).toBe(1)
  })
})
