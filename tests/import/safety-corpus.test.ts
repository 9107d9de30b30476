import {describe, expect, it} from 'vitest'

import {planImport} from '../../scripts/import/index.ts'
import {validationProblems} from '../../scripts/import/validate.ts'
import {
  type ArticleScore,
  corpusArticles,
  corpusTotals,
  ratio,
  scoreArticle,
} from './corpus-score.ts'

/**
 * The safety corpus: articles nobody tuned the importer on, with what their editor extracted.
 * Every article must meet the targets; the few misses measured when this test was written are
 * listed here by name, so a regression and an improvement both show up as a failure to look at.
 */
const KNOWN_MISSES: Record<string, Partial<Record<'effects' | 'invented', string[]>>> = {
  // "the rare risk of liver damage means it should be used ... never with alcohol": the effect
  // is read as the interaction's consequence, so no side-effect warning names it.
  'kava.txt': {effects: ['liver damage']},
  // "Taking aspirin 30 minutes beforehand can reduce it [flushing]": advice, read as an interaction.
  'niacin.txt': {invented: ['aspirin']},
  // "Several common heart and blood pressure drugs make the body hold on to potassium": the editor
  // kept it general; the importer names the class.
  'potassium.txt': {invented: ['blood pressure drugs']},
}

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
    const known = KNOWN_MISSES[name] ?? {}

    it('carries every safety statement by a warning', () => {
      expect(score().statements.missed).toEqual([])
    })

    it('gets every dose limit right and invents none', () => {
      expect(score().wrongDoses).toEqual([])
    })

    it('finds the substances, effects and populations, and invents no substance', () => {
      expect(score().substances.missed).toEqual([])
      expect(score().effects.missed).toEqual(known.effects ?? [])
      expect(score().populations.missed).toEqual([])
      expect(score().invented).toEqual(known.invented ?? [])
      for (const key of ['substances', 'effects', 'populations'] as const) {
        if (score()[key].total >= 20) expect(ratio(score()[key])).toBeGreaterThanOrEqual(0.95)
      }
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
    const knownInvented = Object.values(KNOWN_MISSES).flatMap((k) => k.invented ?? []).length
    expect(totals.invented).toBe(knownInvented)
  })
})
