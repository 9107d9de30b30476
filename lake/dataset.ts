import {type Doc, isDraftId, isPrivateId, isVersionId, strongReferences} from './documents.ts'
import {type Perspective, perspectiveKey} from './perspectives.ts'

/**
 * A transaction touching more documents than this updates each materialized view with one merge
 * pass and drops its indexes (rebuilt on next use), instead of one binary-search splice per
 * document: an import's 1000-document transactions then cost O(view) once, an editor's patch
 * O(log n) plus one array move.
 */
const BULK_CHANGES = 64

/** A scalar GROQ can compare: the values the equality and sorted indexes hold. */
export type Scalar = string | number | boolean

/** groq-js's `order()` ranks types before values: numbers, then strings, then booleans, then the rest. */
const TYPE_RANK: Record<string, number> = {number: 2, string: 3, boolean: 4}

export function typeRank(value: unknown): number {
  return TYPE_RANK[typeof value] ?? 100
}

export function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

/** The value at `path` as groq-js's attribute access reads it: own properties of objects only. */
export function readPath(doc: unknown, path: readonly string[]): unknown {
  let value = doc
  for (const segment of path) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
    if (!Object.hasOwn(value, segment)) return undefined
    value = (value as Record<string, unknown>)[segment]
  }
  return value
}

/** Compares two scalars of one type the way groq-js's `order()` and `<` do. */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b)
  return a < b ? -1 : a > b ? 1 : 0
}

/** Equality keys that keep GROQ's types apart: "1" and 1 are different values. */
function indexKey(value: unknown): string {
  return `${typeof value}:${String(value)}`
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * One perspective's documents in the order of `*`, with the indexes built over them so far. Every
 * list is kept in view order (or value order, for sorted indexes) and updated per transaction by
 * binary search on each document's sort key: the id of its first version in storage order.
 */
class View {
  docs: Doc[]
  /** path -> value key -> documents, in view order */
  readonly equal = new Map<string, Map<string, Doc[]>>()
  /** path -> documents with a scalar there, by (type, value, view order) */
  readonly sorted = new Map<string, Doc[]>()
  /** path -> documents with a non-null value there, in view order */
  readonly defined = new Map<string, Doc[]>()
  /** referenced id -> documents holding a `_ref` to it anywhere (what `references()` reads) */
  refs?: Map<string, Doc[]>
  /** Ordered indexes, optionally over one equality's documents (`_type == "x"` by `field`). */
  readonly ordered = new Map<string, OrderedIndex>()
  readonly sortKey: (doc: Doc) => string

  constructor(docs: Doc[], sortKey: (doc: Doc) => string) {
    this.docs = docs
    this.sortKey = sortKey
  }

  compare = (a: Doc, b: Doc): number => compareKeys(this.sortKey(a), this.sortKey(b))

  /** Orders a sorted index: type rank, then value, then view order (what a stable sort keeps). */
  compareAt(path: readonly string[]): (a: Doc, b: Doc) => number {
    return (a, b) => {
      const x = readPath(a, path) as Scalar
      const y = readPath(b, path) as Scalar
      return typeRank(x) - typeRank(y) || compareScalars(x, y) || this.compare(a, b)
    }
  }

  /** Inserts or removes `doc` in every list it belongs to. */
  update(doc: Doc, add: boolean): void {
    edit(this.docs, doc, this.compare, add)
    for (const [pathKey, index] of this.equal) {
      const value = readPath(doc, pathKey.split('.'))
      if (!isScalar(value)) continue
      const key = indexKey(value)
      let list = index.get(key)
      if (!list) {
        if (!add) continue
        index.set(key, (list = []))
      }
      edit(list, doc, this.compare, add)
      if (list.length === 0) index.delete(key)
    }
    for (const [pathKey, list] of this.sorted) {
      const path = pathKey.split('.')
      if (isScalar(readPath(doc, path))) edit(list, doc, this.compareAt(path), add)
    }
    for (const [pathKey, list] of this.defined) {
      const value = readPath(doc, pathKey.split('.'))
      if (value !== undefined && value !== null) edit(list, doc, this.compare, add)
    }
    for (const index of this.ordered.values()) {
      if (index.where) {
        const value = readPath(doc, index.where.path)
        if (!isScalar(value) || indexKey(value) !== index.where.key) continue
      }
      if (isScalar(readPath(doc, index.by))) edit(index.sorted, doc, this.compareAt(index.by), add)
      else edit(index.others, doc, this.compare, add)
    }
    if (this.refs) {
      for (const target of referencedIds(doc)) {
        let list = this.refs.get(target)
        if (!list) {
          if (!add) continue
          this.refs.set(target, (list = []))
        }
        edit(list, doc, this.compare, add)
        if (list.length === 0) this.refs.delete(target)
      }
    }
  }
}

/**
 * The documents of a view (or of one equality's list) in the order `order(by)` puts them: those with
 * a scalar at `by` sorted by (type rank, value, view order), and the others in view order, which
 * groq-js ranks after every scalar.
 */
export interface OrderedIndex {
  where?: {path: string[]; key: string}
  by: string[]
  sorted: Doc[]
  others: Doc[]
}

/** Adds or removes one element of a sorted list; a missing element is left alone. */
function edit<T>(list: T[], item: T, compare: (a: T, b: T) => number, add: boolean): void {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compare(list[middle], item) < 0) low = middle + 1
    else high = middle
  }
  if (add) list.splice(low, 0, item)
  else if (low < list.length && list[low] === item) list.splice(low, 1)
}

/** Merges sorted `added` into sorted `list`: binary search per run, block copies between. */
function mergeInto<T>(list: T[], added: T[], compare: (a: T, b: T) => number): T[] {
  if (added.length === 0) return list
  const merged: T[] = new Array(list.length + added.length)
  let from = 0
  let k = 0
  for (const item of added) {
    let low = from
    let high = list.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compare(list[middle], item) <= 0) low = middle + 1
      else high = middle
    }
    while (from < low) merged[k++] = list[from++]
    merged[k++] = item
  }
  while (from < list.length) merged[k++] = list[from++]
  return merged
}

/** Every string `_ref` groq-js's `references()` would find: it stops at an object with a `_ref`. */
function referencedIds(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, found)
  } else if (value && typeof value === 'object') {
    const ref = (value as {_ref?: unknown})._ref
    if (ref) {
      if (typeof ref === 'string') found.add(ref)
    } else {
      for (const item of Object.values(value)) referencedIds(item, found)
    }
  }
  return found
}

/** Where a dataset that keeps no documents in memory reads them: the durable store. */
export interface DocumentSource {
  /** One stored document, parsed. */
  read(key: string): Doc | undefined
  /** Every stored document in id order, parsed one at a time. */
  readAll(): Iterable<[string, Doc]>
  /** Several stored documents, parsed, by id (missing ones absent). */
  readMany(keys: string[]): Map<string, Doc>
  /** Ids of the stored documents holding a strong reference to `id`. */
  referrers(id: string): string[]
  count(): number
}

/** Documents a store-backed dataset keeps parsed: those transactions read and wrote lately. */
const CACHED_DOCUMENTS = 20_000

/**
 * One dataset held in memory for groq-js: the documents by id (the one copy of each), an index of
 * who references whom strongly, and per-perspective views with their indexes. A view is built on
 * first use and from then on kept current by every transaction (see `apply`): a write costs what
 * it changes, never a rebuild of the whole view.
 */
export class Dataset {
  readonly name: string
  /** Every document by id, when resident (the query workers' copy); empty when store-backed. */
  readonly docs = new Map<string, Doc>()
  /**
   * Store-backed (the main thread, which runs transactions but no queries): nothing per document
   * stays in memory; documents and who references them are read from the store when asked for,
   * and the recently read or written ones kept parsed.
   */
  private readonly source?: DocumentSource
  /**
   * Recently read or written documents in two generations: new ones go into the young map, and
   * when it is full the old one is dropped whole. Evicting one entry at a time from a Map leaves
   * holes at its front that every `keys().next()` walks again.
   */
  private cache = new Map<string, Doc | null>()
  private older = new Map<string, Doc | null>()
  /** target id -> ids of documents that reference it strongly (resident datasets only) */
  private readonly referrers = new Map<string, Set<string>>()
  private readonly views = new Map<string, {view: View; perspective: Perspective; anon: boolean}>()
  /** Sort keys of overlaid copies (`_originalId` set), whose `_id` is not their place in `*`. */
  private readonly overlaidKeys = new WeakMap<Doc, string>()
  /**
   * Resident ids in id order, kept current by every transaction (a binary-search splice per new id,
   * one merge for a bulk write), so that no view, even the first after a million-document import,
   * waits for a sort.
   */
  private ids: string[] = []
  version = 0

  /** Only the main thread checks deletes against references; the query workers skip the index. */
  private readonly trackReferrers: boolean

  constructor(name: string, source?: DocumentSource, options: {referrers?: boolean} = {}) {
    this.name = name
    this.source = source
    this.trackReferrers = options.referrers ?? true
  }

  /** `sorted`: the entries come in id order, so the first view needs no sort. */
  load(entries: Iterable<[string, Doc]>, sorted = false): void {
    let inOrder = sorted && this.docs.size === 0
    let previous = ''
    for (const [key, doc] of entries) {
      if (key < previous) inOrder = false
      previous = key
      this.put(key, doc)
    }
    this.ids = inOrder ? [...this.docs.keys()] : [...this.docs.keys()].sort(compareKeys)
  }

  get(id: string): Doc | undefined {
    if (!this.source) return this.docs.get(id)
    // null: known not to exist (an import asks for each new id twice).
    const recent = this.cache.get(id)
    if (recent !== undefined) return recent ?? undefined
    const older = this.older.get(id)
    const doc = older !== undefined ? older : (this.source.read(id) ?? null)
    this.remember(id, doc)
    return doc ?? undefined
  }

  /** Reads the documents behind `ids` that are not cached in one query (store-backed only). */
  prefetch(ids: string[]): void {
    if (!this.source || ids.length < 2) return
    const wanted = ids.filter((id) => !this.cache.has(id) && !this.older.has(id))
    if (wanted.length === 0) return
    const found = this.source.readMany(wanted)
    for (const id of wanted) this.remember(id, found.get(id) ?? null)
  }

  get size(): number {
    return this.source ? this.source.count() : this.docs.size
  }

  apply(changes: ReadonlyArray<{key: string; doc: Doc | null}>): void {
    if (this.source) {
      // The store already holds the changes (and their references): only the cache follows.
      for (const {key, doc} of changes) {
        this.cache.delete(key)
        this.older.delete(key)
        this.remember(key, doc)
      }
      this.version++
      return
    }
    const views = [...this.views.values()]
    const bulk = changes.length > BULK_CHANGES
    // Each view's affected entries are taken out while the documents are still as they were (so
    // every sort key reads the old state), and put back once they are as they are now.
    const affected = views.map(({view, perspective, anon}) => {
      const ids = new Set<string>()
      for (const {key} of changes) {
        const id = this.ownerIn(perspective, anon, key)
        if (id !== undefined) ids.add(id)
      }
      const old = new Set<Doc>()
      for (const id of ids) {
        const doc = this.entry(perspective, anon, id)
        if (!doc) continue
        // The stored copy, not a fresh overlay: found by its sort key.
        const found = this.find(view, doc)
        if (found) old.add(found)
      }
      return {ids, old}
    })
    views.forEach(({view}, i) => {
      const {old} = affected[i]
      if (bulk) {
        clearIndexes(view)
        view.docs = view.docs.filter((doc) => !old.has(doc))
      } else {
        for (const doc of old) view.update(doc, false)
      }
    })
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
    if (removed) this.ids = this.ids.filter((key) => this.docs.has(key))
    if (added.length > BULK_CHANGES)
      this.ids = mergeInto(this.ids, added.sort(compareKeys), compareKeys)
    else for (const key of added) edit(this.ids, key, compareKeys, true)
    views.forEach(({view, perspective, anon}, i) => {
      const fresh: Doc[] = []
      for (const id of affected[i].ids) {
        const doc = this.entry(perspective, anon, id)
        if (doc) fresh.push(doc)
      }
      if (bulk) {
        view.docs = mergeInto(view.docs, fresh.sort(view.compare), view.compare)
      } else {
        for (const doc of fresh) view.update(doc, true)
      }
    })
    this.version++
  }

  /** Ids of documents whose strong references to `id` would block deleting it. */
  blockingReferrers(id: string): string[] {
    const sources = this.source ? this.source.referrers(id) : this.referrers.get(id)
    if (!sources) return []
    return [...sources].filter((source) => !isDraftId(source) && !isVersionId(source))
  }

  /**
   * The documents of a view in the order of `*`: a snapshot, safe to iterate across awaits while
   * transactions land (the export does). Queries use `live()`.
   */
  view(perspective: Perspective, anonymous: boolean): Doc[] {
    if (this.source) {
      // Rare on the main thread (exports): built from the store each time, then let go.
      const resident = new Dataset(this.name)
      resident.load(this.source.readAll(), true)
      return resident.view(perspective, anonymous)
    }
    return this.viewOf(perspective, anonymous).docs.slice()
  }

  /** The view's own array, updated in place by the next transaction: read it synchronously. */
  live(perspective: Perspective, anonymous: boolean): Doc[] {
    return this.viewOf(perspective, anonymous).docs
  }

  /**
   * The documents of a view whose attribute at `path` equals one of `values` (strings, numbers,
   * booleans), in view order.
   */
  lookup(perspective: Perspective, anonymous: boolean, path: string[], values: unknown[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    const pathKey = path.join('.')
    let index = view.equal.get(pathKey)
    if (!index) {
      index = new Map()
      for (const doc of view.docs) {
        const value = readPath(doc, path)
        if (!isScalar(value)) continue
        const key = indexKey(value)
        let list = index.get(key)
        if (!list) index.set(key, (list = []))
        list.push(doc)
      }
      view.equal.set(pathKey, index)
    }
    if (values.length === 1) return index.get(indexKey(values[0])) ?? []
    const lists = values.flatMap((value) => index.get(indexKey(value)) ?? [])
    return lists.sort(view.compare)
  }

  /** Documents of a view holding a reference to one of `ids` anywhere, in view order. */
  referencing(perspective: Perspective, anonymous: boolean, ids: string[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    if (!view.refs) {
      view.refs = new Map()
      for (const doc of view.docs) {
        for (const target of referencedIds(doc)) {
          let list = view.refs.get(target)
          if (!list) view.refs.set(target, (list = []))
          list.push(doc)
        }
      }
    }
    const lists = [...new Set(ids)].map((id) => view.refs!.get(id) ?? [])
    if (lists.length === 1) return lists[0]
    return [...new Set(lists.flat())].sort(view.compare)
  }

  /** Documents of a view with a non-null value at `path`, in view order. */
  definedAt(perspective: Perspective, anonymous: boolean, path: string[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    const pathKey = path.join('.')
    let list = view.defined.get(pathKey)
    if (!list) {
      list = view.docs.filter((doc) => {
        const value = readPath(doc, path)
        return value !== undefined && value !== null
      })
      view.defined.set(pathKey, list)
    }
    return list
  }

  /**
   * Documents of a view with a scalar at `path`, ordered as groq-js's `order()` ranks them (type,
   * value, then view order). Callers must not change the array.
   */
  sortedAt(perspective: Perspective, anonymous: boolean, path: string[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    const pathKey = path.join('.')
    let list = view.sorted.get(pathKey)
    if (!list) {
      // A stable sort of the view keeps view order between equal values.
      list = view.docs.filter((doc) => isScalar(readPath(doc, path)))
      const compare = view.compareAt(path)
      list.sort(compare)
      view.sorted.set(pathKey, list)
    }
    return list
  }

  /**
   * The documents of a view, or of those whose attribute at `where.path` equals `where.value`, as
   * `order(by)` ranks them. Callers must not change the arrays.
   */
  orderedAt(
    perspective: Perspective,
    anonymous: boolean,
    by: string[],
    where?: {path: string[]; value: Scalar},
  ): OrderedIndex {
    const view = this.viewOf(perspective, anonymous)
    const test = where && {path: where.path, key: indexKey(where.value)}
    const key = JSON.stringify([by, test ?? null])
    let index = view.ordered.get(key)
    if (!index) {
      const base = where
        ? this.lookup(perspective, anonymous, where.path, [where.value])
        : view.docs
      const sorted: Doc[] = []
      const others: Doc[] = []
      for (const doc of base) (isScalar(readPath(doc, by)) ? sorted : others).push(doc)
      sorted.sort(view.compareAt(by))
      index = {where: test, by, sorted, others}
      view.ordered.set(key, index)
    }
    return index
  }

  /** Orders documents of a view as the view does (for candidates gathered from sorted indexes). */
  inViewOrder(perspective: Perspective, anonymous: boolean, docs: Doc[]): Doc[] {
    return docs.sort(this.viewOf(perspective, anonymous).compare)
  }

  /** The document a reference points to as this view sees it, for groq-js's `->`. */
  resolve(perspective: Perspective, anonymous: boolean, id: string): Doc | undefined {
    return this.entry(perspective, anonymous, id)
  }

  /** All documents in `_id` order. */
  *ordered(): Generator<Doc> {
    yield* this.live({kind: 'raw'}, false)
  }

  private hasLayers(perspective: Perspective, anonymous: boolean): boolean {
    return !anonymous && perspective.kind === 'stack' && perspective.layers.length > 0
  }

  private viewOf(perspective: Perspective, anonymous: boolean): View {
    const key = anonymous ? 'anon' : perspectiveKey(perspective)
    let entry = this.views.get(key)
    if (!entry) {
      const sortKey = (doc: Doc) => this.overlaidKeys.get(doc) ?? (doc._id as string)
      entry = {
        view: new View(this.build(perspective, anonymous), sortKey),
        perspective,
        anon: anonymous,
      }
      this.views.set(key, entry)
    }
    return entry.view
  }

  private build(perspective: Perspective, anonymous: boolean): Doc[] {
    const ids = this.ids
    const docs: Doc[] = []
    const seen = new Set<string>()
    const layered = this.hasLayers(perspective, anonymous)
    for (const key of ids) {
      const id = this.ownerIn(perspective, anonymous, key)
      if (id === undefined) continue
      if (layered) {
        // An overlaid document takes the place of the first of its versions.
        if (seen.has(id)) continue
        seen.add(id)
      }
      const doc = this.entry(perspective, anonymous, id)
      if (doc) docs.push(doc)
    }
    return docs
  }

  /** The id under which the document stored at `key` appears in a view, if it can. */
  private ownerIn(perspective: Perspective, anonymous: boolean, key: string): string | undefined {
    if (anonymous) return isPrivateId(key) ? undefined : key
    if (perspective.kind === 'raw') return key
    if (!isDraftId(key) && !isVersionId(key)) return key
    const layer = perspective.layers.find((prefix) => key.startsWith(prefix))
    return layer === undefined ? undefined : key.slice(layer.length)
  }

  /**
   * What a view shows under `id` now: the highest layer's version, as a copy carrying the published
   * `_id` and its own as `_originalId` when it is not the published document, as the Content Lake
   * answers. Its place in `*` is that of the first of its versions in id order.
   */
  private entry(perspective: Perspective, anonymous: boolean, id: string): Doc | undefined {
    if (!this.hasLayers(perspective, anonymous)) {
      if (this.ownerIn(perspective, anonymous, id) !== id) return undefined
      return this.get(id)
    }
    const layers = (perspective as {layers: string[]}).layers
    let chosen: Doc | undefined
    let first: string | undefined
    for (const layer of layers) {
      const key = layer + id
      const doc = this.get(key)
      if (!doc) continue
      chosen ??= doc
      if (first === undefined || key < first) first = key
    }
    const published = !isDraftId(id) && !isVersionId(id) ? this.get(id) : undefined
    if (!chosen) return published
    if (published && id < first!) first = id
    const copy = {...chosen, _id: id, _originalId: chosen._id}
    this.overlaidKeys.set(copy, first!)
    return copy
  }

  /** The element of `view` holding the same entry as `doc` (by sort key), if any. */
  private find(view: View, doc: Doc): Doc | undefined {
    const key = view.sortKey(doc)
    const list = view.docs
    let low = 0
    let high = list.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (view.sortKey(list[middle]) < key) low = middle + 1
      else high = middle
    }
    const found = list[low]
    return found !== undefined && view.sortKey(found) === key ? found : undefined
  }

  private put(key: string, doc: Doc): void {
    this.docs.set(key, doc)
    if (!this.trackReferrers) return
    for (const target of strongReferences(doc)) this.addReferrer(target, key)
  }

  private unindex(key: string, doc: Doc): void {
    if (!this.trackReferrers) return
    for (const target of strongReferences(doc)) this.removeReferrer(target, key)
  }

  private addReferrer(target: string, key: string): void {
    let sources = this.referrers.get(target)
    if (!sources) this.referrers.set(target, (sources = new Set()))
    sources.add(key)
  }

  private removeReferrer(target: string, key: string): void {
    const sources = this.referrers.get(target)
    sources?.delete(key)
    if (sources?.size === 0) this.referrers.delete(target)
  }

  private remember(key: string, doc: Doc | null): void {
    this.cache.set(key, doc)
    if (this.cache.size >= CACHED_DOCUMENTS / 2) {
      this.older = this.cache
      this.cache = new Map()
    }
  }
}

function clearIndexes(view: View): void {
  view.ordered.clear()
  view.equal.clear()
  view.sorted.clear()
  view.defined.clear()
  view.refs = undefined
}
