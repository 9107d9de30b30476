import {diffValue} from '@sanity/diff-patch'
import {getDraftId} from '@sanity/id-utils'

import type {ImportDocument} from './plan.ts'
import type {BaseEntry} from './record.ts'
import {shortHash, stableJson} from './text.ts'

/** System fields, never compared or written by a patch. */
const SYSTEM_FIELDS = new Set(['_id', '_type', '_rev', '_createdAt', '_updatedAt', '_originalId'])

/**
 * Reference lists merged item by item, not as one value: an editor who unlinks one warning must
 * not stop the article's new warning from being linked.
 */
const LINK_FIELDS = new Set(['benefits', 'audiences', 'warnings', 'citations'])
/** Unlinked only by editors: the article no longer stating a safety item is for a human to judge. */
const NEVER_UNLINKED = new Set(['warnings'])

export type StoredDocument = ImportDocument & {_rev: string}
export type FieldHashes = Record<string, string>
export type Mutation = Record<string, unknown>

export interface Versions {
  draft?: StoredDocument
  published?: StoredDocument
}

export interface Conflict {
  documentId: string
  field: string
  reason: string
  /** What the editor's copy holds: kept, unless `--force` overwrote it. */
  editorValue: unknown
  /** What the article says now. */
  articleValue: unknown
}

export interface DocumentMerge {
  /** The published id; the importer writes only its draft. */
  documentId: string
  documentType: string
  action: 'create' | 'update' | 'unchanged'
  mutations: Mutation[]
  /** Editor changes the article also changed: the editor's value is kept. */
  conflicts: Conflict[]
  /** Conflicts `--force` resolved for the article: the editor's value was discarded. */
  overwritten: Conflict[]
  /** Items the article no longer links that stay linked for an editor to judge. */
  keptLinks: Array<{field: string; id: string}>
  /** What the dataset holds from the importer after this merge: the next import's base. */
  hashes: FieldHashes
  links: Record<string, string[]>
  /** Deleted by an editor since the last import: not created again. */
  deleted?: boolean
  /** When an existing draft is patched: the whole fields written, for writers without diff patches. */
  draftPatch?: {id: string; ifRevisionID: string; set: Record<string, unknown>; unset: string[]}
}

/**
 * References compare by target only: a draft's `_weak`/`_strengthenOnPublish` pair and the strong
 * reference it becomes on publish are the same link. The import time changes on every run; it
 * must not make an unchanged article look changed.
 */
function comparable(field: string, value: unknown): unknown {
  const normalise = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(normalise)
    if (!node || typeof node !== 'object') return node
    const object = node as Record<string, unknown>
    if (typeof object._ref === 'string') return {_key: object._key, _ref: object._ref}
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, normalise(v)]))
  }
  if (field === 'provenance' && value && typeof value === 'object') {
    const {importedAt: _ignored, ...rest} = value as Record<string, unknown>
    return normalise(rest)
  }
  return normalise(value)
}

export function fieldHash(field: string, value: unknown): string {
  return shortHash(stableJson(comparable(field, value)), 16)
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  return stableJson(comparable(field, a)) === stableJson(comparable(field, b))
}

/** Objects merged key by key (a dose limit's amount and its population are separate facts). */
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  typeof (value as {_ref?: unknown})._ref !== 'string'
/** Never merged key by key: the import time is not content. */
const WHOLE_FIELDS = new Set(['provenance'])
const mergedByKey = (field: string, value: unknown) =>
  !WHOLE_FIELDS.has(field) && isPlainObject(value)

export function hashesOf(document: ImportDocument): FieldHashes {
  const hashes: FieldHashes = {}
  for (const [field, value] of Object.entries(document)) {
    if (SYSTEM_FIELDS.has(field) || value === undefined) continue
    hashes[field] = fieldHash(field, value)
    if (mergedByKey(field, value)) {
      for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
        if (sub !== undefined) hashes[`${field}.${key}`] = fieldHash(key, sub)
      }
    }
  }
  return hashes
}

type Ref = {_ref: string; _key?: string} & Record<string, unknown>
const isRefList = (value: unknown): value is Ref[] =>
  Array.isArray(value) &&
  value.every((item) => item && typeof item === 'object' && typeof item._ref === 'string')
const idsOf = (value: unknown) => (isRefList(value) ? value.map((item) => item._ref) : [])

export function linksOf(document: ImportDocument): Record<string, string[]> {
  const links: Record<string, string[]> = {}
  for (const field of LINK_FIELDS)
    if (isRefList(document[field])) links[field] = idsOf(document[field])
  return links
}

/**
 * A draft's references to documents that may exist only as drafts: weak until published, then
 * strong, as the Studio writes them (`_strengthenOnPublish`). Weak references stay weak.
 */
export function toDraftForm(
  document: ImportDocument,
  typeOf: (id: string) => string | undefined,
): ImportDocument {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (!node || typeof node !== 'object') return node
    const object = node as Record<string, unknown>
    if (typeof object._ref === 'string' && object._weak !== true) {
      const type = typeOf(object._ref)
      return type ? {...object, _weak: true, _strengthenOnPublish: {type}} : object
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, visit(v)]))
  }
  return visit(document) as ImportDocument
}

/**
 * Merges what the article says into one document's draft, three ways: what the importer last
 * wrote (`base`), what editors hold now (the draft, else the published document) and what the
 * article says (`desired`, in draft form). A field is written only while it still holds the
 * importer's last value; an editor's change is kept and, when the article changed it too,
 * reported as a conflict. `force` resolves exactly those conflicts for the article. Reference
 * lists merge by item. Nothing is ever written to the published document: the draft is created
 * from it when needed, and only a medical reviewer's approval publishes.
 */
export function mergeDocument(
  desired: ImportDocument,
  versions: Versions,
  base: BaseEntry | undefined,
  force: boolean,
): DocumentMerge {
  const result: DocumentMerge = {
    documentId: desired._id,
    documentType: desired._type,
    action: 'unchanged',
    mutations: [],
    conflicts: [],
    overwritten: [],
    keptLinks: [],
    hashes: {},
    links: linksOf(desired),
  }
  const draftId = getDraftId(desired._id as never) as string
  const current = versions.draft ?? versions.published
  if (!current && base) {
    // The importer wrote it and it is gone: an editor deleted it (or merged it into another).
    result.deleted = true
    result.hashes = base.hashes
    if (base.links) result.links = base.links
    return result
  }
  if (!current) {
    result.action = 'create'
    result.mutations.push({create: {...desired, _id: draftId}})
    result.hashes = hashesOf(desired)
    return result
  }
  const fields = new Set([
    ...Object.keys(desired),
    ...Object.keys(base?.hashes ?? {}).filter((key) => !key.includes('.')),
  ])
  const next: Record<string, unknown> = {}
  const unset: string[] = []
  for (const field of [...fields].sort()) {
    if (SYSTEM_FIELDS.has(field)) continue
    const want = desired[field]
    const have = current[field]
    const baseHash = base?.hashes[field]
    if (want !== undefined) Object.assign(result.hashes, subHashes(field, want))
    if (sameValue(field, have, want)) continue
    if (LINK_FIELDS.has(field) && isRefList(want) && (have === undefined || isRefList(have))) {
      const merged = mergeLinks(field, want, have ?? [], base, result)
      if (merged) next[field] = merged
      continue
    }
    const untouched =
      baseHash !== undefined ? fieldHash(field, have) === baseHash : have === undefined // a field nobody has filled in yet is free to fill
    if (!untouched && mergedByKey(field, want) && isPlainObject(have)) {
      // Key by key, so an editor's correction of one key survives the article changing another.
      const merged = {...have}
      const keys = new Set([
        ...Object.keys(want as object),
        ...Object.keys(base?.hashes ?? {})
          .filter((key) => key.startsWith(`${field}.`))
          .map((key) => key.slice(field.length + 1)),
      ])
      let changed = false
      for (const key of [...keys].sort()) {
        const outcome = mergeValue(
          `${field}.${key}`,
          key,
          (want as Record<string, unknown>)[key],
          have[key],
          base?.hashes[`${field}.${key}`],
          force,
          desired._id,
          result,
        )
        if (outcome.write) {
          changed = true
          if (outcome.value === undefined) delete merged[key]
          else merged[key] = outcome.value
        }
      }
      if (changed) next[field] = merged
      continue
    }
    const outcome = mergeValue(field, field, want, have, baseHash, force, desired._id, result)
    if (!outcome.write) continue
    if (want === undefined) unset.push(field)
    else next[field] = want
  }
  if (Object.keys(next).length === 0 && unset.length === 0) return result
  result.action = 'update'
  if (versions.draft) {
    result.draftPatch = {id: draftId, ifRevisionID: versions.draft._rev, set: next, unset}
    const operations = [
      ...Object.entries(next).flatMap(([field, value]) =>
        current[field] === undefined
          ? [{set: {[field]: value}}]
          : diffValue(current[field], value, [field]),
      ),
      ...(unset.length > 0 ? [{unset}] : []),
    ]
    // The revision check makes a concurrent edit fail the whole transaction instead of being lost.
    result.mutations = operations.map((operation, index) => ({
      patch: {
        id: draftId,
        ...(index === 0 ? {ifRevisionID: versions.draft!._rev} : {}),
        ...operation,
      },
    }))
  } else {
    // The draft starts from the published document, as the Studio's first edit does.
    const {_rev, _createdAt, _updatedAt, ...published} = versions.published!
    const draft: Record<string, unknown> = {...published, ...next, _id: draftId}
    for (const field of unset) delete draft[field]
    result.mutations = [{create: draft}]
  }
  return result
}

function subHashes(field: string, value: unknown): FieldHashes {
  const hashes: FieldHashes = {[field]: fieldHash(field, value)}
  if (mergedByKey(field, value)) {
    for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
      if (sub !== undefined) hashes[`${field}.${key}`] = fieldHash(key, sub)
    }
  }
  return hashes
}

/**
 * One value, three ways. Written while it still holds the importer's last value (or nobody has
 * filled it in); an editor's change is kept, and reported as a conflict when the article changed
 * it too. `force` writes the article's value for exactly those conflicts.
 */
function mergeValue(
  path: string,
  name: string,
  want: unknown,
  have: unknown,
  baseHash: string | undefined,
  force: boolean,
  documentId: string,
  result: DocumentMerge,
): {write: boolean; value?: unknown} {
  if (sameValue(name, have, want)) return {write: false}
  const untouched = baseHash !== undefined ? fieldHash(name, have) === baseHash : have === undefined
  if (untouched) return {write: true, value: want}
  // The importer never wrote it and does not want it: an editor's own field.
  if (baseHash === undefined && want === undefined) return {write: false}
  // Only the editor changed it; the article still says what it said: nothing to report.
  if (baseHash !== undefined && fieldHash(name, want) === baseHash) return {write: false}
  const conflict: Conflict = {
    documentId,
    field: path,
    reason:
      baseHash === undefined
        ? 'the dataset has a value the importer did not write'
        : 'changed by an editor since the last import, and changed in the article',
    editorValue: have,
    articleValue: want,
  }
  if (force) {
    result.overwritten.push(conflict)
    return {write: true, value: want}
  }
  result.conflicts.push(conflict)
  // The next import compares against what the importer last wrote, so it asks again.
  if (baseHash !== undefined) result.hashes[path] = baseHash
  else delete result.hashes[path]
  return {write: false}
}

/**
 * Item-level merge of a reference list: the editor's list in the editor's order; items the article
 * added since the last import appended; items the article dropped unlinked (warnings excepted);
 * items an editor unlinked stay unlinked. Returns the new list, or undefined when it is unchanged.
 */
function mergeLinks(
  field: string,
  want: Ref[],
  have: Ref[],
  base: BaseEntry | undefined,
  result: DocumentMerge,
): Ref[] | undefined {
  const wantIds = new Set(want.map((item) => item._ref))
  const haveIds = new Set(have.map((item) => item._ref))
  // Records written before links were kept: the list as stored, if the importer wrote it.
  const baseIds = new Set(
    base?.links?.[field] ??
      (base?.hashes[field] !== undefined && fieldHash(field, have) === base.hashes[field]
        ? [...haveIds]
        : []),
  )
  const merged = have.filter((item) => {
    if (baseIds.has(item._ref) && !wantIds.has(item._ref)) {
      if (!NEVER_UNLINKED.has(field)) return false
      result.keptLinks.push({field, id: item._ref})
    }
    return true
  })
  for (const item of want) {
    if (!baseIds.has(item._ref) && !haveIds.has(item._ref)) merged.push(item)
  }
  const same = merged.length === have.length && merged.every((item, index) => item === have[index])
  return same ? undefined : merged
}
