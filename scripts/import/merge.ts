import {diffValue} from '@sanity/diff-patch'

import type {ImportDocument} from './plan.ts'
import {shortHash, stableJson} from './text.ts'

/** System fields, never compared or written by a patch. */
const SYSTEM_FIELDS = new Set(['_id', '_type', '_rev', '_createdAt', '_updatedAt'])

export type StoredDocument = ImportDocument & {_rev: string}
export type FieldHashes = Record<string, string>
export type Mutation = Record<string, unknown>

export interface Conflict {
  documentId: string
  field: string
  reason: string
}

export interface DocumentMerge {
  documentId: string
  documentType: string
  action: 'create' | 'update' | 'unchanged'
  mutations: Mutation[]
  conflicts: Conflict[]
  /** What the dataset holds from the importer after this merge: the next import's base. */
  hashes: FieldHashes
}

/** The import time changes on every run; it must not make an unchanged article look changed. */
function comparable(field: string, value: unknown): unknown {
  if (field === 'provenance' && value && typeof value === 'object') {
    const {importedAt: _ignored, ...rest} = value as Record<string, unknown>
    return rest
  }
  return value
}

export function fieldHash(field: string, value: unknown): string {
  return shortHash(stableJson(comparable(field, value)), 16)
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  return stableJson(comparable(field, a)) === stableJson(comparable(field, b))
}

export function hashesOf(document: ImportDocument): FieldHashes {
  const hashes: FieldHashes = {}
  for (const [field, value] of Object.entries(document)) {
    if (!SYSTEM_FIELDS.has(field) && value !== undefined) hashes[field] = fieldHash(field, value)
  }
  return hashes
}

/**
 * Three-way merge per top-level field between what the importer last wrote (`base`, as hashes),
 * what the dataset holds now (`current`) and what the article says (`desired`). A field is only
 * written while it still holds the importer's last value; an editor's change is kept and, when
 * the article also changed, reported as a conflict. `force` writes the article's value anyway.
 */
export function mergeDocument(
  desired: ImportDocument,
  current: StoredDocument | undefined,
  base: FieldHashes | undefined,
  force: boolean,
): DocumentMerge {
  const result: DocumentMerge = {
    documentId: desired._id,
    documentType: desired._type,
    action: 'unchanged',
    mutations: [],
    conflicts: [],
    hashes: {},
  }
  if (!current) {
    result.action = 'create'
    result.mutations.push({create: desired})
    result.hashes = hashesOf(desired)
    return result
  }
  const fields = new Set([...Object.keys(desired), ...Object.keys(base ?? {})])
  const operations: Array<Record<string, unknown>> = []
  for (const field of [...fields].sort()) {
    if (SYSTEM_FIELDS.has(field)) continue
    const want = desired[field]
    const have = current[field]
    const baseHash = base?.[field]
    if (sameValue(field, have, want)) {
      if (want !== undefined) result.hashes[field] = fieldHash(field, want)
      continue
    }
    const untouched =
      baseHash !== undefined ? fieldHash(field, have) === baseHash : have === undefined // a field nobody has filled in yet is free to fill
    if (!untouched && !force && baseHash !== undefined && fieldHash(field, want) === baseHash) {
      // Only the editor changed it; the article still says what it said: nothing to report.
      result.hashes[field] = baseHash
      continue
    }
    if (!untouched && !force) {
      result.conflicts.push({
        documentId: desired._id,
        field,
        reason:
          baseHash === undefined
            ? 'the dataset has a value the importer did not write'
            : 'changed in the dataset since the last import',
      })
      if (baseHash !== undefined) result.hashes[field] = baseHash
      continue
    }
    if (want === undefined) {
      operations.push({unset: [field]})
      continue
    }
    result.hashes[field] = fieldHash(field, want)
    operations.push(
      ...(have === undefined ? [{set: {[field]: want}}] : diffValue(have, want, [field])),
    )
  }
  if (operations.length > 0) {
    result.action = 'update'
    // The revision check makes a concurrent edit fail the whole transaction instead of being lost.
    result.mutations = operations.map((operation, index) => ({
      patch: {id: desired._id, ...(index === 0 ? {ifRevisionID: current._rev} : {}), ...operation},
    }))
  }
  return result
}
