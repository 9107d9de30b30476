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

  it("lists the project's datasets in both address forms the Studio and Vision use", async () => {
    const names = (list: unknown) => (list as Array<{name: string}>).map((item) => item.name)
    expect(names(await t.client.request({url: '/datasets'}))).toContain('production')
    expect(names(await t.client.request({url: '/projects/local/datasets'}))).toContain('production')
  })
})
