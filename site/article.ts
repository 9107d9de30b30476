import {toPlainText} from '@portabletext/toolkit'
import type {PortableTextBlock} from '@portabletext/types'
import {stegaClean} from '@sanity/client/stega'

import {isSeparatorBlock} from './portable-text/html.ts'
import type {PageAudience, PageBenefit, PageBlock, PageWarning, SupplementPage} from './types.ts'

/**
 * How a supplement page reads as one article, each fact once:
 *
 * - the body holds the narrative, printed as written;
 * - the body's copy of the works cited (list items wholly linked to a citation) is left out: the
 *   works cited come from the citation documents, de-duplicated and linked;
 * - the body's copy of the disclaimer is left out: it comes from the `disclaimer` field;
 * - recap blocks (a separator line such as "-" and what follows it up to the next heading) restate
 *   the article; they are left out, and what they add reaches the page through the structured
 *   benefits, audiences and ingredients the importer files them under, except a line that reads
 *   like a safety statement no warning of the page states: that one stays;
 * - a benefit, audience or warning whose statement is in the narrative enriches that block in
 *   place (citation markers, evidence, kind and severity, dose limit); one that is not is added
 *   after the last block of its kind, or in a section of its own.
 *
 * Decisions are made on stega-cleaned values; the blocks returned are the originals, so text
 * keeps its visual-editing markers when it is rendered.
 */
export interface ArticlePlan {
  /** Narrative blocks and synthetic blocks for structured items, in reading order. */
  blocks: ArticleBlock[]
  /** What a body block stands for, by block object. */
  decorations: Map<object, BlockDecoration>
  /** Plain text of the narrative shown (cleaned), to decide whether a field repeats it. */
  text: string
}

export type ArticleBlock =
  | PageBlock
  | {_type: 'block'; _key: string; style: 'h2'; children: SyntheticSpan[]; markDefs: []}
  | {
      _type: 'block'
      _key: string
      style: 'normal'
      listItem: 'bullet'
      level: 1
      children: SyntheticSpan[]
      markDefs: []
    }
  | {_type: 'warningCallout'; _key: string; warning: PageWarning}

interface SyntheticSpan {
  _type: 'span'
  _key: string
  text: string
  marks: string[]
}

export interface BlockDecoration {
  benefits: PageBenefit[]
  audiences: PageAudience[]
  warnings: PageWarning[]
}

/** Words that make a line a possible safety statement (interactions, who must avoid, limits). */
const SAFETY_CUE =
  /\b(interact\w*|interfer\w*|warfarin|anticoagul\w*|blood[- ]thinn\w*|pregnan\w*|breastfeed\w*|avoid\w*|overdos\w*|toxic\w*|upper limit|side effects?|adverse|contraindicat\w*|not recommended|allerg\w*|kidney|liver|bleed\w*)\b/i

const SECTION_TITLES = {
  benefits: 'Benefits',
  audiences: 'Who may benefit',
  warnings: 'Safety considerations',
}

export function planArticle(page: SupplementPage): ArticlePlan {
  const body = page.body as PageBlock[]
  // A safety statement is never dropped silently: a recap line that reads like one stays on the
  // page unless a warning of the page states it.
  const warningTexts = page.warnings.map((warning) => matchText(warning.text))
  const kept = narrativeBlocks(
    body,
    stegaClean(page.disclaimer),
    (text) =>
      SAFETY_CUE.test(text) &&
      !warningTexts.some((warning) => warning.includes(text) || text.includes(warning)),
  )
  const texts = new Map(kept.map((block) => [block, matchText(plainText(block))]))
  const decorations = new Map<object, BlockDecoration>()
  const decorate = (block: PageBlock) => {
    let decoration = decorations.get(block)
    if (!decoration) {
      decoration = {benefits: [], audiences: [], warnings: []}
      decorations.set(block, decoration)
    }
    return decoration
  }

  const firstBlock = (needle: string, listItemsOnly: boolean) => {
    if (needle.length < 3) return undefined
    return kept.find(
      (block) => (!listItemsOnly || block.listItem) && (texts.get(block) ?? '').includes(needle),
    )
  }
  const lastOf: Record<keyof typeof SECTION_TITLES, PageBlock | undefined> = {
    benefits: undefined,
    audiences: undefined,
    warnings: undefined,
  }
  const uncovered: {benefits: PageBenefit[]; audiences: PageAudience[]; warnings: PageWarning[]} = {
    benefits: [],
    audiences: [],
    warnings: [],
  }
  const note = (kind: keyof typeof SECTION_TITLES, block: PageBlock) => {
    if (!lastOf[kind] || kept.indexOf(block) > kept.indexOf(lastOf[kind]!)) lastOf[kind] = block
  }

  for (const benefit of page.benefits) {
    const block = firstBlock(matchText(benefit.summary), false)
    if (block) {
      decorate(block).benefits.push(benefit)
      note('benefits', block)
    } else uncovered.benefits.push(benefit)
  }
  for (const audience of page.audiences) {
    const block = firstBlock(matchText(audience.name), true)
    if (block) {
      decorate(block).audiences.push(audience)
      note('audiences', block)
    } else uncovered.audiences.push(audience)
  }
  for (const warning of page.warnings) {
    const needle = matchText(warning.text)
    const block =
      firstBlock(needle, false) ??
      kept.find((candidate) => {
        const text = texts.get(candidate) ?? ''
        return text.length >= 40 && needle.includes(text)
      })
    if (block) {
      decorate(block).warnings.push(warning)
      note('warnings', block)
    } else uncovered.warnings.push(warning)
  }

  const after = new Map<PageBlock, ArticleBlock[]>()
  const trailing: ArticleBlock[] = []
  const place = (kind: keyof typeof SECTION_TITLES, items: ArticleBlock[]) => {
    if (items.length === 0) return
    const anchor = lastOf[kind]
    if (anchor) after.set(anchor, [...(after.get(anchor) ?? []), ...items])
    else trailing.push(heading(`section-${kind}`, SECTION_TITLES[kind]), ...items)
  }
  place(
    'benefits',
    uncovered.benefits.map((benefit) => {
      const item = listItem(`benefit-${stegaClean(benefit._id)}`, benefit.title, benefit.summary)
      decorations.set(item, {benefits: [benefit], audiences: [], warnings: []})
      return item
    }),
  )
  place(
    'audiences',
    uncovered.audiences.map((audience) => {
      const item = listItem(`audience-${stegaClean(audience._id)}`, audience.name)
      decorations.set(item, {benefits: [], audiences: [audience], warnings: []})
      return item
    }),
  )
  place(
    'warnings',
    uncovered.warnings.map((warning) => ({
      _type: 'warningCallout' as const,
      _key: `warning-${stegaClean(warning._id)}`,
      warning,
    })),
  )

  const blocks: ArticleBlock[] = []
  for (const block of kept) blocks.push(block, ...(after.get(block) ?? []))
  blocks.push(...trailing)
  return {blocks, decorations, text: [...texts.values()].join('\n')}
}

function heading(key: string, text: string): ArticleBlock {
  return {
    _type: 'block',
    _key: key,
    style: 'h2',
    markDefs: [],
    children: [{_type: 'span', _key: `${key}-0`, text, marks: []}],
  }
}

function listItem(key: string, term: string, description?: string): ArticleBlock {
  const children: SyntheticSpan[] = [
    {_type: 'span', _key: `${key}-0`, text: term, marks: description ? ['strong'] : []},
  ]
  if (description)
    children.push({_type: 'span', _key: `${key}-1`, text: `: ${description}`, marks: []})
  return {
    _type: 'block',
    _key: key,
    style: 'normal',
    listItem: 'bullet',
    level: 1,
    markDefs: [],
    children,
  }
}

/**
 * The narrative part of the body: without the works-cited entries, the disclaimer, recap blocks
 * and separators, and without a heading whose whole section is left out.
 */
export function narrativeBlocks(
  body: readonly PageBlock[],
  disclaimer: string | null,
  /** A recap line (cleaned text) that must stay although its block is left out. */
  keepRecapLine: (text: string) => boolean = () => false,
): PageBlock[] {
  const disclaimerParts = new Set(
    (disclaimer ?? '')
      .split(/\n\s*\n/)
      .map(matchText)
      .filter(Boolean),
  )
  if (disclaimer) disclaimerParts.add(matchText(disclaimer))
  const drop = new Set<number>()
  let inRecap = false
  body.forEach((block, index) => {
    if (isHeading(block)) inRecap = false
    const separator = isSeparatorBlock(block as PortableTextBlock)
    if (separator) inRecap = true
    const text = matchText(plainText(block))
    const recap = inRecap && (separator || !keepRecapLine(text))
    if (recap || isWorksCitedEntry(block) || disclaimerParts.has(text) || text === '') {
      drop.add(index)
    }
  })
  // A heading whose section is entirely left out ("Works Cited", "Content Disclaimer") goes too.
  body.forEach((block, index) => {
    if (!isHeading(block) || !drop.has(index + 1)) return
    let next = index + 1
    while (next < body.length && drop.has(next)) next++
    if (next === body.length || isHeading(body[next])) drop.add(index)
  })
  return body.filter((_, index) => !drop.has(index))
}

/** Text of a block's spans, as `pt::text()` gives it. */
function plainText(block: PageBlock): string {
  return toPlainText(block as PortableTextBlock)
}

function isHeading(block: PageBlock): boolean {
  return block._type === 'block' && /^h\d$/.test(stegaClean(block.style ?? ''))
}

/** A list item every word of which is linked to a citation: an entry of a works-cited list. */
function isWorksCitedEntry(block: PageBlock): boolean {
  if (block._type !== 'block' || !block.listItem) return false
  const citationKeys = new Set(
    (block.markDefs ?? [])
      .filter((def) => def._type === 'supplementContent.citationReference')
      .map((def) => def._key),
  )
  const spans = (block.children ?? []).filter((span) => stegaClean(span.text ?? '').trim() !== '')
  return (
    citationKeys.size > 0 &&
    spans.length > 0 &&
    spans.every((span) => (span.marks ?? []).some((mark) => citationKeys.has(mark)))
  )
}

/** Text as compared: stega removed, quotes straightened, case and spacing and end marks ignored. */
export function matchText(text: string | null | undefined): string {
  return stegaClean(text ?? '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?]+$/, '')
    .toLowerCase()
}
