import {badRequest} from './errors.ts'
import {
  type Doc,
  DRAFTS_PREFIX,
  isDraftId,
  isPrivateId,
  isVersionId,
  VERSIONS_PREFIX,
} from './documents.ts'

/**
 * What a reader sees: `raw` is every document; otherwise a stack of id prefixes (highest priority
 * first) laid over the published documents, as with `drafts` or a list of releases.
 */
export type Perspective = {kind: 'raw'} | {kind: 'stack'; layers: string[]; key: string}

export const PUBLISHED: Perspective = {kind: 'stack', layers: [], key: 'published'}
export const RAW: Perspective = {kind: 'raw'}

/** API versions from 2025-02-19 on answer with the published perspective unless asked otherwise. */
export function defaultPerspective(apiVersion: string): Perspective {
  return apiVersion === '1' || apiVersion < '2025-02-19' ? RAW : PUBLISHED
}

export function parsePerspective(value: string | null, apiVersion: string): Perspective {
  if (!value) return defaultPerspective(apiVersion)
  if (value === 'raw') return RAW
  if (value === 'published') return PUBLISHED
  const names = value.split(',').map((name) => name.trim())
  if (names.some((name) => !/^[A-Za-z0-9_-]+$/.test(name) || name === 'raw')) {
    throw badRequest(`Invalid perspective "${value}"`, 'invalidPerspectiveError')
  }
  const layers = names
    .filter((name) => name !== 'published')
    .map((name) =>
      name === 'drafts' || name === 'previewDrafts' ? DRAFTS_PREFIX : `${VERSIONS_PREFIX}${name}.`,
    )
  return {kind: 'stack', layers, key: layers.join(',') || 'published'}
}

export function perspectiveKey(perspective: Perspective): string {
  return perspective.kind === 'raw' ? 'raw' : perspective.key
}

/** True when only a token holder may read through this perspective. */
export function needsToken(perspective: Perspective): boolean {
  return perspective.kind === 'raw' || perspective.layers.length > 0
}

export function isPublishedDoc(doc: Doc): boolean {
  const id = doc._id
  return typeof id !== 'string' || !(isDraftId(id) || isVersionId(id))
}

export function isPublicDoc(doc: Doc): boolean {
  return typeof doc._id !== 'string' || !isPrivateId(doc._id)
}

/**
 * Lays the stack's versions over the published documents. A document keeps the place of the first
 * of its versions in storage order; an overlaid one gets the published `_id` and its own id as
 * `_originalId`, as the Content Lake answers.
 */
export function overlay(docs: Iterable<Doc>, layers: string[]): Doc[] {
  if (layers.length === 0) return Array.from(docs).filter(isPublishedDoc)
  const chosen = new Map<string, {doc: Doc; rank: number}>()
  const order: string[] = []
  for (const doc of docs) {
    const id = doc._id
    if (typeof id !== 'string') continue
    let rank = layers.length
    let publishedId = id
    if (isDraftId(id) || isVersionId(id)) {
      rank = layers.findIndex((prefix) => id.startsWith(prefix))
      if (rank < 0) continue
      publishedId = id.slice(layers[rank].length)
    }
    const current = chosen.get(publishedId)
    if (!current) order.push(publishedId)
    if (!current || rank < current.rank) chosen.set(publishedId, {doc, rank})
  }
  return order.map((publishedId) => {
    const {doc} = chosen.get(publishedId)!
    return doc._id === publishedId ? doc : {...doc, _id: publishedId, _originalId: doc._id}
  })
}
