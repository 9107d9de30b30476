export type {JsonLdOptions} from '../../site/jsonld.ts'
export {supplementJsonLd} from '../../site/jsonld.ts'

type JsonObject = {[key: string]: unknown}

/** Runtime check of the JSON-LD a page embeds (after JSON.parse), beside the compile-time one. */
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
