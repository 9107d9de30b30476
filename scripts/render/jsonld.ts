import {isHttpUrl} from '../../schemas/lib/validators.ts'
import {DOSE_PERIODS, titleFor} from '../../schemas/lib/vocabularies.ts'
import type {PageCitation, PageWarning, SupplementPage} from './types.ts'

export interface JsonLdOptions {
  /** Absolute URL of the page, when the site knows it. */
  url?: string
}

type JsonObject = {[key: string]: unknown}

const SCHEMA_FREQUENCY: Record<string, string> = {
  day: 'Daily',
  week: 'Weekly',
  dose: 'Per dose',
  serving: 'Per serving',
}

/**
 * schema.org JSON-LD for a supplement page: a `MedicalWebPage` about a `DietarySupplement`.
 * `lastReviewed` and `reviewedBy` are only claimed for content whose review is complete.
 */
export function supplementJsonLd(page: SupplementPage, options: JsonLdOptions = {}): JsonObject {
  const reviewed = page.review.status === 'reviewed'
  const doseLimits = page.warnings.flatMap((warning) =>
    warning.kind === 'doseLimit' && warning.doseLimit ? [warning.doseLimit] : [],
  )
  const supplement: JsonObject = compact({
    '@type': 'DietarySupplement',
    name: page.name,
    description: page.summary ?? undefined,
    activeIngredient: page.ingredients.map((ingredient) =>
      ingredient.form ? `${ingredient.name} (${ingredient.form})` : ingredient.name,
    ),
    mechanismOfAction:
      page.mechanism.length > 0
        ? page.mechanism.map((step) => `${step.target}: ${step.effect}`).join(' ')
        : undefined,
    targetPopulation: page.audiences.map((audience) => audience.name),
    safetyConsideration: page.warnings.map(safetyConsideration),
    maximumIntake: doseLimits.map((limit) =>
      compact({
        '@type': 'MaximumDoseSchedule',
        doseValue: limit.amount,
        // schema.org has no body-weight field: the unit says it, as in "mg/kg".
        doseUnit: limit.perKg ? `${limit.unit}/kg` : limit.unit,
        frequency: SCHEMA_FREQUENCY[limit.per] ?? titleFor(DOSE_PERIODS, limit.per),
        targetPopulation: limit.population ?? undefined,
      }),
    ),
  })
  return compact({
    '@context': 'https://schema.org',
    '@type': 'MedicalWebPage',
    name: page.headline ?? page.name,
    headline: page.headline ?? undefined,
    description: page.summary ?? undefined,
    url: options.url,
    dateModified: page._updatedAt,
    lastReviewed: reviewed ? (page.review.lastReviewed ?? undefined) : undefined,
    reviewedBy:
      reviewed && page.review.reviewer
        ? {'@type': 'Person', name: page.review.reviewer}
        : undefined,
    about: supplement,
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

function citationJsonLd(citation: PageCitation): JsonObject {
  const sameAs = [
    ...citation.alternateUrls,
    citation.doi ? `https://doi.org/${citation.doi}` : undefined,
  ].filter(
    (url): url is string => typeof url === 'string' && isHttpUrl(url) && url !== citation.url,
  )
  const identifier = [
    citation.doi && {'@type': 'PropertyValue', propertyID: 'DOI', value: citation.doi},
    citation.pmid && {'@type': 'PropertyValue', propertyID: 'PMID', value: citation.pmid},
    citation.pmcid && {'@type': 'PropertyValue', propertyID: 'PMCID', value: citation.pmcid},
  ].filter(Boolean)
  return compact({
    '@type': citation.sourceType === 'peerReviewedJournal' ? 'ScholarlyArticle' : 'CreativeWork',
    name: citation.title,
    url: isHttpUrl(citation.url) ? citation.url : undefined,
    sameAs: [...new Set(sameAs)],
    publisher: citation.publisher ? {'@type': 'Organization', name: citation.publisher} : undefined,
    datePublished: citation.issued ? String(citation.issued) : undefined,
    identifier,
  })
}

/** Drops undefined values and empty arrays, so the output never claims an empty property. */
function compact(value: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, entry]) => entry !== undefined && !(Array.isArray(entry) && entry.length === 0),
    ),
  )
}

const CITATION_TYPES = new Set(['CreativeWork', 'ScholarlyArticle', 'MedicalScholarlyArticle'])
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Checks the shape of the JSON-LD `supplementJsonLd` produces against the schema.org properties
 * it uses; returns the problems found (empty when the shape is right).
 */
export function checkMedicalWebPage(value: unknown): string[] {
  const problems: string[] = []
  const expect = (ok: unknown, message: string) => {
    if (!ok) problems.push(message)
  }
  if (!isObject(value)) return ['JSON-LD is not an object']
  expect(value['@context'] === 'https://schema.org', '@context must be https://schema.org')
  expect(value['@type'] === 'MedicalWebPage', '@type must be MedicalWebPage')
  expect(isText(value.name), 'name must be non-empty text')
  if (value.lastReviewed !== undefined) {
    expect(
      typeof value.lastReviewed === 'string' && ISO_DATE.test(value.lastReviewed),
      'lastReviewed must be an ISO date (YYYY-MM-DD)',
    )
  }
  if (value.reviewedBy !== undefined) {
    const reviewer = value.reviewedBy
    expect(
      isObject(reviewer) &&
        (reviewer['@type'] === 'Person' || reviewer['@type'] === 'Organization') &&
        isText(reviewer.name),
      'reviewedBy must be a Person or Organization with a name',
    )
  }
  const about = value.about
  if (!isObject(about)) {
    problems.push('about must be a DietarySupplement object')
  } else {
    expect(about['@type'] === 'DietarySupplement', 'about.@type must be DietarySupplement')
    expect(isText(about.name), 'about.name must be non-empty text')
    for (const key of ['activeIngredient', 'targetPopulation', 'safetyConsideration']) {
      if (about[key] === undefined) continue
      expect(
        Array.isArray(about[key]) && about[key].every(isText),
        `about.${key} must be a list of non-empty text`,
      )
    }
    if (about.maximumIntake !== undefined) {
      const schedules = about.maximumIntake
      expect(Array.isArray(schedules), 'about.maximumIntake must be a list')
      for (const [index, schedule] of (Array.isArray(schedules) ? schedules : []).entries()) {
        expect(
          isObject(schedule) &&
            schedule['@type'] === 'MaximumDoseSchedule' &&
            typeof schedule.doseValue === 'number' &&
            schedule.doseValue > 0 &&
            isText(schedule.doseUnit) &&
            isText(schedule.frequency),
          `about.maximumIntake[${index}] must be a MaximumDoseSchedule with doseValue, doseUnit and frequency`,
        )
      }
    }
  }
  if (value.citation !== undefined) {
    const citations = value.citation
    expect(Array.isArray(citations), 'citation must be a list')
    for (const [index, citation] of (Array.isArray(citations) ? citations : []).entries()) {
      expect(
        isObject(citation) &&
          CITATION_TYPES.has(String(citation['@type'])) &&
          isText(citation.name) &&
          (citation.url === undefined ||
            (typeof citation.url === 'string' && /^https?:\/\//.test(citation.url))),
        `citation[${index}] must be a CreativeWork with a name and an http(s) url if any`,
      )
    }
  }
  return problems
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0
}
