/** Patterns shared by field validation and by the importer that reads identifiers from URLs. */
export const DOI_PATTERN = /^10\.\d{4,9}\/\S+$/
export const PMID_PATTERN = /^\d{1,9}$/
export const PMCID_PATTERN = /^PMC\d+$/

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** Today's date as YYYY-MM-DD in UTC, the form Sanity stores `date` fields in. */
export function todayIsoDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}
