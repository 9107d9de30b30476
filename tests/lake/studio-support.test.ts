import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from './start-test-lake.ts'

let t: TestLake

beforeAll(async () => {
  t = await startTestLake()
})
afterAll(() => t.close())

/** Probes the Studio makes on every document it opens; a 404 fills its console with errors. */
describe('Studio probes answered with well-formed bodies', () => {
  it('answers the document event history, telemetry consent and the schema descriptor claim', async () => {
    const request = (url: string, method = 'GET', body?: unknown) =>
      t.client.request({url, method, body})
    expect(
      await request('/data/history/production/events/documents/drafts.benefit-a?limit=100'),
    ).toEqual({events: {'drafts.benefit-a': []}, nextCursor: ''})
    expect(await request('/intake/telemetry-status')).toEqual({status: 'denied'})
    expect(
      await request('/descriptors/claim', 'POST', {descriptorId: 'x', contextKey: 'y'}),
    ).toEqual({synchronization: {type: 'complete'}})
  })

  it("answers the Studio's CORS diagnosis for its own origin and refuses other origins", async () => {
    const check = (origin: string) =>
      fetch(`${t.lake.url}/v2025-02-19/check/cors`, {headers: {origin}})
    const own = await check('http://localhost:3333')
    expect(own.status).toBe(200)
    expect(await own.json()).toEqual({result: {allowed: true, withCredentials: true}})
    expect(own.headers.get('access-control-allow-origin')).toBe('http://localhost:3333')
    expect((await check('https://evil.example')).status).toBe(403)
  })

  it("lists the project's datasets in both address forms the Studio and Vision use", async () => {
    const names = (list: unknown) => (list as Array<{name: string}>).map((item) => item.name)
    expect(names(await t.client.request({url: '/datasets'}))).toContain('production')
    expect(names(await t.client.request({url: '/projects/local/datasets'}))).toContain('production')
  })

  it('answers every journey the Studio asks for on load: no trial dialog, no announcements, no upsell', async () => {
    const get = (url: string) => t.client.request({url})
    expect(await get('/journey/trial?studioVersion=6.16.0')).toEqual({})
    expect(await get('/journey/announcements')).toEqual([])
    for (const journey of [
      'comments',
      'tasks',
      'content-releases',
      'scheduled-drafts',
      'scheduled-publishing',
      'asset-limit',
      'document-limit',
    ]) {
      expect(await get(`/journey/${journey}`), journey).toBeNull()
    }
    expect(await t.client.request({url: '/journey/trial/dialog-1', method: 'POST'})).toEqual({})
  })
})

describe('documents referring to a document, as the delete dialog asks', () => {
  beforeAll(async () => {
    await t.client.request({url: '/projects/local/datasets/other', method: 'PUT'})
    await t.client.createOrReplace({
      _id: 'vitamin-d',
      _type: 'supplementContent.supplement',
      title: 'Vitamin D',
    })
    await t.client.createOrReplace({
      _id: 'benefit-bones',
      _type: 'supplementContent.benefit',
      about: {_type: 'reference', _ref: 'vitamin-d'},
    })
    await t.client.withConfig({dataset: 'other'}).createOrReplace({
      _id: 'mirror',
      _type: 'mirror',
      items: [
        {
          _key: 'k1',
          _type: 'crossDatasetReference',
          _ref: 'vitamin-d',
          _dataset: 'production',
          _projectId: 'local',
        },
      ],
      // A plain reference in another dataset points into that dataset, not here.
      unrelated: {_type: 'reference', _ref: 'vitamin-d', _weak: true},
    })
  })

  const studioUrl = (id: string, query = 'excludeInternalReferences=true&excludePaths=true') =>
    `/data/references/production/documents/${id}/to?${query}`

  it("answers the Studio's request with the cross-dataset references only", async () => {
    expect(await t.client.request({url: studioUrl('vitamin-d')})).toEqual({
      totalCount: 1,
      references: [{documentId: 'mirror', datasetName: 'other', projectId: 'local'}],
    })
    expect(await t.client.request({url: studioUrl('benefit-bones')})).toEqual({
      totalCount: 0,
      references: [],
    })
  })

  it('includes references within the dataset, and where they sit, when asked', async () => {
    const answer = (await t.client.request({url: studioUrl('vitamin-d', '')})) as {
      references: Array<{documentId: string; paths: string[]}>
    }
    expect(answer.references).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          documentId: 'benefit-bones',
          paths: ['about'],
        }),
        expect.objectContaining({documentId: 'mirror', paths: ['items[_key=="k1"]']}),
      ]),
    )
    expect(answer.references).toHaveLength(2)
  })

  it('refuses strangers and malformed ids with 4xx, not 500', async () => {
    await expect(t.anonClient.request({url: studioUrl('vitamin-d')})).rejects.toMatchObject({
      statusCode: 401,
    })
    await expect(t.client.request({url: studioUrl('..%2Fx')})).rejects.toMatchObject({
      statusCode: 400,
    })
    await expect(
      t.client.request({url: '/data/references/nope/documents/vitamin-d/to'}),
    ).rejects.toMatchObject({statusCode: 404})
  })
})
