import type {Mutation} from '@sanity/client'
import {getDraftId, getPublishedId} from 'sanity'

/** A document that refers to the duplicate, as stored (draft, published or version). */
export interface ReferringDocument {
  _id: string
  _rev: string
  [key: string]: unknown
}

export interface MergePlan {
  /** Mutations for one transaction: repoint every reference, then delete the duplicate. */
  mutations: Mutation[]
  /** Ids of the documents whose references were moved. */
  patched: string[]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isReferenceTo(value: unknown, ids: Set<string>): boolean {
  return isObject(value) && typeof value._ref === 'string' && ids.has(value._ref)
}

/**
 * Rewrites references to `from` so they point to `to`. In an array that already holds a reference
 * to `to` the duplicate's entry is dropped instead, so no list ends up linking the same document
 * twice; a reference that would point a document to itself (a "possible duplicates" entry on the
 * kept document) is dropped as well.
 */
export function repointReferences(
  value: unknown,
  from: Set<string>,
  to: string,
  selfId: string,
): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = []
    const linksTarget = () => value.some((item) => isObject(item) && item._ref === to)
    let moved = false
    for (const item of value) {
      if (isReferenceTo(item, from)) {
        if (to === selfId || moved || linksTarget()) continue
        moved = true
      }
      out.push(repointReferences(item, from, to, selfId))
    }
    return out
  }
  if (!isObject(value)) return value
  // A moved reference keeps its other properties: weak stays weak, strong stays strong.
  if (isReferenceTo(value, from)) return to === selfId ? undefined : {...value, _ref: to}
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    const next = repointReferences(child, from, to, selfId)
    if (next !== undefined) out[key] = next
  }
  return out
}

/**
 * Plans the merge of `duplicateId` into `keepId` as one transaction: every document that refers to
 * the duplicate (in any field, including Portable Text annotations) gets its changed top-level
 * fields set, guarded by its revision so a concurrent edit fails the whole merge instead of being
 * overwritten; then the duplicate's draft and published documents are deleted.
 */
export function planMerge(options: {
  keepId: string
  duplicateId: string
  referring: ReferringDocument[]
}): MergePlan {
  const keepId = getPublishedId(options.keepId)
  const duplicateId = getPublishedId(options.duplicateId)
  if (keepId === duplicateId) throw new Error('A document cannot be merged into itself.')
  const from = new Set<string>([duplicateId, getDraftId(duplicateId)])
  const mutations: Mutation[] = []
  const patched: string[] = []
  for (const doc of options.referring) {
    if (from.has(doc._id)) continue
    const set: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(doc)) {
      if (key.startsWith('_')) continue
      const next = repointReferences(value, from, keepId, getPublishedId(doc._id))
      if (JSON.stringify(next) !== JSON.stringify(value)) set[key] = next
    }
    if (Object.keys(set).length === 0) continue
    mutations.push({patch: {id: doc._id, ifRevisionID: doc._rev, set}})
    patched.push(doc._id)
  }
  mutations.push({delete: {id: getDraftId(duplicateId)}}, {delete: {id: duplicateId}})
  return {mutations, patched}
}
