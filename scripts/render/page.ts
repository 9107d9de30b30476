import {toHTML} from '@portabletext/to-html'
import {toPlainText} from '@portabletext/toolkit'
import type {PortableTextBlock} from '@portabletext/types'
import {stegaClean} from '@sanity/client/stega'

import {
  EVIDENCE_STRENGTHS,
  HEALTH_AREAS,
  SEVERITIES,
  SOURCE_TYPES,
  titleFor,
  WARNING_KINDS,
} from '../../schemas/lib/vocabularies.ts'
import {type ArticleBlock, matchText, planArticle} from '../../site/article.ts'
import {citationNumbering, citationNumbersFor, citationPublisher} from '../../site/citations.ts'
import {type ResolvedSiteConfig, supplementUrl} from '../../site/config.ts'
import {pageDateModified, supplementJsonLd} from '../../site/jsonld.ts'
import {
  citationAnchor,
  citationHtmlComponents,
  citationMarkersHtml,
  normalBlockHtml,
} from '../../site/portable-text/html.ts'
import type {PageCitation, PageWarning, SupplementPage} from '../../site/types.ts'
import {escapeHtml, formatDate, jsonForScript, safeHref} from './html.ts'
import {PAGE_STYLES} from './styles.ts'

export interface RenderOptions {
  /** The site: its name and base URL, publisher and author (for the byline and JSON-LD). */
  site?: ResolvedSiteConfig
  /** Absolute URL of the page, when it is not `<baseUrl>supplements/<slug>/`. */
  url?: string
}

const PERIODS: Record<string, string> = {
  day: 'per day',
  week: 'per week',
  dose: 'per dose',
  serving: 'per serving',
}

/**
 * Static HTML for the supplement page query's result: one article in which each fact appears
 * once (see `planArticle`), claims carry numbered markers linking to the works cited, then the
 * works cited from the citation documents, the disclaimer from its field, and schema.org JSON-LD.
 * Pure: same input, same output; every value from the content lake is escaped, and values are
 * compared and put into JSON-LD only after `stegaClean`, so a visual-editing fetch renders alike.
 */
export function renderSupplementPage(page: SupplementPage, options: RenderOptions = {}): string {
  const clean = stegaClean(page)
  const {site} = options
  const url = options.url ?? (site ? supplementUrl(site, clean.slug) : undefined)
  const citationNumber = citationNumbering(clean.citations)
  const markers = (ids: readonly string[]) =>
    citationMarkersHtml(citationNumbersFor(ids, citationNumber))
  const plan = planArticle(page)
  const shown = (text: string | null | undefined) =>
    Boolean(text) && plan.text.includes(matchText(text))

  const bodyHtml = toHTML(plan.blocks as ArticleBlock[], {
    onMissingComponent: false,
    components: {
      ...citationHtmlComponents({citationNumber}),
      block: {
        normal: (options) => {
          const decoration = plan.decorations.get(options.value)
          if (!decoration) return normalBlockHtml(options)
          const html = `<p>${options.children ?? ''}${decorationMarkers(decoration)}</p>`
          return decoration.warnings.length > 0
            ? warningBox(decoration.warnings, html, blockText(options.value))
            : html
        },
      },
      listItem: ({children, value}) => {
        const decoration = plan.decorations.get(value)
        const benefit = decoration?.benefits[0]
        const audience = decoration?.audiences[0]
        const id = benefit
          ? ` id="benefit-${escapeHtml(stegaClean(benefit.slug))}"`
          : audience
            ? ` id="audience-${escapeHtml(stegaClean(audience.slug))}"`
            : ''
        const facts = [
          ...(decoration?.benefits ?? []).flatMap((b) => benefitFacts(b)),
          ...(decoration?.warnings ?? []).flatMap((w) => [
            `${stegaClean(w.kind) === 'general' ? 'Safety note' : titleFor(WARNING_KINDS, stegaClean(w.kind))} (${titleFor(SEVERITIES, stegaClean(w.severity))})`,
            ...warningFacts(w, blockText(value)),
          ]),
        ]
        return (
          `<li${id}>${children ?? ''}${decorationMarkers(decoration)}` +
          (facts.length > 0 ? ` <span class="facts">${escapeHtml(facts.join(' · '))}</span>` : '') +
          '</li>'
        )
      },
      types: {
        warningCallout: ({value}) => {
          const warning = (value as {warning: PageWarning}).warning
          return warningBox(
            [warning],
            `<p>${escapeHtml(warning.text)}${markers(warning.citationIds)}</p>`,
            warning.text,
            true,
          )
        },
      },
    },
  })

  function decorationMarkers(decoration: ReturnType<typeof plan.decorations.get>): string {
    if (!decoration) return ''
    return markers([
      ...decoration.benefits.flatMap((b) => b.citationIds),
      ...decoration.warnings.flatMap((w) => w.citationIds),
    ])
  }

  /** A narrative block that states a warning, set apart with its kind, severity and limits. */
  function warningBox(
    warnings: PageWarning[],
    html: string,
    said: string,
    withTitle = false,
  ): string {
    const severities = warnings.map((w) => stegaClean(w.severity))
    const severity = severities.includes('serious')
      ? 'serious'
      : severities.includes('caution')
        ? 'caution'
        : 'info'
    // "General" says nothing to a reader beside a specific kind; alone it is a safety note.
    const kinds = [...new Set(warnings.map((w) => stegaClean(w.kind)))]
    const specific = kinds.filter((kind) => kind !== 'general')
    const label =
      specific.length > 0
        ? specific.map((kind) => titleFor(WARNING_KINDS, kind) ?? kind).join(', ')
        : 'Safety note'
    const details = warnings.flatMap((w) => warningFacts(w, said))
    return (
      `<div class="callout severity-${severity}">\n` +
      `<p class="callout-label"><strong>${escapeHtml(label)}</strong> · ${escapeHtml(titleFor(SEVERITIES, severity))}</p>\n` +
      (withTitle
        ? warnings.map((w) => `<p class="callout-title">${escapeHtml(w.title)}</p>\n`).join('')
        : '') +
      html +
      details.map((detail) => `\n<p class="facts">${escapeHtml(detail)}</p>`).join('') +
      '\n</div>'
    )
  }

  const title = page.headline ?? page.name
  const cleanTitle = clean.headline ?? clean.name
  const sections: string[] = []

  sections.push(
    `<header class="article-header">\n<h1>${escapeHtml(title)}</h1>\n` +
      (page.summary && !shown(page.summary)
        ? `<p class="lead">${escapeHtml(page.summary)}</p>\n`
        : '') +
      `${byline(clean, site)}\n</header>`,
  )

  sections.push(`<div class="article-body">\n${bodyHtml}\n</div>`)

  const ingredients = clean.ingredients.filter(
    (ingredient) =>
      (ingredient.form && !shown(ingredient.form)) || (ingredient.role && !shown(ingredient.role)),
  )
  if (ingredients.length > 0) {
    const rawByKey = new Map(
      page.ingredients.map((ingredient) => [stegaClean(ingredient._key), ingredient]),
    )
    const items = ingredients.map((cleanIngredient) => {
      const ingredient = rawByKey.get(cleanIngredient._key) ?? cleanIngredient
      return (
        `<li><strong>${escapeHtml(ingredient.name)}</strong>` +
        (ingredient.form ? ` (${escapeHtml(ingredient.form)})` : '') +
        (ingredient.role ? `: ${escapeHtml(ingredient.role)}` : '') +
        '</li>'
      )
    })
    sections.push(
      `<section id="ingredients" aria-labelledby="ingredients-title">\n<h2 id="ingredients-title">Active ingredients</h2>\n<ul>\n${items.join('\n')}\n</ul>\n</section>`,
    )
  }

  const steps = page.mechanism.filter((step) => !shown(step.effect))
  if (steps.length > 0) {
    sections.push(
      `<section id="mechanism" aria-labelledby="mechanism-title">\n<h2 id="mechanism-title">How it works</h2>\n<ul>\n` +
        steps
          .map((step) =>
            step.target
              ? `<li><strong>${escapeHtml(step.target)}</strong>: ${escapeHtml(step.effect)}</li>`
              : `<li>${escapeHtml(step.effect)}</li>`,
          )
          .join('\n') +
        '\n</ul>\n</section>',
    )
  }

  if (page.takeaway && !shown(page.takeaway)) {
    sections.push(
      `<section id="takeaway" aria-labelledby="takeaway-title">\n<h2 id="takeaway-title">The takeaway</h2>\n<p>${escapeHtml(page.takeaway)}</p>\n</section>`,
    )
  }

  if (page.citations.length > 0) {
    const items = page.citations.map(
      (citation, index) =>
        `<li id="${citationAnchor(index + 1)}">${citationHtml(citation, clean.citations[index])}</li>`,
    )
    sections.push(
      `<section id="works-cited" aria-labelledby="works-cited-title">\n<h2 id="works-cited-title">Works cited</h2>\n<ol>\n${items.join('\n')}\n</ol>\n</section>`,
    )
  }

  if (page.disclaimer) {
    const paragraphs = page.disclaimer
      .split(/\n\s*\n/)
      .filter((part) => part.trim() !== '')
      .map((part) => `<p>${escapeHtml(part.trim())}</p>`)
    sections.push(
      `<section id="disclaimer" aria-labelledby="disclaimer-title">\n<h2 id="disclaimer-title">Content disclaimer</h2>\n${paragraphs.join('\n')}\n</section>`,
    )
  }

  const jsonLd = supplementJsonLd(page, {site, url})
  const description = clean.summary ?? undefined
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(site?.language ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(site ? `${cleanTitle} | ${site.name}` : cleanTitle)}</title>`,
    description ? `<meta name="description" content="${escapeHtml(description)}">` : '',
    url ? `<link rel="canonical" href="${safeHref(url)}">` : '',
    clean.review.status === 'reviewed' ? '' : '<meta name="robots" content="noindex">',
    `<style>\n${PAGE_STYLES}\n</style>`,
    `<script type="application/ld+json">\n${jsonForScript(jsonLd)}\n</script>`,
    '</head>',
    '<body>',
    site
      ? `<header class="site-header"><a href="${safeHref(site.baseUrl)}">${escapeHtml(site.name)}</a></header>`
      : '',
    '<main id="main">',
    '<article>',
    ...sections,
    '</article>',
    '</main>',
    site
      ? `<footer class="site-footer"><p>Published by ${escapeHtml(site.publisher.name)}.</p></footer>`
      : '',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n')
}

function blockText(block: unknown): string {
  return toPlainText(block as PortableTextBlock)
}

function benefitFacts(benefit: SupplementPage['benefits'][number]): string[] {
  const strength = stegaClean(benefit.evidenceStrength)
  return [
    titleFor(HEALTH_AREAS, stegaClean(benefit.healthArea)),
    strength && strength !== 'unrated'
      ? `Evidence: ${titleFor(EVIDENCE_STRENGTHS, strength)}`
      : undefined,
  ].filter((fact): fact is string => Boolean(fact))
}

/** The structured facts of a warning that its statement (`said`) does not already give. */
function warningFacts(warning: PageWarning, said: string): string[] {
  const text = matchText(said)
  const says = (phrase: string) => text.includes(matchText(phrase))
  const limit = warning.doseLimit
  const amount = limit ? limit.amount.toLocaleString('en-US') : ''
  const kind = stegaClean(warning.kind)
  return [
    limit &&
    !(says(`${amount} ${stegaClean(limit.unit)}`) && (!limit.population || says(limit.population)))
      ? `Upper limit${limit.nutrient ? ` of ${limit.nutrient}` : ''}: ${amount} ${limit.unit}` +
        (limit.perKg ? ' per kg of body weight' : '') +
        ` ${PERIODS[stegaClean(limit.per)] ?? limit.per}` +
        (limit.population ? ` for ${limit.population}` : '') +
        (limit.authority ? ` (${limit.authority})` : '')
      : undefined,
    kind === 'drugInteraction' && warning.interactingSubstances.some((s) => !says(s))
      ? `Interacts with: ${warning.interactingSubstances.join(', ')}`
      : undefined,
    kind === 'contraindication' && warning.population && !says(warning.population)
      ? `Not recommended for: ${warning.population}`
      : undefined,
    kind === 'sideEffect' && warning.effects.some((effect) => !says(effect))
      ? `Possible effects: ${warning.effects.join(', ')}`
      : undefined,
  ].filter((fact): fact is string => Boolean(fact))
}

function byline(page: SupplementPage, site: ResolvedSiteConfig | undefined): string {
  const {status, reviewer, lastReviewed} = page.review
  const parts: string[] = []
  if (status !== 'reviewed') {
    parts.push(
      '<p class="review review-pending">Preview: this content has not been medically reviewed.</p>',
    )
  } else {
    const date = formatDate(lastReviewed)
    parts.push(
      '<p class="review">Medically reviewed' +
        (reviewer ? ` by ${escapeHtml(reviewer)}` : '') +
        (date && lastReviewed
          ? ` on <time datetime="${escapeHtml(lastReviewed.slice(0, 10))}">${escapeHtml(date)}</time>`
          : '') +
        '.</p>',
    )
  }
  const modified = pageDateModified(page)
  const updated = formatDate(modified)
  const meta = [
    site ? `By ${escapeHtml(site.author.name)}` : undefined,
    updated
      ? `Updated <time datetime="${escapeHtml(modified)}">${escapeHtml(updated)}</time>`
      : undefined,
  ].filter(Boolean)
  if (meta.length > 0) parts.push(`<p class="byline">${meta.join(' · ')}</p>`)
  return parts.join('\n')
}

function citationHtml(citation: PageCitation, clean: PageCitation): string {
  const parts = [`<a href="${safeHref(clean.url)}">${escapeHtml(citation.title)}</a>`]
  const publisher = citationPublisher(clean)
  const facts = [
    publisher
      ? publisher.archive
        ? `${publisher.archive}, ${publisher.name}`
        : publisher.name
      : undefined,
    clean.issued ? String(clean.issued) : undefined,
    titleFor(SOURCE_TYPES, clean.sourceType),
  ].filter(Boolean)
  if (facts.length > 0) parts.push(escapeHtml(facts.join(', ')))
  const accessed = formatDate(clean.accessed)
  if (accessed) parts.push(`Accessed ${escapeHtml(accessed)}`)
  const identifiers = [
    clean.doi
      ? `DOI <a href="${safeHref(`https://doi.org/${clean.doi}`)}">${escapeHtml(clean.doi)}</a>`
      : undefined,
    clean.pmid
      ? `PMID <a href="${safeHref(`https://pubmed.ncbi.nlm.nih.gov/${clean.pmid}/`)}">${escapeHtml(clean.pmid)}</a>`
      : undefined,
    clean.pmcid
      ? `PMCID <a href="${safeHref(`https://pmc.ncbi.nlm.nih.gov/articles/${clean.pmcid}/`)}">${escapeHtml(clean.pmcid)}</a>`
      : undefined,
  ].filter(Boolean)
  if (identifiers.length > 0) parts.push(identifiers.join(', '))
  // A PubMed or PMC copy already linked by its identifier is not listed again.
  const linked = new Set(
    [
      clean.url,
      clean.doi && `https://doi.org/${clean.doi}`,
      clean.pmid && `https://pubmed.ncbi.nlm.nih.gov/${clean.pmid}/`,
      clean.pmcid && `https://pmc.ncbi.nlm.nih.gov/articles/${clean.pmcid}/`,
    ].filter(Boolean),
  )
  const alternates = clean.alternateUrls.filter((url) => !linked.has(url))
  if (alternates.length > 0) {
    parts.push(
      'Also at ' +
        alternates.map((url) => `<a href="${safeHref(url)}">${escapeHtml(url)}</a>`).join(', '),
    )
  }
  return `${parts.join('. ')}.`
}
