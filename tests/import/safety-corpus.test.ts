import {describe, expect, it} from 'vitest'

import {planImport} from '../../scripts/import/index.ts'
import {validationProblems} from '../../scripts/import/validate.ts'
import {
  type ArticleScore,
  corpusArticles,
  OPEN_CORPUS_DIR,
  corpusTotals,
  ratio,
  scoreArticle,
} from './corpus-score.ts'

/**
 * The safety corpus: articles nobody tuned the importer on, with what their editor extracted.
 * Every article must meet the targets, with no miss listed by name.
 */
const articles = corpusArticles()
const scores = new Map<string, ArticleScore>()
const scoreOf = (name: string, text: string) => {
  const article = articles.find((a) => a.expectation.article === name)
  if (!article) throw new Error(`no expectations for ${name}`)
  if (!scores.has(name)) scores.set(name, scoreArticle(article.expectation, text))
  return scores.get(name) as ArticleScore
}

describe('the safety corpus', () => {
  it('holds at least 12 articles with expectations', () => {
    expect(articles.length).toBeGreaterThanOrEqual(12)
  })

  describe.each(articles.map((a) => [a.expectation.article, a] as const))('%s', (name, article) => {
    const score = () => scoreOf(name, article.text)

    it('carries every safety statement by a warning', () => {
      expect(score().statements.missed).toEqual([])
    })

    it('gets every dose limit right and invents none', () => {
      expect(score().wrongDoses).toEqual([])
    })

    it('finds the substances, effects and populations, and invents no substance', () => {
      expect(score().substances.missed).toEqual([])
      expect(score().effects.missed).toEqual([])
      expect(score().populations.missed).toEqual([])
      expect(score().invented).toEqual([])
      for (const key of ['substances', 'effects', 'populations'] as const) {
        if (score()[key].total >= 20) expect(ratio(score()[key])).toBeGreaterThanOrEqual(0.95)
      }
    })

    it('turns every item of its "how it works" list into a mechanism step', () => {
      expect(score().mechanism.missed).toEqual([])
    })

    it('names the supplement as its editor does', () => {
      expect(score().nameRight, `named "${score().name}"`).toBe(true)
    })

    it("passes Sanity's validation with 0 errors", async () => {
      expect(await validationProblems(planImport(article.text, {sourceFile: name}))).toEqual([])
    })
  })

  it('meets the targets over the whole corpus', () => {
    const totals = corpusTotals(articles.map((a) => scoreOf(a.expectation.article, a.text)))
    expect(totals.statements).toBe(1)
    expect(totals.substances).toBeGreaterThanOrEqual(0.95)
    expect(totals.effects).toBeGreaterThanOrEqual(0.95)
    expect(totals.populations).toBeGreaterThanOrEqual(0.95)
    expect(totals.wrongDoses).toBe(0)
    expect(totals.names).toBe(1)
    expect(totals.benefits.f1).toBeGreaterThanOrEqual(0.9)
    expect(totals.audiences.f1).toBeGreaterThanOrEqual(0.9)
    expect(totals.invented).toBe(0)
    expect(totals.mechanism).toBe(1)
    // Warnings that carry no statement of the editor's: kept when unsure, but each one costs an
    // editor a dismissal, so the count may only go down (89 before questions, table headers and
    // list leads were read with their neighbours, 71 before plain doses under a dosage heading
    // were set apart, 46 before dosage lines with no dose and no word of caution were).
    expect(totals.extra).toBeLessThanOrEqual(44)
  })
})

const openArticles = corpusArticles(OPEN_CORPUS_DIR)

// The folder is empty whenever every unseen article has met the targets and moved on.
describe.runIf(openArticles.length > 0)('unseen articles with open gaps', () => {
  describe.each(openArticles.map((a) => [a.expectation.article, a] as const))(
    '%s',
    (_name, article) => {
      const score = scoreArticle(article.expectation, article.text)

      it('carries every safety statement by a warning', () => {
        expect(score.statements.missed).toEqual([])
      })

      it('gets every dose limit right and invents none', () => {
        expect(score.wrongDoses).toEqual([])
      })
    },
  )
})
