/**
 * Scores the importer against the safety corpus: articles of the template with what a careful
 * editor extracts from each (tests/fixtures/safety-corpus/<slug>.expected.json). Shared by the
 * bench (overall figures) and the corpus test (figures per article), so both count the same way.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {planImport} from '../../scripts/import/index.ts'
import {plainText} from '../../scripts/import/text.ts'

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/safety-corpus/', import.meta.url))

interface ExpectedLimit {
  amount: number
  unit: string
  per: string
  perKg?: boolean
  nutrient?: string
  population?: string
}

interface ExpectedStatement {
  sentence: string
  kind: 'doseLimit' | 'interaction' | 'contraindication' | 'sideEffect' | 'general'
  substances?: string[]
  effects?: string[]
  populations?: string[]
  doseLimit?: ExpectedLimit
  /** The same limit in another unit: either one extracted is correct. */
  sameLimitAs?: number
}

export interface Expectation {
  article: string
  supplement: {name: string; aliases?: string[]}
  safety: ExpectedStatement[]
  notLimits?: string[]
  notSubstances?: string[]
  /** Items of a "how it works" list, each of which must become a mechanism step. */
  mechanism?: string[]
  benefits: string[]
  audiences: string[]
}

type Doc = Record<string, any> & {_id: string; _type: string}

/** Found / total, and what was missed, for one measure. */
export interface Tally {
  found: number
  total: number
  missed: string[]
}

export interface ArticleScore {
  article: string
  statements: Tally
  /** Statements carried by a warning of the kind the editor gave. */
  kinds: Tally
  substances: Tally
  effects: Tally
  populations: Tally
  limits: Tally
  /** Limits extracted that the editor did not state (or stated differently), with the expected ones missed. */
  wrongDoses: string[]
  invented: string[]
  /**
   * Warnings that carry no statement the editor listed: structure or chatter an editor must
   * dismiss. Not a target (an unsure sentence is kept for review), but it is what review costs.
   */
  extra: string[]
  /** Mechanism items the editor listed, carried by a mechanism step (its target and effect). */
  mechanism: Tally
  nameRight: boolean
  name: string
  benefits: {precision: Tally; recall: Tally}
  audiences: {precision: Tally; recall: Tally}
}

const KIND: Record<ExpectedStatement['kind'], string> = {
  doseLimit: 'doseLimit',
  interaction: 'drugInteraction',
  contraindication: 'contraindication',
  sideEffect: 'sideEffect',
  general: 'general',
}

function normalise(text: string): string {
  return plainText(text).toLowerCase().replace(/\s+/g, ' ').trim()
}

/** Words without articles, each singular: "The Thiazide Diuretics" -> ["thiazide", "diuretic"]. */
function words(text: string): string[] {
  return (
    normalise(text)
      .replace(/'s\b/g, '')
      .split(/[^a-z0-9]+/)
      .filter((w) => w && !['a', 'an', 'the'].includes(w))
      .map((w) => (w === 'children' ? 'child' : w))
      // "pregnancy" and "pregnant women", "lactation" and "breastfeeding women" name one group.
      .map((w) =>
        w === 'pregnancy' ? 'pregnant' : /^lactat(?:ion|ing)$/.test(w) ? 'breastfeeding' : w,
      )
      .map((w) => (w.length > 3 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w))
      .map((w) => (w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w))
  )
}

function containsRun(long: string[], short: string[]): boolean {
  if (short.length === 0 || short.length > long.length) return false
  for (let i = 0; i + short.length <= long.length; i++) {
    if (short.every((w, j) => long[i + j] === w)) return true
  }
  return false
}

/** The corpus's matcher: equal, one contains the other as whole words, or the same words in another order. */
export function sameItem(a: string, b: string): boolean {
  const wa = words(a)
  const wb = words(b)
  if (containsRun(wa, wb) || containsRun(wb, wa)) return true
  // "damage nerves" and "nerve damage", "damage to the liver" and "liver damage": the same words.
  const bag = (w: string[]) =>
    w
      .filter((x) => !['to', 'of', 'in', 'your'].includes(x))
      .sort()
      .join(' ')
  return bag(wa) !== '' && bag(wa) === bag(wb)
}

const tally = (): Tally => ({found: 0, total: 0, missed: []})

function count(t: Tally, ok: boolean, what: string) {
  t.total++
  if (ok) t.found++
  else t.missed.push(what)
}

/** Warnings that carry a sentence: their text holds it (or it holds their text). */
function carriers(warnings: Doc[], sentence: string): Doc[] {
  const s = normalise(sentence)
  return warnings.filter((w) => {
    const t = normalise(w.text ?? '')
    return t.includes(s) || (t.length >= 20 && s.includes(t))
  })
}

/** `supplementNames`: the supplement's name and aliases, which all name one nutrient ("CoQ10"). */
function limitMatches(limit: Doc, expected: ExpectedLimit, supplementNames: string[]): boolean {
  const isSupplement = (name: string) => supplementNames.some((n) => sameItem(n, name))
  const samePopulation =
    !expected.population && !limit.population
      ? true
      : Boolean(expected.population && limit.population) &&
        sameItem(expected.population ?? '', limit.population ?? '')
  return (
    limit.amount === expected.amount &&
    limit.unit === expected.unit &&
    limit.per === expected.per &&
    Boolean(limit.perKg) === Boolean(expected.perKg) &&
    (!expected.nutrient ||
      sameItem(expected.nutrient, limit.nutrient ?? '') ||
      (isSupplement(expected.nutrient) && isSupplement(limit.nutrient ?? ''))) &&
    samePopulation
  )
}

const describeLimit = (l: Doc | ExpectedLimit) =>
  `${l.amount} ${l.unit}${l.perKg ? '/kg' : ''}/${l.per} ${l.nutrient ?? '?'} ${l.population ?? ''}`.trim()

function listScore(extracted: string[], expected: string[]) {
  const precision = tally()
  const recall = tally()
  for (const item of extracted)
    count(
      precision,
      expected.some((e) => sameItem(e, item)),
      item,
    )
  for (const item of expected)
    count(
      recall,
      extracted.some((e) => sameItem(e, item)),
      item,
    )
  return {precision, recall}
}

export function scoreArticle(expectation: Expectation, text: string): ArticleScore {
  const plan = planImport(text, {sourceFile: expectation.article})
  const documents = plan.documents as Doc[]
  const warnings = documents.filter((d) => d._type === 'supplementContent.warning')
  const supplement = documents.find((d) => d._type === 'supplementContent.supplement') as Doc
  const score: ArticleScore = {
    article: expectation.article,
    statements: tally(),
    kinds: tally(),
    substances: tally(),
    effects: tally(),
    populations: tally(),
    limits: tally(),
    wrongDoses: [],
    invented: [],
    extra: [],
    mechanism: tally(),
    nameRight: [expectation.supplement.name, ...(expectation.supplement.aliases ?? [])].some(
      (n) => normalise(n) === normalise(supplement.name),
    ),
    name: supplement.name,
    benefits: listScore(
      documents.filter((d) => d._type === 'supplementContent.benefit').map((d) => d.title),
      expectation.benefits,
    ),
    audiences: listScore(
      documents.filter((d) => d._type === 'supplementContent.audience').map((d) => d.name),
      expectation.audiences,
    ),
  }

  const steps = ((supplement.mechanism ?? []) as Doc[]).map((step) =>
    normalise([step.target, step.effect].filter(Boolean).join(' ')),
  )
  for (const item of expectation.mechanism ?? []) {
    // A step carries the item when it holds the item's words, with or without a "Term:" split.
    const wanted = words(item).join(' ')
    count(
      score.mechanism,
      steps.some((step) => words(step).join(' ').includes(wanted)),
      item.slice(0, 60),
    )
  }

  const matchedLimits = new Set<Doc>()
  const limitFound = new Map<number, boolean>()
  expectation.safety.forEach((statement, index) => {
    if (!statement.doseLimit) return
    const carrying = carriers(warnings, statement.sentence).filter((w) => w.kind === 'doseLimit')
    const match = carrying.find(
      (w) =>
        !matchedLimits.has(w) &&
        w.doseLimit &&
        limitMatches(w.doseLimit, statement.doseLimit!, [
          expectation.supplement.name,
          ...(expectation.supplement.aliases ?? []),
        ]),
    )
    if (match) matchedLimits.add(match)
    const primary = statement.sameLimitAs ?? index
    limitFound.set(primary, Boolean(match) || (limitFound.get(primary) ?? false))
  })
  for (const [index, found] of limitFound) {
    const expected = expectation.safety[index].doseLimit as ExpectedLimit
    count(score.limits, found, describeLimit(expected))
    if (!found) score.wrongDoses.push(`missed or wrong: ${describeLimit(expected)}`)
  }
  for (const statement of expectation.safety) {
    const carrying = carriers(warnings, statement.sentence)
    const short = statement.sentence.slice(0, 60)
    count(score.statements, carrying.length > 0, short)
    // A statement the editor left general may be read more precisely; any warning carries it.
    const ofKind = carrying.filter(
      (w) => statement.kind === 'general' || w.kind === KIND[statement.kind],
    )
    count(score.kinds, ofKind.length > 0, `${statement.kind}: ${short}`)
    const union = (field: string) => ofKind.flatMap((w) => [w[field] ?? []].flat() as string[])
    for (const substance of statement.substances ?? []) {
      count(
        score.substances,
        union('interactingSubstances').some((s) => sameItem(s, substance)),
        substance,
      )
    }
    for (const effect of statement.effects ?? []) {
      count(
        score.effects,
        union('effects').some((e) => sameItem(e, effect)),
        effect,
      )
    }
    for (const population of statement.populations ?? []) {
      count(
        score.populations,
        union('population').some((p) => sameItem(p, population)),
        population,
      )
    }
  }
  for (const warning of warnings) {
    if (warning.kind === 'doseLimit' && !matchedLimits.has(warning)) {
      score.wrongDoses.push(
        `not a stated limit: ${describeLimit(warning.doseLimit ?? {})} <- ${warning.text}`,
      )
    }
  }

  for (const warning of warnings) {
    const text = normalise(warning.text ?? '')
    const carries = expectation.safety.some((statement) => {
      const s = normalise(statement.sentence)
      return text.includes(s) || (text.length >= 20 && s.includes(text))
    })
    if (!carries) score.extra.push(warning.text ?? '')
  }

  const expectedSubstances = expectation.safety.flatMap((s) => s.substances ?? [])
  for (const warning of warnings.filter((w) => w.kind === 'drugInteraction')) {
    for (const substance of (warning.interactingSubstances ?? []) as string[]) {
      const real = expectedSubstances.some((e) => sameItem(e, substance))
      // "potassium" is the nutrient an iodine article names, "potassium-sparing diuretics" a drug.
      const forbidden = (expectation.notSubstances ?? []).some(
        (n) => words(n).join(' ') === words(substance).join(' '),
      )
      if (!real || forbidden) {
        score.invented.push(substance)
      }
    }
  }
  return score
}

/**
 * Unseen articles whose every safety statement and dose is right but which still show a gap
 * in a lesser measure (see that folder's README): checked for what must never fail.
 */
export const OPEN_CORPUS_DIR = fileURLToPath(
  new URL('../fixtures/safety-corpus-open/', import.meta.url),
)

export function corpusArticles(dir = CORPUS_DIR): Array<{expectation: Expectation; text: string}> {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const expectation = JSON.parse(readFileSync(`${dir}${f}`, 'utf8')) as Expectation
      return {expectation, text: readFileSync(`${dir}${expectation.article}`, 'utf8')}
    })
}

export function scoreCorpus(): ArticleScore[] {
  return corpusArticles().map(({expectation, text}) => scoreArticle(expectation, text))
}

const sum = (tallies: Tally[]) =>
  tallies.reduce((a, t) => ({found: a.found + t.found, total: a.total + t.total}), {
    found: 0,
    total: 0,
  })
export const ratio = (t: {found: number; total: number}) => (t.total === 0 ? 1 : t.found / t.total)
export function f1(s: {precision: Tally; recall: Tally}): number {
  const p = ratio(s.precision)
  const r = ratio(s.recall)
  return p + r === 0 ? 0 : (2 * p * r) / (p + r)
}

/** The corpus's figures, each over every article. */
export function corpusTotals(scores: ArticleScore[]) {
  const pool = (pick: (s: ArticleScore) => {precision: Tally; recall: Tally}) => {
    const precision = sum(scores.map((s) => pick(s).precision))
    const recall = sum(scores.map((s) => pick(s).recall))
    return {
      precision: ratio(precision),
      recall: ratio(recall),
      f1: f1({precision: {...precision, missed: []}, recall: {...recall, missed: []}}),
    }
  }
  return {
    articles: scores.length,
    statements: ratio(sum(scores.map((s) => s.statements))),
    kinds: ratio(sum(scores.map((s) => s.kinds))),
    substances: ratio(sum(scores.map((s) => s.substances))),
    effects: ratio(sum(scores.map((s) => s.effects))),
    populations: ratio(sum(scores.map((s) => s.populations))),
    limits: ratio(sum(scores.map((s) => s.limits))),
    mechanism: ratio(sum(scores.map((s) => s.mechanism))),
    wrongDoses: scores.reduce((n, s) => n + s.wrongDoses.length, 0),
    invented: scores.reduce((n, s) => n + s.invented.length, 0),
    extra: scores.reduce((n, s) => n + s.extra.length, 0),
    names: scores.filter((s) => s.nameRight).length / Math.max(1, scores.length),
    benefits: pool((s) => s.benefits),
    audiences: pool((s) => s.audiences),
  }
}
