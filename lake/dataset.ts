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
  /** target id -> ids of documents that reference it strongly */
  private readonly referrers = new Map<string, Set<string>>()
  private views = new Map<string, Doc[]>()
  private byType = new Map<string, Map<string, Doc[]>>()
  version = 0

  constructor(name: string) {
    this.name = name
  }

  load(entries: Iterable<[string, Doc]>): void {
    for (const [key, doc] of entries) this.put(key, doc)
  }

  get(id: string): Doc | undefined {
    return this.docs.get(id)
  }

  apply(changes: StoredChange[]): void {
    for (const {key, doc} of changes) {
      const before = this.docs.get(key)
      if (before) this.unindex(key, before)
      if (doc) this.put(key, doc)
      else this.docs.delete(key)
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
      if (anonymous) docs = Array.from(this.docs.values()).filter(isPublicDoc)
      else if (perspective.kind === 'raw') docs = Array.from(this.docs.values())
      else docs = overlay(this.docs.values(), perspective.layers)
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
