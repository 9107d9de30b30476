/** Words shown to editors in previews and list titles, kept in one place so they stay consistent. */

/** "1 citation", "2 citations", "0 citations"; `many` for irregular plurals. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

export interface ReviewStateInput {
  /** `review.status`: draft (never reviewed), inReview or reviewed. */
  status?: string
  /** `review.revision`: the supplement revision the reviewer approved. */
  approvedRevision?: string
  /** The shown document's `_rev` (a draft's, when there is one). */
  rev?: string
}

/**
 * The medical-review state in words that cannot be confused with Sanity's own Draft/Published:
 * "Not reviewed", "In review", "Reviewed", or "Changed since review" when the supplement shown is
 * not the revision the reviewer approved. Only the supplement's own revision is compared here;
 * the document badge and the "Changed since review" list also watch the linked documents.
 */
export function reviewStateLabel({status, approvedRevision, rev}: ReviewStateInput): string {
  if (status === 'inReview') return 'In review'
  if (status !== 'reviewed') return 'Not reviewed'
  if (approvedRevision && rev && rev !== approvedRevision) return 'Changed since review'
  return 'Reviewed'
}

/**
 * What a claim's preview says about its sources: "2 citations", or for a claim with none yet,
 * whether suggestions wait for an editor ("No citations · 3 suggested to confirm").
 */
export function citationCountLabel(cited: unknown, suggested: unknown): string {
  const citedCount = Array.isArray(cited) ? cited.length : 0
  const suggestedCount = Array.isArray(suggested) ? suggested.length : 0
  const citations = citedCount > 0 ? plural(citedCount, 'citation') : 'No citations'
  return suggestedCount > 0 ? `${citations} · ${suggestedCount} suggested to confirm` : citations
}

/** Sanity's default slug for a title: lower case, words joined by hyphens. */
export function defaultSlug(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/**
 * What tells a document apart from others with the same title, for previews that can only read
 * the document itself (structure lists and search): slugs are unique, so two benefits both titled
 * "Heart health" differ there. The importer prefixes the supplement's slug ("omega-3-heart-health"),
 * so that prefix is shown alone; a slug that is just the title's is not shown at all.
 */
export function slugHint(title: unknown, slug: unknown): string | undefined {
  if (typeof slug !== 'string' || !slug) return undefined
  const own = typeof title === 'string' ? defaultSlug(title) : ''
  if (!own) return slug
  if (slug === own) return undefined
  return slug.endsWith(`-${own}`) ? slug.slice(0, -own.length - 1) : slug
}
