import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {seedIfEmpty, studioEnv} from '../../scripts/start.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'

let t: TestLake

beforeAll(async () => {
  t = await startTestLake({tlsPort: 0})
})
afterAll(() => t.close())

describe('npm start', () => {
  it('imports the seed article into an empty dataset once, then leaves editors’ content alone', async () => {
    expect(await seedIfEmpty(t.lake)).toMatch(/^imported supplement-vitamin-d3-and-k2/)
    const count = await t.client.fetch<number>('count(*)')
    expect(await seedIfEmpty(t.lake)).toMatch(/already has content/)
    expect(await t.client.fetch<number>('count(*)')).toBe(count)
  })

  it('points the Studio at the lake’s HTTPS/2 address with its token', () => {
    expect(studioEnv(t.lake)).toEqual({
      SANITY_STUDIO_API_HOST: t.lake.tlsUrl,
      SANITY_STUDIO_LAKE_TOKEN: t.lake.token,
    })
  })
})
