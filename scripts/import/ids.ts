import {shortHash, slugify} from './text.ts'

/**
 * Deterministic ids from content identity. These are the published ids; the importer writes only
 * their drafts (`drafts.<id>`), and a medical reviewer's "Mark reviewed" publishes them.
 */
export const supplementId = (slug: string) => `supplement-${slug}`
export const benefitId = (supplementSlug: string, title: string) =>
  `benefit-${supplementSlug}-${slugify(title, 50)}`
export const audienceId = (supplementSlug: string, name: string) =>
  `audience-${supplementSlug}-${slugify(name, 50)}`
export const warningId = (supplementSlug: string, identity: string) =>
  `warning-${supplementSlug}-${slugify(identity, 50)}`
export const citationId = (canonicalUrl: string) => `citation-${shortHash(canonicalUrl)}`
/**
 * The importer's bookkeeping lives under a private path (the one dotted id on purpose): readers
 * with the dataset token see it, anonymous site readers never do.
 */
export const importRecordId = (supplementSlug: string) => `importRecord.${supplementSlug}`
export const importLockId = (supplementSlug: string) => `importLock-${supplementSlug}`

/** Array keys that stay the same for the same item, so re-imports diff cleanly. */
export const keyFor = (value: string) => shortHash(value, 12)
