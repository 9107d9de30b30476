import type {HealthArea} from '../../schemas/lib/vocabularies.ts'
import {factItem} from './facts.ts'
import {healthAreaOf, likeness, meaningWords} from './matching.ts'
import {type ListItem, namesPeople, type ParsedArticle, type SourceLine} from './parse.ts'
import {stripTrailingPunctuation} from './text.ts'

export interface Claim {
  /** Title of a benefit, name of an audience. */
  title: string
  summary?: string
  /** Source lines this claim was read from (several when a summary block repeats it). */
  lines: number[]
  /** Wordings of the same claim elsewhere in the article. */
  alsoStated: string[]
  /** Titles of claims that may be the same one; editors decide. */
  possibleDuplicates: string[]
}

export interface BenefitClaim extends Claim {
  healthArea: HealthArea
}

export interface AudienceClaim extends Claim {
  lifeStage?: string
  condition?: string
}

/**
 * A plain line's qualifying clause ("Vegetarians and vegans, whose creatine stores are often
 * lower") describes the group; the group is what comes before it.
 */
function splitQualifier(text: string): {head: string; rest?: string} {
  const match = text.match(
    /^(.{3,60}?),\s+((?:who|whose|since|because|as|especially|particularly)\b.+)$/,
  )
  return match ? {head: match[1], rest: match[2]} : {head: text}
}

function fromItem(item: ListItem, subject?: string): Claim {
  const plain = item.term ? undefined : splitQualifier(stripTrailingPunctuation(item.text))
  let title = stripTrailingPunctuation(item.term ?? plain?.head ?? item.text)
  // "Probiotics may help people who:" + "Have irritable bowel syndrome" is one audience.
  if (subject && !item.term && !namesPeople(title)) {
    title = `${subject} ${title.charAt(0).toLowerCase()}${title.slice(1)}`
  }
  return {
    title,
    summary: item.description ? item.description.trim() : plain?.rest,
    lines: [item.line.no],
    alsoStated: [],
    possibleDuplicates: [],
  }
}

/**
 * Folds the summary blocks' restatements into the main list: a clear match becomes one claim, an
 * unsure one stays separate and both record each other as possible duplicates.
 */
export function mergeClaims(
  main: Claim[],
  restated: Claim[],
  compare: (c: Claim) => string[],
): Claim[] {
  const result = main.map((claim) => ({...claim}))
  const taken = new Set<number>()
  const rank = {same: 2, possible: 1, different: 0}
  // Each claim can be read several ways (its title alone, title with description); the closest
  // reading decides, so a long description does not hide that two titles name the same thing.
  const closest = (a: Claim, b: Claim) =>
    compare(a)
      .flatMap((x) => compare(b).map((y) => likeness(x, y)))
      .sort((p, q) => rank[q.likeness] - rank[p.likeness] || q.score - p.score)[0]
  for (const extra of restated) {
    const ranked = result
      .map((claim, index) => ({index, ...closest(claim, extra)}))
      .sort((a, b) => rank[b.likeness] - rank[a.likeness] || b.score - a.score)
    // "Shorter colds" restates "Immune support – vitamin C shortens colds": every word of the
    // restatement is in one main claim's title and description, and in no other.
    const holders = result
      .map((claim, index) => ({claim, index}))
      .filter(({index}) => index < main.length && !taken.has(index))
      .filter(({claim}) => {
        const words = meaningWords([claim.title, claim.summary].filter(Boolean).join(' '))
        const own = meaningWords(extra.title)
        return own.size > 0 && [...own].every((w) => words.has(w))
      })
    const best =
      ranked[0]?.likeness !== 'same' && holders.length === 1
        ? {...ranked[0], index: holders[0].index, likeness: 'same' as const}
        : ranked[0]
    if (best && best.likeness === 'same' && !taken.has(best.index) && best.index < main.length) {
      taken.add(best.index)
      const target = result[best.index]
      target.lines.push(...extra.lines)
      const restatement = [extra.title, extra.summary].filter(Boolean).join(' – ')
      target.alsoStated.push(restatement)
      continue
    }
    const added = {...extra}
    if (best && best.likeness !== 'different') {
      added.possibleDuplicates = [...added.possibleDuplicates, result[best.index].title]
      result[best.index].possibleDuplicates.push(added.title)
    }
    result.push(added)
  }
  return result
}

/** The people a lead line ends on ("... may help people who:"), which its items continue. */
function leadSubject(lead: SourceLine[]): string | undefined {
  const text = lead.map((l) => l.text.trim()).join(' ')
  const match = text.match(
    /\b((?:people|those|adults|anyone|individuals|women|men|athletes)\s+(?:who|that))\s*:$/i,
  )
  if (!match) return undefined
  return match[1].charAt(0).toUpperCase() + match[1].slice(1).toLowerCase()
}

/** "Typical dose: 200 mg" in a list of benefits states a fact about the product, not a benefit. */
const claimable = (kind: 'benefits' | 'audience') => (item: ListItem) =>
  kind !== 'benefits' || !factItem(item)

function blockClaims(article: ParsedArticle, kind: 'benefits' | 'audience'): Claim[] {
  return article.summaryBlocks
    .filter((b) => b.kind === kind)
    .flatMap((b) => {
      const subject = kind === 'audience' ? leadSubject(b.lead) : undefined
      return b.items.filter(claimable(kind)).map((item) => fromItem(item, subject))
    })
}

function sectionClaims(article: ParsedArticle, kind: 'benefits' | 'audience'): Claim[] {
  return article.sections
    .filter((s) => s.kind === kind)
    .flatMap((s) => {
      const first = s.items[0]?.line.no ?? 0
      const lead = s.paragraphs.filter((p) => p.no < first).slice(-1)
      const subject = kind === 'audience' ? leadSubject(lead) : undefined
      return s.items.filter(claimable(kind)).map((item) => fromItem(item, subject))
    })
}

export function benefitClaims(article: ParsedArticle): BenefitClaim[] {
  const merged = mergeClaims(
    sectionClaims(article, 'benefits'),
    blockClaims(article, 'benefits'),
    (claim) => [claim.title],
  )
  return merged.map((claim) => ({...claim, healthArea: healthAreaOf(claim.title, claim.summary)}))
}

const LIFE_STAGES: Array<[string, RegExp]> = [
  ['postmenopausal', /\bpost-?menopausal\b/i],
  ['menopause', /\b(peri)?menopaus\w*\b/i],
  ['pregnancy', /\bpregnan\w*\b/i],
  ['breastfeeding', /\b(breastfeeding|lactating)\b/i],
  ['older adults', /\b(older adults|seniors|elderly|aging adults)\b/i],
  ['children', /\b(children|kids|infants)\b/i],
  ['adolescents', /\b(teens?|teenagers|adolescents)\b/i],
  ['athletes', /\b(athletes|active adults)\b/i],
  ['adults', /\badults\b/i],
]

function lifeStageOf(text: string): string | undefined {
  return LIFE_STAGES.find(([, pattern]) => pattern.test(text))?.[0]
}

/** "concerned about osteoporosis", "with low sun exposure", "at risk of deficiency". */
function conditionOf(text: string): string | undefined {
  const match = text.match(
    /\b(?:concerned about|with|at risk (?:of|for)|suffering from|who have|prone to|affected by)\s+(.+?)(?:\s+who\b|\s+that\b|[.,;]|$)/i,
  )
  const condition = match?.[1].trim()
  return condition && condition.split(/\s+/).length <= 8 ? condition : undefined
}

export function audienceClaims(article: ParsedArticle): AudienceClaim[] {
  const merged = mergeClaims(
    sectionClaims(article, 'audience'),
    blockClaims(article, 'audience'),
    (claim) => [claim.title, [claim.title, claim.summary].filter(Boolean).join(' ')],
  )
  return merged.map((claim) => {
    const all = [claim.title, claim.summary ?? '', ...claim.alsoStated].join(' ')
    return {...claim, lifeStage: lifeStageOf(all), condition: conditionOf(claim.title)}
  })
}
