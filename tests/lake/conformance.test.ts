import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {loadSuite, runCases} from '../../lake/conformance.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

const suiteDir = resolve(
  process.env.GROQ_TEST_SUITE ?? join(import.meta.dirname, '../../../shared/groq-test-suite'),
)
/** A few files of the official suite, enough to catch a regression in the HTTP path; `npm run conformance` runs all. */
const SUBSET = [
  'operator/and.yml',
  'operator/dereference.yml',
  'function/count.yml',
  'function/references.yml',
  'function/select.yml',
  'misc/params.yml',
]

describe.skipIf(!existsSync(suiteDir))('GROQ conformance subset through the lake', () => {
  let t: TestLake
  beforeAll(async () => {
    t = await startTestLake()
  })
  afterAll(() => t.close())

  it('passes the subset', async () => {
    const cases = loadSuite(suiteDir).filter((test) => SUBSET.includes(test.file) && !test.skip)
    expect(cases.length).toBeGreaterThan(20)
    const outcomes = await runCases({url: t.lake.url, token: t.lake.token}, cases)
    const failed = outcomes.filter((outcome) => outcome.status === 'failed')
    expect(failed.map((outcome) => `${outcome.case.name}: ${outcome.detail}`)).toEqual([])
  })
})
