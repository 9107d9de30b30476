import {type Doc, isDraftId, isVersionId, strongReferences} from './documents.ts'
import {isPublicDoc, overlay, type Perspective, perspectiveKey} from './perspectives.ts'
import type {StoredChange} from './store.ts'

/**
 * One dataset held in memory for groq-js: the documents by id (the one copy of each), an index of
 * who references whom strongly, and per-perspective document arrays built on first use after a write.
 */
export class Dataset {
  readonly name: string
  readonly docs = new Map<string, Doc>()
  /** Keys in `_id` order, the order the Content Lake returns `*` in when a query sets none. */
  private keys: string[] = []
  /** target id -> ids of documents that reference it strongly */
  private readonly referrers = new Map<string, Set<string>>()
  private views = new Map<string, Doc[]>()
  /** view key -> attribute path -> value key -> documents, built on first use after a write */
  private indexes = new Map<string, Map<string, Map<string, Doc[]>>>()
  private positions = new Map<string, Map<Doc, number>>()
  private byId = new Map<string, Map<string, Doc>>()
  version = 0

  constructor(name: string) {
    this.name = name
  }

  load(entries: Iterable<[string, Doc]>): void {
    for (const [key, doc] of entries) this.put(key, doc)
    this.keys = [...this.docs.keys()].sort(compareKeys)
  }

  get(id: string): Doc | undefined {
    return this.docs.get(id)
  }

  apply(changes: StoredChange[]): void {
    const added: string[] = []
    let removed = false
    for (const {key, doc} of changes) {
      const before = this.docs.get(key)
      if (before) this.unindex(key, before)
      if (doc) {
        if (!before) added.push(key)
        this.put(key, doc)
      } else if (before) {
        this.docs.delete(key)
        removed = true
      }
    }
    // One merge per transaction: splicing each new id into a 100k array would dominate imports.
    if (removed) this.keys = this.keys.filter((key) => this.docs.has(key))
    if (added.length > 0) this.keys = mergeSorted(this.keys, added.sort(compareKeys))
    this.version++
    this.views = new Map()
    this.indexes = new Map()
    this.positions = new Map()
    this.byId = new Map()
  }

  /** Ids of documents whose strong references to `id` would block deleting it. */
  blockingReferrers(id: string): string[] {
    const sources = this.referrers.get(id)
    if (!sources) return []
    return [...sources].filter((source) => !isDraftId(source) && !isVersionId(source))
  }

  view(perspective: Perspective, anonymous: boolean): Doc[] {
    const key = viewKey(perspective, anonymous)
    let docs = this.views.get(key)
    if (!docs) {
      if (anonymous) docs = Array.from(this.ordered()).filter(isPublicDoc)
      else if (perspective.kind === 'raw') docs = Array.from(this.ordered())
      else docs = overlay(this.ordered(), perspective.layers)
      this.views.set(key, docs)
    }
    return docs
  }

  /**
   * The documents of a view whose attribute at `path` equals one of `values` (strings, numbers,
   * booleans), in view order: an equality index built for that path on first use after a write.
   */
  lookup(perspective: Perspective, anonymous: boolean, path: string[], values: unknown[]): Doc[] {
    const key = viewKey(perspective, anonymous)
    let byPath = this.indexes.get(key)
    if (!byPath) this.indexes.set(key, (byPath = new Map()))
    const pathKey = path.join('.')
    let index = byPath.get(pathKey)
    if (!index) {
      index = new Map()
      for (const doc of this.view(perspective, anonymous)) {
        let value: unknown = doc
        for (const segment of path)
          value = (value as Record<string, unknown> | undefined)?.[segment]
        if (value === null || typeof value === 'object' || value === undefined) continue
        const valueKey = indexKey(value)
        let list = index.get(valueKey)
        if (!list) index.set(valueKey, (list = []))
        list.push(doc)
      }
      byPath.set(pathKey, index)
    }
    if (values.length === 1) return index.get(indexKey(values[0])) ?? []
    const docs = values.flatMap((value) => index.get(indexKey(value)) ?? [])
    const positions = this.positionsIn(perspective, anonymous)
    return docs.sort((a, b) => positions.get(a)! - positions.get(b)!)
  }

  /** The document a reference points to as this view sees it, for groq-js's `->`. */
  resolve(perspective: Perspective, anonymous: boolean, id: string): Doc | undefined {
    const key = viewKey(perspective, anonymous)
    let ids = this.byId.get(key)
    if (!ids) {
      ids = new Map()
      for (const doc of this.view(perspective, anonymous)) {
        if (typeof doc._id === 'string') ids.set(doc._id, doc)
      }
      this.byId.set(key, ids)
    }
    return ids.get(id)
  }

  private positionsIn(perspective: Perspective, anonymous: boolean): Map<Doc, number> {
    const key = viewKey(perspective, anonymous)
    let positions = this.positions.get(key)
    if (!positions) {
      positions = new Map(this.view(perspective, anonymous).map((doc, index) => [doc, index]))
      this.positions.set(key, positions)
    }
    return positions
  }

  /** All documents in `_id` order. */
  *ordered(): Generator<Doc> {
    for (const key of this.keys) yield this.docs.get(key)!
  }

  private put(key: string, doc: Doc): void {
    this.docs.set(key, doc)
    for (const target of strongReferences(doc)) {
      let sources = this.referrers.get(target)
      if (!sources) this.referrers.set(target, (sources = new Set()))
      sources.add(key)
    }
  }

  private unindex(key: string, doc: Doc): void {
    for (const target of strongReferences(doc)) {
      const sources = this.referrers.get(target)
      sources?.delete(key)
      if (sources?.size === 0) this.referrers.delete(target)
    }
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function viewKey(perspective: Perspective, anonymous: boolean): string {
  return `${anonymous ? 'anon' : 'auth'}:${perspectiveKey(perspective)}`
}

/** Equality keys that keep GROQ's types apart: "1" and 1 are different values. */
function indexKey(value: unknown): string {
  return `${typeof value}:${String(value)}`
}

function mergeSorted(left: string[], right: string[]): string[] {
  const merged: string[] = new Array(left.length + right.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < left.length && j < right.length) {
    merged[k++] = compareKeys(left[i], right[j]) <= 0 ? left[i++] : right[j++]
  }
  while (i < left.length) merged[k++] = left[i++]
  while (j < right.length) merged[k++] = right[j++]
  return merged
}
