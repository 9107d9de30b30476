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
  private byType = new Map<string, Map<string, Doc[]>>()
  version = 0

  constructor(name: string) {
    this.name = name
  }

  load(entries: Iterable<[string, Doc]>): void {
    for (const [key, doc] of entries) this.put(key, doc, false)
    this.keys = [...this.docs.keys()].sort(compareKeys)
  }

  get(id: string): Doc | undefined {
    return this.docs.get(id)
  }

  apply(changes: StoredChange[]): void {
    for (const {key, doc} of changes) {
      const before = this.docs.get(key)
      if (before) this.unindex(key, before)
      if (doc) this.put(key, doc, !before)
      else if (before) {
        this.docs.delete(key)
        this.keys.splice(this.position(key), 1)
      }
    }
    this.version++
    this.views = new Map()
    this.byType = new Map()
  }

  /** Ids of documents whose strong references to `id` would block deleting it. */
  blockingReferrers(id: string): string[] {
    const sources = this.referrers.get(id)
    if (!sources) return []
    return [...sources].filter((source) => !isDraftId(source) && !isVersionId(source))
  }

  view(perspective: Perspective, anonymous: boolean): Doc[] {
    const key = `${anonymous ? 'anon' : 'auth'}:${perspectiveKey(perspective)}`
    let docs = this.views.get(key)
    if (!docs) {
      if (anonymous) docs = Array.from(this.ordered()).filter(isPublicDoc)
      else if (perspective.kind === 'raw') docs = Array.from(this.ordered())
      else docs = overlay(this.ordered(), perspective.layers)
      this.views.set(key, docs)
    }
    return docs
  }

  /** The documents of one view with a given `_type`, for queries that start by filtering on it. */
  viewOfType(perspective: Perspective, anonymous: boolean, type: string): Doc[] {
    const key = `${anonymous ? 'anon' : 'auth'}:${perspectiveKey(perspective)}`
    let index = this.byType.get(key)
    if (!index) {
      index = new Map()
      for (const doc of this.view(perspective, anonymous)) {
        const docType = typeof doc._type === 'string' ? doc._type : ''
        let list = index.get(docType)
        if (!list) index.set(docType, (list = []))
        list.push(doc)
      }
      this.byType.set(key, index)
    }
    return index.get(type) ?? []
  }

  /** All documents in `_id` order. */
  *ordered(): Generator<Doc> {
    for (const key of this.keys) yield this.docs.get(key)!
  }

  private position(key: string): number {
    let low = 0
    let high = this.keys.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareKeys(this.keys[middle], key) < 0) low = middle + 1
      else high = middle
    }
    return low
  }

  private put(key: string, doc: Doc, isNew: boolean): void {
    if (isNew) this.keys.splice(this.position(key), 0, key)
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
