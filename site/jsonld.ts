import {stegaClean} from '@sanity/client/stega'
import type {
  CreativeWork,
  DietarySupplement,
  IdReference,
  MaximumDoseSchedule,
  MedicalWebPage,
  Organization,
  Person,
  PropertyValue,
  ScholarlyArticle,
  WithContext,
} from 'schema-dts'

import {isHttpUrl} from '../schemas/lib/validators.ts'
import {DOSE_PERIODS, titleFor} from '../schemas/lib/vocabularies.ts'
import {citationPublisher} from './citations.ts'
import {type ResolvedSiteConfig, supplementUrl} from './config.ts'
import type {PageCitation, PageWarning, SupplementPage} from './types.ts'

export interface JsonLdOptions {
  /** The site: publisher, author, language, base URL (the page URL is derived from it). */
  site?: ResolvedSiteConfig
  /** Absolute URL of the page, when it is not `<baseUrl>supplements/<slug>/`. */
  url?: string
}

const SCHEMA_FREQUENCY: Record<string, string> = {
  day: 'Daily',
  week: 'Weekly',
  dose: 'Per dose',
  serving: 'Per serving',
}

/**
 * The newest `_updatedAt` among the documents a page shows (the supplement, its benefits,
 * audiences, warnings and citations): an edited warning changes the page as much as its text.
 */
export function pageDateModified(page: SupplementPage): string {
  const dates = [
    page._updatedAt,
    ...page.benefits.map((doc) => doc._updatedAt),
    ...page.audiences.map((doc) => doc._updatedAt),
    ...page.warnings.map((doc) => doc._updatedAt),
    ...page.citations.map((doc) => doc._updatedAt),
  ].filter((date): date is string => typeof date === 'string' && !Number.isNaN(Date.parse(date)))
  return dates.reduce((newest, date) => (Date.parse(date) > Date.parse(newest) ? date : newest))
}

/**
 * schema.org JSON-LD for a supplement page: a `MedicalWebPage` about a `DietarySupplement`,
 * type-checked against the whole schema.org vocabulary by `schema-dts`. Values are cleaned of
 * stega (visual editing) characters first. `lastReviewed` and `reviewedBy` are only claimed for
 * content whose review is complete.
 */
export function supplementJsonLd(
  stegaPage: SupplementPage,
  options: JsonLdOptions = {},
): WithContext<MedicalWebPage> {
  const page = stegaClean(stegaPage)
  const {site} = options
  const url = options.url ?? (site ? supplementUrl(site, page.slug ?? page._id) : undefined)
  const reviewed = page.review.status === 'reviewed'
  const publisher: Organization | undefined = site
    ? compact({
        '@type': 'Organization' as const,
        '@id': `${site.baseUrl}#publisher`,
        name: site.publisher.name,
        url: site.publisher.url,
        logo: site.publisher.logo,
      })
    : undefined
  const author: Person | Organization | IdReference | undefined = !site
    ? undefined
    : site.authorIsPublisher
      ? {'@id': `${site.baseUrl}#publisher`}
      : site.author.type === 'Organization'
        ? compact({'@type': 'Organization' as const, name: site.author.name, url: site.author.url})
        : compact({'@type': 'Person' as const, name: site.author.name, url: site.author.url})

  const doseLimits = page.warnings.flatMap((warning) =>
    warning.kind === 'doseLimit' && warning.doseLimit ? [warning.doseLimit] : [],
  )
  const supplement: DietarySupplement = compact({
    '@type': 'DietarySupplement' as const,
    '@id': url ? `${url}#supplement` : undefined,
    name: page.name,
    description: page.summary ?? undefined,
    activeIngredient: page.ingredients.map((ingredient) =>
      ingredient.form ? `${ingredient.name} (${ingredient.form})` : ingredient.name,
    ),
    mechanismOfAction:
      page.mechanism.length > 0
        ? page.mechanism
            .map((step) => (step.target ? `${step.target}: ${step.effect}` : step.effect))
            .join(' ')
        : undefined,
    targetPopulation: page.audiences.map((audience) => audience.name),
    safetyConsideration: page.warnings.map(safetyConsideration),
    maximumIntake: doseLimits.map((limit): MaximumDoseSchedule =>
      compact({
        '@type': 'MaximumDoseSchedule' as const,
        doseValue: limit.amount,
        // schema.org has no body-weight field: the unit says it, as in "mg/kg".
        doseUnit: limit.perKg ? `${stegaClean(limit.unit)}/kg` : stegaClean(limit.unit),
        frequency: SCHEMA_FREQUENCY[limit.per] ?? titleFor(DOSE_PERIODS, limit.per) ?? limit.per,
        targetPopulation: limit.population ?? undefined,
      }),
    ),
  })
  return compact({
    '@context': 'https://schema.org' as const,
    '@type': 'MedicalWebPage' as const,
    '@id': url ? `${url}#webpage` : undefined,
    url,
    name: page.headline ?? page.name,
    headline: page.headline ?? undefined,
    description: page.summary ?? undefined,
    inLanguage: site?.language,
    image: site?.image,
    datePublished: page._createdAt,
    dateModified: pageDateModified(page),
    author,
    publisher,
    isPartOf: site
      ? {
          '@type': 'WebSite' as const,
          '@id': `${site.baseUrl}#website`,
          name: site.name,
          url: site.baseUrl,
        }
      : undefined,
    lastReviewed: reviewed ? (page.review.lastReviewed ?? undefined) : undefined,
    reviewedBy:
      reviewed && page.review.reviewer
        ? {'@type': 'Person' as const, name: page.review.reviewer}
        : undefined,
    about: supplement,
    mainEntity: url ? {'@id': `${url}#supplement`} : undefined,
    citation: page.citations.map(citationJsonLd),
  })
}

/**
 * schema.org's `contraindication` and `adverseOutcome` belong to MedicalTherapy and MedicalDevice,
 * not to DietarySupplement (a Substance and Product), so who a contraindication applies to and the
 * effects a side effect lists travel in the warning's `safetyConsideration` text, added only
 * where the editor's text does not already say them.
 */
function safetyConsideration(warning: PageWarning): string {
  const text = warning.text.trim()
  const says = (phrase: string) => text.toLowerCase().includes(phrase.trim().toLowerCase())
  const facts = [
    warning.population && !says(warning.population)
      ? `Not recommended for: ${warning.population}.`
      : undefined,
    warning.effects.some((effect) => !says(effect))
      ? `Possible effects: ${warning.effects.join(', ')}.`
      : undefined,
  ]
  return [text, ...facts].filter(Boolean).join(' ')
}

function citationJsonLd(citation: PageCitation): CreativeWork | ScholarlyArticle {
  const sameAs = [
    ...citation.alternateUrls,
    citation.doi ? `https://doi.org/${citation.doi}` : undefined,
  ].filter(
    (url): url is string => typeof url === 'string' && isHttpUrl(url) && url !== citation.url,
  )
  const identifier: PropertyValue[] = []
  if (citation.doi)
    identifier.push({'@type': 'PropertyValue', propertyID: 'DOI', value: citation.doi})
  if (citation.pmid)
    identifier.push({'@type': 'PropertyValue', propertyID: 'PMID', value: citation.pmid})
  if (citation.pmcid) {
    identifier.push({'@type': 'PropertyValue', propertyID: 'PMCID', value: citation.pmcid})
  }
  const publisher = citationPublisher(citation)
  return compact({
    '@type':
      citation.sourceType === 'peerReviewedJournal'
        ? ('ScholarlyArticle' as const)
        : ('CreativeWork' as const),
    name: citation.title,
    url: isHttpUrl(citation.url) ? citation.url : undefined,
    sameAs: [...new Set(sameAs)],
    publisher: publisher
      ? compact({'@type': 'Organization' as const, name: publisher.name, url: publisher.url})
      : undefined,
    datePublished: citation.issued ? String(citation.issued) : undefined,
    identifier,
  })
}

/** Drops undefined values and empty arrays, so the output never claims an empty property. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, entry]) => entry !== undefined && !(Array.isArray(entry) && entry.length === 0),
    ),
  ) as T
}
