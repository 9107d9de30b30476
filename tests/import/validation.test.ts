import {describe, expect, it} from 'vitest'

import {planImport} from '../../scripts/import/index.ts'
import {validationProblems} from '../../scripts/import/validate.ts'
import {fixtureText, seedText} from './helpers.ts'

// `sanity documents validate --file` runs offline except for slug uniqueness, which it asks the
// API about (every slug then fails with "fetch failed"); Sanity's validator in-process answers
// that from the imported documents themselves, so it is the check that can run here.
describe("the importer's output passes Sanity's own validation", () => {
  it.each([
    ['the seed', seedText()],
    ['another supplement', fixtureText('magnesium-glycinate.txt')],
  ])('%s: 0 errors', async (_name, text) => {
    const plan = planImport(text, {sourceFile: 'article.txt'})
    expect(await validationProblems(plan)).toEqual([])
  })
})
