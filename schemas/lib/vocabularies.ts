/**
 * Controlled vocabularies shared by the schema, the importer and the site queries, so a value an
 * importer writes is always one the Studio can show and a query can filter on.
 */
export interface Option<V extends string = string> {
  title: string
  value: V
}

export const SOURCE_TYPES = [
  {title: 'Peer-reviewed journal', value: 'peerReviewedJournal'},
  {title: 'Government', value: 'government'},
  {title: 'Clinical institution', value: 'clinicalInstitution'},
  {title: 'Drug database', value: 'drugDatabase'},
  {title: 'Consumer health media', value: 'consumerHealthMedia'},
  {title: 'Commercial', value: 'commercial'},
] as const satisfies readonly Option[]
export type SourceType = (typeof SOURCE_TYPES)[number]['value']

export const WARNING_KINDS = [
  {title: 'Dose limit', value: 'doseLimit'},
  {title: 'Drug interaction', value: 'drugInteraction'},
  {title: 'Contraindication', value: 'contraindication'},
  {title: 'Side effect', value: 'sideEffect'},
  {title: 'General', value: 'general'},
] as const satisfies readonly Option[]
export type WarningKind = (typeof WARNING_KINDS)[number]['value']

export const SEVERITIES = [
  {title: 'Info', value: 'info'},
  {title: 'Caution', value: 'caution'},
  {title: 'Serious', value: 'serious'},
] as const satisfies readonly Option[]
export type Severity = (typeof SEVERITIES)[number]['value']

export const EVIDENCE_STRENGTHS = [
  {title: 'Strong (meta-analyses, large RCTs)', value: 'strong'},
  {title: 'Moderate (some RCTs)', value: 'moderate'},
  {title: 'Limited (observational, small trials)', value: 'limited'},
  {title: 'Preliminary (lab or animal studies)', value: 'preliminary'},
  {title: 'Not yet rated', value: 'unrated'},
] as const satisfies readonly Option[]
export type EvidenceStrength = (typeof EVIDENCE_STRENGTHS)[number]['value']

export const HEALTH_AREAS = [
  {title: 'Bone and teeth', value: 'bone'},
  {title: 'Heart and blood vessels', value: 'cardiovascular'},
  {title: 'Immune system', value: 'immune'},
  {title: 'Brain and mood', value: 'cognitive'},
  {title: 'Muscles', value: 'muscle'},
  {title: 'Metabolism and energy', value: 'metabolic'},
  {title: 'Digestion', value: 'digestive'},
  {title: 'Skin, hair and nails', value: 'skin'},
  {title: 'Sleep', value: 'sleep'},
  {title: 'Nutrient absorption', value: 'nutrientAbsorption'},
  {title: 'Other', value: 'other'},
] as const satisfies readonly Option[]
export type HealthArea = (typeof HEALTH_AREAS)[number]['value']

export const REVIEW_STATUSES = [
  // Stored as 'draft' since the first release; shown in words distinct from Sanity's Draft state.
  {title: 'Not reviewed', value: 'draft'},
  {title: 'In review', value: 'inReview'},
  {title: 'Reviewed', value: 'reviewed'},
] as const satisfies readonly Option[]
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]['value']

export const DOSE_UNITS = [
  {title: 'IU', value: 'IU'},
  {title: 'mcg (µg)', value: 'mcg'},
  {title: 'mg', value: 'mg'},
  {title: 'g', value: 'g'},
  {title: 'mL', value: 'mL'},
] as const satisfies readonly Option[]
export type DoseUnit = (typeof DOSE_UNITS)[number]['value']

export const DOSE_PERIODS = [
  {title: 'per day', value: 'day'},
  {title: 'per week', value: 'week'},
  {title: 'per dose', value: 'dose'},
  {title: 'per serving', value: 'serving'},
] as const satisfies readonly Option[]
export type DosePeriod = (typeof DOSE_PERIODS)[number]['value']

export function titleFor(
  options: readonly Option[],
  value: string | undefined,
): string | undefined {
  return options.find((option) => option.value === value)?.title
}
