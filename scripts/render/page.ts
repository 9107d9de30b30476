import {
  EVIDENCE_STRENGTHS,
  HEALTH_AREAS,
  SEVERITIES,
  SOURCE_TYPES,
  titleFor,
  WARNING_KINDS,
} from '../../schemas/lib/vocabularies.ts'
import {escapeHtml, formatDate, jsonForScript, safeHref} from './html.ts'
import {supplementJsonLd} from './jsonld.ts'
import {
  blockText,
  citationMarker,
  portableTextToHtml,
  type PortableTextBlock,
} from './portable-text.ts'
import type {PageCitation, SupplementPage} from './types.ts'

export interface RenderOptions {
  /** Absolute URL of the page, for JSON-LD and the canonical link. */
  url?: string
}

const PERIODS: Record<string, string> = {
  day: 'per day',
  week: 'per week',
  dose: 'per dose',
  serving: 'per serving',
}

/**
 * Static HTML for the supplement page query's result: the article with numbered citation links,
 * benefits, audiences, safety, works cited, the disclaimer, and schema.org JSON-LD. Pure: same
 * input, same output, and every value from the content lake is escaped.
 */
export function renderSupplementPage(page: SupplementPage, options: RenderOptions = {}): string {
  const numbers = new Map<string, number>()
  page.citations.forEach((citation) => {
    if (!numbers.has(citation._id)) numbers.set(citation._id, numbers.size + 1)
  })
  const citationNumber = (id: string) => numbers.get(id)
  const markers = (ids: readonly string[]) =>
    [...new Set(ids)]
      .map(citationNumber)
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => a - b)
      .map(citationMarker)
      .join('')

  const title = page.headline ?? page.name
  const body = articleBlocks(page.body, page.disclaimer)
  const bodyText = body.map(blockText).join('\n')
  const sections: string[] = []

  sections.push(
    `<header>\n<h1>${escapeHtml(title)}</h1>` +
      (page.summary ? `\n<p class="summary">${escapeHtml(page.summary)}</p>` : '') +
      `\n${reviewLine(page)}\n</header>`,
  )

  if (body.length > 0) {
    sections.push(
      `<section class="article-body">\n${portableTextToHtml(body, {citationNumber})}\n</section>`,
    )
  }

  if (page.ingredients.length > 0 || page.mechanism.length > 0) {
    const ingredients = page.ingredients.map(
      (ingredient) =>
        `<li><strong>${escapeHtml(ingredient.name)}</strong>` +
        (ingredient.form ? ` (${escapeHtml(ingredient.form)})` : '') +
        (ingredient.role ? `: ${escapeHtml(ingredient.role)}` : '') +
        '</li>',
    )
    const steps = page.mechanism.map(
      (step) => `<li><strong>${escapeHtml(step.target)}</strong>: ${escapeHtml(step.effect)}</li>`,
    )
    sections.push(
      '<section id="ingredients">\n<h2>Active ingredients</h2>\n' +
        (ingredients.length > 0 ? `<ul>\n${ingredients.join('\n')}\n</ul>\n` : '') +
        (steps.length > 0 ? `<h3>How it works</h3>\n<ul>\n${steps.join('\n')}\n</ul>\n` : '') +
        '</section>',
    )
  }

  if (page.benefits.length > 0) {
    const items = page.benefits.map((benefit) => {
      const facts = [
        titleFor(HEALTH_AREAS, benefit.healthArea),
        benefit.evidenceStrength && benefit.evidenceStrength !== 'unrated'
          ? `Evidence: ${titleFor(EVIDENCE_STRENGTHS, benefit.evidenceStrength)}`
          : undefined,
      ].filter(Boolean)
      return (
        `<article class="benefit" id="benefit-${escapeHtml(benefit.slug)}">\n` +
        `<h3>${escapeHtml(benefit.title)}</h3>\n` +
        `<p>${escapeHtml(benefit.summary)}${markers(benefit.citationIds)}</p>\n` +
        (facts.length > 0 ? `<p class="facts">${escapeHtml(facts.join(' · '))}</p>\n` : '') +
        '</article>'
      )
    })
    sections.push(`<section id="benefits">\n<h2>Benefits</h2>\n${items.join('\n')}\n</section>`)
  }

  if (page.audiences.length > 0) {
    const items = page.audiences.map(
      (audience) =>
        `<li id="audience-${escapeHtml(audience.slug)}"><strong>${escapeHtml(audience.name)}</strong>` +
        (audience.description ? `: ${escapeHtml(audience.description)}` : '') +
        '</li>',
    )
    sections.push(
      `<section id="audiences">\n<h2>Who may benefit</h2>\n<ul>\n${items.join('\n')}\n</ul>\n</section>`,
    )
  }

  if (page.warnings.length > 0) {
    const items = page.warnings.map((warning) => {
      const limit = warning.doseLimit
      const details = [
        limit
          ? `Upper limit: ${limit.amount.toLocaleString('en-US')} ${limit.unit}` +
            (limit.perKg ? ' per kg of body weight' : '') +
            ` ${PERIODS[limit.per] ?? limit.per}` +
            (limit.nutrient ? ` of ${limit.nutrient}` : '') +
            (limit.population ? ` for ${limit.population}` : '') +
            (limit.authority ? ` (${limit.authority})` : '')
          : undefined,
        warning.interactingSubstances.length > 0
          ? `Interacts with: ${warning.interactingSubstances.join(', ')}`
          : undefined,
        warning.population ? `Not recommended for: ${warning.population}` : undefined,
        warning.effects.length > 0 ? `Possible effects: ${warning.effects.join(', ')}` : undefined,
      ].filter(Boolean)
      return (
        `<article class="warning severity-${escapeHtml(warning.severity)}">\n` +
        `<h3>${escapeHtml(warning.title)}</h3>\n` +
        `<p class="facts">${escapeHtml(
          [titleFor(WARNING_KINDS, warning.kind), titleFor(SEVERITIES, warning.severity)]
            .filter(Boolean)
            .join(' · '),
        )}</p>\n` +
        `<p>${escapeHtml(warning.text)}${markers(warning.citationIds)}</p>\n` +
        details.map((detail) => `<p>${escapeHtml(detail)}</p>\n`).join('') +
        '</article>'
      )
    })
    sections.push(
      `<section id="safety">\n<h2>Safety considerations</h2>\n${items.join('\n')}\n</section>`,
    )
  }

  // The takeaway is often part of the article already; show it only when it adds text.
  if (page.takeaway && !normalize(bodyText).includes(normalize(page.takeaway))) {
    sections.push(
      `<section id="takeaway">\n<h2>The takeaway</h2>\n<p>${escapeHtml(page.takeaway)}</p>\n</section>`,
    )
  }

  if (page.citations.length > 0) {
    const items = page.citations.map(
      (citation, index) => `<li id="citation-${index + 1}">${citationHtml(citation)}</li>`,
    )
    sections.push(
      `<section id="works-cited">\n<h2>Works cited</h2>\n<ol>\n${items.join('\n')}\n</ol>\n</section>`,
    )
  }

  sections.push(
    `<footer id="disclaimer">\n<h2>Content Disclaimer</h2>\n<p>${escapeHtml(page.disclaimer)}</p>\n</footer>`,
  )

  const jsonLd = supplementJsonLd(page, {url: options.url})
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    page.summary ? `<meta name="description" content="${escapeHtml(page.summary)}">` : '',
    options.url ? `<link rel="canonical" href="${safeHref(options.url)}">` : '',
    page.review.status === 'reviewed' ? '' : '<meta name="robots" content="noindex">',
    `<script type="application/ld+json">\n${jsonForScript(jsonLd)}\n</script>`,
    '</head>',
    '<body>',
    '<article>',
    ...sections,
    '</article>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n')
}

function reviewLine(page: SupplementPage): string {
  const {status, reviewer, lastReviewed} = page.review
  if (status !== 'reviewed') {
    return `<p class="review review-pending">Preview: this content has not been medically reviewed.</p>`
  }
  const date = formatDate(lastReviewed)
  const parts = [
    'Medically reviewed',
    reviewer ? ` by ${escapeHtml(reviewer)}` : '',
    date && lastReviewed
      ? ` on <time datetime="${escapeHtml(lastReviewed)}">${escapeHtml(date)}</time>`
      : '',
  ]
  return `<p class="review">${parts.join('')}.</p>`
}

function citationHtml(citation: PageCitation): string {
  const parts = [`<a href="${safeHref(citation.url)}">${escapeHtml(citation.title)}</a>`]
  const facts = [
    citation.publisher,
    citation.issued ? String(citation.issued) : undefined,
    titleFor(SOURCE_TYPES, citation.sourceType),
  ].filter(Boolean)
  if (facts.length > 0) parts.push(escapeHtml(facts.join(', ')))
  const accessed = formatDate(citation.accessed)
  if (accessed) parts.push(`Accessed ${escapeHtml(accessed)}`)
  const identifiers = [
    citation.doi
      ? `DOI <a href="${safeHref(`https://doi.org/${citation.doi}`)}">${escapeHtml(citation.doi)}</a>`
      : undefined,
    citation.pmid
      ? `PMID <a href="${safeHref(`https://pubmed.ncbi.nlm.nih.gov/${citation.pmid}/`)}">${escapeHtml(citation.pmid)}</a>`
      : undefined,
    citation.pmcid
      ? `PMCID <a href="${safeHref(`https://pmc.ncbi.nlm.nih.gov/articles/${citation.pmcid}/`)}">${escapeHtml(citation.pmcid)}</a>`
      : undefined,
  ].filter(Boolean)
  if (identifiers.length > 0) parts.push(identifiers.join(', '))
  const alternates = citation.alternateUrls.filter((url) => url !== citation.url)
  if (alternates.length > 0) {
    parts.push(
      'also at ' +
        alternates.map((url) => `<a href="${safeHref(url)}">${escapeHtml(url)}</a>`).join(', '),
    )
  }
  return `${parts.join('. ')}.`
}

/**
 * The narrative part of the body. An imported article carries its works-cited list (list items
 * wholly annotated with a citation) and its disclaimer in the body too; the page shows both from
 * the structured fields instead (de-duplicated, with links), so those blocks and the heading right
 * before them are left out here.
 */
export function articleBlocks(
  body: readonly PortableTextBlock[],
  disclaimer: string | null,
): PortableTextBlock[] {
  const drop = new Set<number>()
  body.forEach((block, index) => {
    if (isWorksCitedEntry(block)) drop.add(index)
    else if (disclaimer && normalize(blockText(block)) === normalize(disclaimer)) drop.add(index)
  })
  // A heading whose section is entirely dropped ("Works Cited", "Content Disclaimer") goes too.
  body.forEach((block, index) => {
    if (!isHeading(block) || !drop.has(index + 1)) return
    let next = index + 1
    while (next < body.length && drop.has(next)) next++
    if (next === body.length || isHeading(body[next])) drop.add(index)
  })
  return body.filter((_, index) => !drop.has(index))
}

function isHeading(block: PortableTextBlock): boolean {
  return block._type === 'block' && /^h\d$/.test(block.style ?? '')
}

function isWorksCitedEntry(block: PortableTextBlock): boolean {
  if (block._type !== 'block' || !block.listItem) return false
  const citationKeys = new Set(
    (block.markDefs ?? []).filter((def) => def._type === 'citationReference').map((d) => d._key),
  )
  const spans = (block.children ?? []).filter((span) => (span.text ?? '').trim() !== '')
  return (
    citationKeys.size > 0 &&
    spans.length > 0 &&
    spans.every((span) => (span.marks ?? []).some((mark) => citationKeys.has(mark)))
  )
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
