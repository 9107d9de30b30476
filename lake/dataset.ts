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

/** Orders (value, entry) pairs as a sorted index does: type rank, value, then view order. */
function compareRanked(x: Scalar, a: string, y: Scalar, b: string): number {
  return typeRank(x) - typeRank(y) || compareScalars(x, y) || compareKeys(a, b)
}

/**
 * One perspective's entries in the order of `*`, with the indexes built over them so far. An entry
 * is named by its sort key (its **handle**): the id of its first version in storage order, which is
 * its own `_id` unless drafts or release versions overlay it. Lists hold handles, not documents, so
 * a view costs a pointer per document whether or not the documents are held parsed; `doc(handle)`
 * gives the document. Every list is kept in view order (or value order, for sorted indexes) and
 * updated per transaction by binary search.
 */
class View {
  keys: string[]
  /** path -> value -> handles, in view order (see `EqualityIndex`) */
  readonly equal = new Map<string, EqualityIndex>()
  /** path -> handles with a scalar there, by (type, value, view order) */
  readonly sorted = new Map<string, string[]>()
  /** path -> handles with a non-null value there, in view order */
  readonly defined = new Map<string, string[]>()
  /** referenced id -> handles of documents holding a `_ref` to it anywhere (`references()`) */
  refs?: Map<string, string[]>
  /** Ordered indexes, optionally over one equality's documents (`_type == "x"` by `field`). */
  readonly ordered = new Map<string, OrderedHandles>()
  readonly perspective: Perspective
  readonly anon: boolean
  readonly doc: (handle: string) => Doc | undefined

  constructor(
    keys: string[],
    perspective: Perspective,
    anon: boolean,
    doc: (handle: string) => Doc | undefined,
  ) {
    this.keys = keys
    this.perspective = perspective
    this.anon = anon
    this.doc = doc
  }

  /** Inserts or removes the entry `handle`, whose document is `doc`, in every list it belongs to. */
  update(handle: string, doc: Doc, add: boolean): void {
    edit(this.keys, handle, add)
    for (const [pathKey, index] of this.equal) {
      const value = readPath(doc, pathKey.split('.'))
      if (isScalar(value)) editEqual(index, value, handle, add)
    }
    for (const [pathKey, list] of this.sorted) {
      const path = pathKey.split('.')
      const value = readPath(doc, path)
      if (isScalar(value)) this.editRanked(list, path, value, handle, add)
    }
    for (const [pathKey, list] of this.defined) {
      const value = readPath(doc, pathKey.split('.'))
      if (value !== undefined && value !== null) edit(list, handle, add)
    }
    for (const index of this.ordered.values()) {
      if (index.where) {
        const value = readPath(doc, index.where.path)
        if (!isScalar(value) || indexKey(value) !== index.where.key) continue
      }
      const value = readPath(doc, index.by)
      if (isScalar(value)) this.editRanked(index.sorted, index.by, value, handle, add)
      else edit(index.others, handle, add)
    }
    if (this.refs) {
      for (const target of referencedIds(doc)) {
        let list = this.refs.get(target)
        if (!list) {
          if (!add) continue
          this.refs.set(target, (list = []))
        }
        edit(list, handle, add)
        if (list.length === 0) this.refs.delete(target)
      }
    }
  }

  /**
   * Adds or removes `handle` (value `value` at `path`) in a list sorted by (type, value, handle).
   * The other entries' values are read from their documents: a transaction takes entries out before
   * it changes any document and puts them back after, so every read sees one consistent state.
   */
  private editRanked(
    list: string[],
    path: string[],
    value: Scalar,
    handle: string,
    add: boolean,
  ): void {
    let low = 0
    let high = list.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const other = list[middle]
      const at = readPath(this.doc(other), path) as Scalar
      if (compareRanked(at, other, value, handle) < 0) low = middle + 1
      else high = middle
    }
    if (add) list.splice(low, 0, handle)
    else if (list[low] === handle) list.splice(low, 1)
  }
}

/**
 * Handles by value. A JS Map keeps GROQ's types apart by itself ("1" and 1 are different keys, and
 * -0 is 0 as in GROQ), and a value held by one document (a slug) maps to its handle alone: at a
 * million documents an array per value would cost more than the rest of the index.
 */
type EqualityIndex = Map<Scalar, string | string[]>

function equalHandles(index: EqualityIndex, value: unknown): readonly string[] {
  const found = index.get(value as Scalar)
  return found === undefined ? [] : typeof found === 'string' ? [found] : found
}

function editEqual(index: EqualityIndex, value: Scalar, handle: string, add: boolean): void {
  const found = index.get(value)
  if (found === undefined) {
    if (add) index.set(value, handle)
  } else if (typeof found === 'string') {
    if (add && found !== handle)
      index.set(value, found < handle ? [found, handle] : [handle, found])
    else if (!add && found === handle) index.delete(value)
  } else {
    edit(found, handle, add)
    if (found.length === 1) index.set(value, found[0])
  }
}

/** An ordered index as a view keeps it: handles. */
interface OrderedHandles {
  where?: {path: string[]; key: string}
  by: string[]
  sorted: string[]
  others: string[]
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

/** The first position in sorted `list` whose item is not below `item`. */
function lowerBound(list: readonly string[], item: string): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (list[middle] < item) low = middle + 1
    else high = middle
  }
  return low
}

/** Adds or removes one handle of a list in handle order; a missing one is left alone. */
function edit(list: string[], item: string, add: boolean): void {
  const at = lowerBound(list, item)
  if (add) {
    if (list[at] !== item) list.splice(at, 0, item)
  } else if (at < list.length && list[at] === item) list.splice(at, 1)
}

/** True when sorted `list` holds `item`. */
function holds(list: readonly string[], item: string): boolean {
  return list[lowerBound(list, item)] === item
}

/** Merges sorted `added` into sorted `list`: binary search per run, block copies between. */
function mergeInto(list: string[], added: string[]): string[] {
  if (added.length === 0) return list
  const merged: string[] = new Array(list.length + added.length)
  let from = 0
  let k = 0
  for (const item of added) {
    let low = from
    let high = list.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (list[middle] <= item) low = middle + 1
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

/**
 * What a query worker reads a dataset's documents from: the store as it was at one commit (a read
 * transaction), which the worker moves forward whenever it has applied every later commit.
 */
export interface DocumentSnapshot {
  /** Stored documents as JSON text, by id (missing ones absent). */
  readMany(keys: string[]): Map<string, string>
  /**
   * Every stored document's value at `path`, in id order: scalars (`kind: 'scalar'`, others null)
   * or 1 for any non-null value (`kind: 'defined'`). Undefined when the path can't be asked for.
   */
  column(path: string[], kind: 'scalar' | 'defined'): Iterable<[string, unknown]> | undefined
}

/** Indexes one view keeps at most. */
const MAX_INDEXES = 32

/** Documents a store-backed dataset keeps parsed: those transactions read and wrote lately. */
const CACHED_DOCUMENTS = 20_000
/** Documents each lazily read list keeps at hand (a power of two). */
const MEMO_SLOTS = 64
/** Documents read from a snapshot at once when a list is walked past its parsed ones. */
const READ_AHEAD = 256
export const datasetTuning = {
  /** A walk that has read this many documents from the store is a scan: the rest is not cached. */
  scanLength: 20_000,
}

/** What a parsed document whose text is gone counts against the cache. */
const APPROX_BYTES = 1024

/** A document changed since the snapshot: JSON text until something reads it, null once deleted. */
type Changed = Doc | string | null

/**
 * One dataset for groq-js: its documents, an index of who references whom strongly, and
 * per-perspective views with their indexes. A view is built on first use and from then on kept
 * current by every transaction (see `apply`): a write costs what it changes, never a rebuild.
 *
 * The documents live in one of three places: in `docs` (resident: tests and exports), in the store
 * (the main thread, which runs transactions but no queries), or, in a query worker, in a snapshot of
 * the store plus the changes posted since, with the ones read lately kept parsed up to a size.
 */
export class Dataset {
  readonly name: string
  /** Every document by id, when resident. */
  readonly docs = new Map<string, Doc>()
  /** Store-backed (the main thread): documents and who references them are read when asked for. */
  private readonly source?: DocumentSource
  /** Snapshot-backed (a query worker). */
  private snapshot?: DocumentSnapshot
  /**
   * Documents read for a long walk: only the last read-ahead's, so a scan of a million documents
   * holds a few hundred of them at a time and leaves the cache as it was.
   */
  private scanned = new Map<string, Doc>()

  /** Documents changed since the snapshot (snapshot-backed only). */
  private readonly changed = new Map<string, Changed>()
  /**
   * Recently read documents in two generations: new ones go into the young map, and when it is
   * full the old one is dropped whole. Evicting one entry at a time from a Map leaves holes at its
   * front that every `keys().next()` walks again. Store-backed datasets count documents (and
   * remember known-missing ids as null); snapshot-backed ones count JSON bytes.
   */
  private cache = new Map<string, Doc | null>()
  private older = new Map<string, Doc | null>()
  private cacheBytes = 0
  private readonly cacheLimitBytes: number
  /** True while every stored document is parsed in the cache: index builds then read them. */
  private allParsed = false
  /** target id -> ids of documents that reference it strongly (resident datasets only) */
  private readonly referrers = new Map<string, Set<string>>()
  private readonly views = new Map<string, View>()
  /** Sort keys of overlaid copies (`_originalId` set), whose `_id` is not their place in `*`. */
  private readonly overlaidKeys = new WeakMap<Doc, string>()
  /** Ids in id order (resident and snapshot-backed), kept current by every transaction. */
  private ids: string[] = []
  version = 0

  /** Only the main thread checks deletes against references; the query workers skip the index. */
  private readonly trackReferrers: boolean

  constructor(
    name: string,
    source?: DocumentSource,
    options: {
      referrers?: boolean
      cacheBytes?: number
      /** Told when an index build starts and ends (the query pool counts its memory apart). */
      indexing?: (active: boolean) => void
    } = {},
  ) {
    this.name = name
    this.source = source
    this.trackReferrers = options.referrers ?? true
    this.cacheLimitBytes = options.cacheBytes ?? 128 * 1024 * 1024
    this.indexing = options.indexing
  }

  private readonly indexing?: (active: boolean) => void

  /**
   * Builds one index of `view`. A view keeps at most `MAX_INDEXES`: one more drops them all (they
   * are rebuilt on next use), so no stream of queries on ever new attributes grows memory without
   * bound. The build's memory is the dataset's, not the query's that asked first.
   */
  private buildIndex<T>(view: View, build: () => T): T {
    const count =
      view.equal.size +
      view.sorted.size +
      view.defined.size +
      view.ordered.size +
      (view.refs ? 1 : 0)
    if (count >= MAX_INDEXES) clearIndexes(view)
    this.indexing?.(true)
    try {
      return build()
    } finally {
      this.indexing?.(false)
    }
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

  /**
   * Backs this dataset with a snapshot of the store holding `ids` (in id order). `parsed`, when
   * given, is every document of it, already parsed: a dataset that fits the cache keeps them all.
   */
  attach(
    snapshot: DocumentSnapshot,
    ids: string[],
    parsed?: Iterable<[string, Doc, number]>,
  ): void {
    this.snapshot = snapshot
    this.ids = ids
    this.allParsed = false
    if (parsed) {
      for (const [key, doc, bytes] of parsed) this.remember(key, doc, bytes)
      this.allParsed = this.older.size === 0
    }
  }

  /**
   * Moves a snapshot-backed dataset to a newer snapshot that holds every change applied so far:
   * the changed documents become ordinary cached ones.
   */
  rebase(snapshot: DocumentSnapshot): void {
    this.snapshot = snapshot
    // A dataset held whole stays whole (until it outgrows the cache); otherwise what was read stays
    // parsed and text nobody read (an import's) is left to the store.
    for (const [key, value] of this.changed) {
      if (value === null) continue
      if (typeof value !== 'string') this.remember(key, value, APPROX_BYTES)
      else if (this.allParsed) this.remember(key, JSON.parse(value) as Doc, value.length)
    }
    this.changed.clear()
  }

  /** Documents changed since the snapshot, not yet in a newer one. */
  get pending(): number {
    return this.changed.size
  }

  /** Ids in id order (resident and snapshot-backed datasets). Callers must not change the array. */
  keys(): readonly string[] {
    return this.ids
  }

  get(id: string): Doc | undefined {
    if (this.source) {
      // null: known not to exist (an import asks for each new id twice).
      const recent = this.cache.get(id)
      if (recent !== undefined) return recent ?? undefined
      const older = this.older.get(id)
      const doc = older !== undefined ? older : (this.source.read(id) ?? null)
      this.remember(id, doc, 0)
      return doc ?? undefined
    }
    if (!this.snapshot) return this.docs.get(id)
    const changed = this.changed.get(id)
    if (changed !== undefined) {
      if (typeof changed !== 'string') return changed ?? undefined
      const doc = JSON.parse(changed) as Doc
      this.changed.set(id, doc)
      return doc
    }
    const cached = this.cache.get(id) ?? this.older.get(id) ?? this.scanned.get(id)
    if (cached) return cached
    if (!holds(this.ids, id)) return undefined
    this.readAhead([id], false)
    return (this.cache.get(id) ?? this.older.get(id) ?? undefined) as Doc | undefined
  }

  /** Reads the documents behind `ids` that are not cached in one query (store-backed only). */
  prefetch(ids: string[]): void {
    if (!this.source || ids.length < 2) return
    const wanted = ids.filter((id) => !this.cache.has(id) && !this.older.has(id))
    if (wanted.length === 0) return
    const found = this.source.readMany(wanted)
    for (const id of wanted) this.remember(id, found.get(id) ?? null, 0)
  }

  get size(): number {
    return this.source ? this.source.count() : this.ids.length
  }

  /**
   * Applies a committed transaction's changes: each document's new state (`doc`, or its JSON text
   * as `body`, which a snapshot-backed dataset parses only when something reads it), null to delete.
   */
  apply(changes: ReadonlyArray<{key: string; doc?: Doc | null; body?: string | null}>): void {
    if (this.source) {
      // The store already holds the changes (and their references): only the cache follows. A
      // key the transaction read is in the young map already: replaced in place, as deleting and
      // adding it again left a hole per document that the map then rehashed away.
      for (const {key, doc, body} of changes) {
        const value = doc ?? (body ? (JSON.parse(body) as Doc) : null)
        if (this.cache.has(key)) {
          this.cache.set(key, value)
        } else {
          this.older.delete(key)
          this.remember(key, value, 0)
        }
      }
      this.version++
      return
    }
    this.scanned = new Map()
    const views = [...this.views.values()]
    const bulk = changes.length > BULK_CHANGES
    // Each view's affected entries are taken out while the documents are still as they were (so
    // every value an index compares reads the old state), and put back once they are as they are now.
    const affected = views.map((view) => {
      const owners = new Set<string>()
      for (const {key} of changes) {
        const id = this.ownerIn(view.perspective, view.anon, key)
        if (id !== undefined) owners.add(id)
      }
      const old = new Set<string>()
      for (const id of owners) {
        const handle = this.handleOf(view.perspective, view.anon, id)
        if (handle !== undefined) old.add(handle)
      }
      return {owners, old}
    })
    views.forEach((view, i) => {
      const {old} = affected[i]
      if (bulk) {
        clearIndexes(view)
        view.keys = view.keys.filter((handle) => !old.has(handle))
      } else {
        for (const handle of old) {
          const doc = view.doc(handle)
          if (doc) view.update(handle, doc, false)
          else edit(view.keys, handle, false)
        }
      }
    })
    const added: string[] = []
    const removed = new Set<string>()
    for (const {key, doc, body} of changes) {
      const existed = holds(this.ids, key)
      const exists = Boolean(doc ?? body)
      if (this.snapshot) {
        this.cache.delete(key)
        this.older.delete(key)
        this.changed.set(key, doc ?? body ?? null)
      } else {
        const before = this.docs.get(key)
        if (before) this.unindex(key, before)
        if (exists) this.put(key, doc ?? (JSON.parse(body!) as Doc))
        else this.docs.delete(key)
      }
      if (exists && !existed) added.push(key)
      else if (!exists && existed) removed.add(key)
    }
    if (removed.size > 0) this.ids = this.ids.filter((key) => !removed.has(key))
    if (added.length > BULK_CHANGES) this.ids = mergeInto(this.ids, added.sort(compareKeys))
    else for (const key of added) edit(this.ids, key, true)
    views.forEach((view, i) => {
      const fresh: string[] = []
      for (const id of affected[i].owners) {
        const handle = this.handleOf(view.perspective, view.anon, id)
        if (handle !== undefined) fresh.push(handle)
      }
      if (bulk) {
        view.keys = mergeInto(view.keys, fresh.sort(compareKeys))
      } else {
        for (const handle of fresh) {
          const doc = view.doc(handle)
          if (doc) view.update(handle, doc, true)
        }
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
    const view = this.viewOf(perspective, anonymous)
    return [...this.lazy(view, view.keys)]
  }

  /** The view's documents, read as they are asked for: use synchronously (no transaction between). */
  live(perspective: Perspective, anonymous: boolean): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    return this.lazy(view, view.keys)
  }

  /**
   * The documents of a view whose attribute at `path` equals one of `values` (strings, numbers,
   * booleans), in view order.
   */
  lookup(perspective: Perspective, anonymous: boolean, path: string[], values: unknown[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    const index = this.equalIndex(view, path)
    if (values.length === 1) return this.lazy(view, equalHandles(index, values[0]))
    const lists = [...new Set(values)].flatMap((value) => equalHandles(index, value))
    return this.lazy(view, lists.sort(compareKeys))
  }

  /** Documents of a view holding a reference to one of `ids` anywhere, in view order. */
  referencing(perspective: Perspective, anonymous: boolean, ids: string[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    if (!view.refs) {
      view.refs = this.buildIndex(view, () => {
        const refs = new Map<string, string[]>()
        this.eachDoc(view, view.keys, (handle, doc) => {
          for (const target of referencedIds(doc)) {
            let list = refs.get(target)
            if (!list) refs.set(target, (list = []))
            list.push(handle)
          }
        })
        return refs
      })
    }
    const lists = [...new Set(ids)].map((id) => view.refs!.get(id) ?? [])
    if (lists.length === 1) return this.lazy(view, lists[0])
    return this.lazy(view, [...new Set(lists.flat())].sort(compareKeys))
  }

  /** Documents of a view with a non-null value at `path`, in view order. */
  definedAt(perspective: Perspective, anonymous: boolean, path: string[]): Doc[] {
    const view = this.viewOf(perspective, anonymous)
    const pathKey = path.join('.')
    let list = view.defined.get(pathKey)
    if (!list) {
      list = this.buildIndex(view, () => {
        const found: string[] = []
        this.eachValue(view, view.keys, path, 'defined', (handle, value) => {
          if (value !== undefined && value !== null) found.push(handle)
        })
        return found
      })
      view.defined.set(pathKey, list)
    }
    return this.lazy(view, list)
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
      list = this.buildIndex(view, () => this.ranked(view, view.keys, path).sorted)
      view.sorted.set(pathKey, list)
    }
    return this.lazy(view, list)
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
      const base = where ? equalHandles(this.equalIndex(view, where.path), where.value) : view.keys
      const {sorted, others} = this.buildIndex(view, () => this.ranked(view, base, by))
      index = {where: test, by, sorted, others}
      view.ordered.set(key, index)
    }
    return {
      where: index.where,
      by: index.by,
      sorted: this.lazy(view, index.sorted),
      others: this.lazy(view, index.others),
    }
  }

  /** Orders documents of a view as the view does (for candidates gathered from sorted indexes). */
  inViewOrder(_perspective: Perspective, _anonymous: boolean, docs: Doc[]): Doc[] {
    return docs.sort((a, b) => compareKeys(this.sortKey(a), this.sortKey(b)))
  }

  /** The document a reference points to as this view sees it, for groq-js's `->`. */
  resolve(perspective: Perspective, anonymous: boolean, id: string): Doc | undefined {
    return this.entry(perspective, anonymous, id)
  }

  /** All documents in `_id` order. */
  *ordered(): Generator<Doc> {
    yield* this.live({kind: 'raw'}, false)
  }

  private sortKey(doc: Doc): string {
    return this.overlaidKeys.get(doc) ?? (doc._id as string)
  }

  private equalIndex(view: View, path: string[]): EqualityIndex {
    const pathKey = path.join('.')
    let index = view.equal.get(pathKey)
    if (!index) {
      index = this.buildIndex(view, () => {
        const built: EqualityIndex = new Map()
        // In view order, so each list grows at its end.
        this.eachValue(view, view.keys, path, 'scalar', (handle, value) => {
          if (!isScalar(value)) return
          const found = built.get(value)
          if (found === undefined) built.set(value, handle)
          else if (typeof found === 'string') built.set(value, [found, handle])
          else found.push(handle)
        })
        return built
      })
      view.equal.set(pathKey, index)
    }
    return index
  }

  /** `handles` split into those with a scalar at `path`, ranked, and the others in view order. */
  private ranked(
    view: View,
    handles: readonly string[],
    path: string[],
  ): {sorted: string[]; others: string[]} {
    const pairs: Array<[Scalar, string]> = []
    const others: string[] = []
    this.eachValue(view, handles, path, 'scalar', (handle, value) => {
      if (isScalar(value)) pairs.push([value, handle])
      else others.push(handle)
    })
    pairs.sort(([x, a], [y, b]) => compareRanked(x, a, y, b))
    return {sorted: pairs.map(([, handle]) => handle), others}
  }

  /**
   * Calls `visit` with each of `handles` (in view order) and its value at `path`. A snapshot-backed
   * dataset whose documents are not all parsed reads the values from the store in one pass for the
   * views whose entries are stored documents as they are (not overlays), instead of parsing every
   * document; `kind: 'defined'` then gives 1 for any non-null value.
   */
  private eachValue(
    view: View,
    handles: readonly string[],
    path: string[],
    kind: 'scalar' | 'defined',
    visit: (handle: string, value: unknown) => void,
  ): void {
    const column =
      this.snapshot && !this.allParsed && !this.hasLayers(view.perspective, view.anon)
        ? this.snapshot.column(path, kind)
        : undefined
    if (!column) {
      this.eachDoc(view, handles, (handle, doc) => visit(handle, readPath(doc, path)))
      return
    }
    // Both in id order: walk them together. Changed documents are read from the changes.
    const rows = column[Symbol.iterator]()
    let row = rows.next()
    for (const handle of handles) {
      if (this.changed.has(handle)) {
        const doc = this.get(handle)
        if (doc) visit(handle, readPath(doc, path))
        continue
      }
      while (!row.done && row.value[0] < handle) row = rows.next()
      if (!row.done && row.value[0] === handle) visit(handle, row.value[1])
    }
    rows.return?.()
  }

  /** Calls `visit` with each of `handles` and its document, reading ahead from the snapshot. */
  private eachDoc(
    view: View,
    handles: readonly string[],
    visit: (handle: string, doc: Doc) => void,
  ): void {
    const docs = this.lazy(view, handles)
    for (let i = 0; i < handles.length; i++) {
      const doc = docs[i]
      if (doc) visit(handles[i], doc)
    }
  }

  /**
   * `handles` as an array of their documents, each read when asked for: a candidate list costs
   * nothing until groq-js walks it, and a walk past the parsed documents reads the next ones from
   * the snapshot in one query. Read-only.
   */
  private lazy(view: View, handles: readonly string[]): Doc[] {
    // A walk that has read many documents (a scan) reads the rest beside the cache: they would only
    // push out the ones read often. A short walk of a long list (an ordered index's first page)
    // keeps what it reads, as every other read does.
    let readFromStore = 0
    // The plans look at neighbours again and again (ties in an ordered walk): the last few
    // documents read stay at hand.
    let memoAt: Int32Array | undefined
    let memo: Array<Doc | undefined> = []
    // Reads ahead in the direction of the walk (a descending order walks its index from the end);
    // a jump (a binary search's probe) reads only the document asked for.
    let previous = -1
    const read = (index: number): Doc | undefined => {
      const step = index - previous
      previous = index
      const slot = index & (MEMO_SLOTS - 1)
      if (!memoAt) {
        memoAt = new Int32Array(MEMO_SLOTS).fill(-1)
        memo = new Array(MEMO_SLOTS)
      } else if (memoAt[slot] === index) return memo[slot]
      const handle = handles[index]
      if (handle === undefined) return undefined
      if (this.snapshot && !this.allParsed && !this.isParsed(handle)) {
        const [from, to] =
          step === 1
            ? [index, index + READ_AHEAD]
            : step === -1
              ? [Math.max(0, index - READ_AHEAD + 1), index + 1]
              : [index, index + 1]
        const next = handles.slice(from, to).filter((h) => !this.isParsed(h))
        this.readAhead(next, readFromStore >= datasetTuning.scanLength)
        readFromStore += next.length
      }
      const doc = view.doc(handle)
      memoAt[slot] = index
      memo[slot] = doc
      return doc
    }
    return new Proxy(handles as unknown as Doc[], {
      get(target, property, receiver) {
        if (typeof property === 'string') {
          const code = property.charCodeAt(0)
          if (code >= 48 && code <= 57) {
            const index = Number(property)
            if (Number.isInteger(index)) return read(index)
          }
        }
        return Reflect.get(target, property, receiver)
      },
      set: () => false,
      deleteProperty: () => false,
    })
  }

  /** True when reading `key` needs no store read (parsed, changed, or not stored at all). */
  private isParsed(key: string): boolean {
    return (
      this.changed.has(key) || this.cache.has(key) || this.older.has(key) || this.scanned.has(key)
    )
  }

  /** Reads the stored documents behind `keys` into the cache, or for a long walk beside it. */
  private readAhead(keys: string[], scan: boolean): void {
    if (!this.snapshot || keys.length === 0) return
    const wanted: string[] = []
    for (const key of keys) {
      if (!this.isParsed(key) && holds(this.ids, key)) wanted.push(key)
    }
    if (wanted.length === 0) return
    const found = this.snapshot.readMany(wanted)
    if (scan) this.scanned = new Map()
    for (const [key, body] of found) {
      const doc = JSON.parse(body) as Doc
      if (scan) this.scanned.set(key, doc)
      else this.remember(key, doc, body.length)
    }
  }

  private hasLayers(perspective: Perspective, anonymous: boolean): boolean {
    return !anonymous && perspective.kind === 'stack' && perspective.layers.length > 0
  }

  private viewOf(perspective: Perspective, anonymous: boolean): View {
    const key = anonymous ? 'anon' : perspectiveKey(perspective)
    let view = this.views.get(key)
    if (!view) {
      const doc = (handle: string) => {
        const id = this.ownerIn(perspective, anonymous, handle)
        return id === undefined ? undefined : this.entry(perspective, anonymous, id)
      }
      view = new View(this.build(perspective, anonymous), perspective, anonymous, doc)
      this.views.set(key, view)
    }
    return view
  }

  /** A view's handles, from the ids alone: no document is read. */
  private build(perspective: Perspective, anonymous: boolean): string[] {
    if (!this.hasLayers(perspective, anonymous)) {
      if (perspective.kind === 'raw' && !anonymous) return this.ids.slice()
      return this.ids.filter((key) => this.ownerIn(perspective, anonymous, key) === key)
    }
    const handles: string[] = []
    const seen = new Set<string>()
    for (const key of this.ids) {
      const id = this.ownerIn(perspective, anonymous, key)
      // An overlaid document takes the place of the first of its versions.
      if (id === undefined || seen.has(id)) continue
      seen.add(id)
      const handle = this.handleOf(perspective, anonymous, id)
      if (handle !== undefined) handles.push(handle)
    }
    return handles.sort(compareKeys)
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
   * Where the entry shown under `id` sits in a view, from which ids exist: its own id, or for an
   * overlaid document the first of its versions in id order; undefined when the view shows nothing
   * under `id`.
   */
  private handleOf(perspective: Perspective, anonymous: boolean, id: string): string | undefined {
    if (!this.hasLayers(perspective, anonymous)) {
      if (this.ownerIn(perspective, anonymous, id) !== id) return undefined
      return this.exists(id) ? id : undefined
    }
    let first: string | undefined
    for (const layer of (perspective as {layers: string[]}).layers) {
      const key = layer + id
      if (this.exists(key) && (first === undefined || key < first)) first = key
    }
    const published = !isDraftId(id) && !isVersionId(id) && this.exists(id)
    if (first === undefined) return published ? id : undefined
    return published && id < first ? id : first
  }

  private exists(key: string): boolean {
    if (this.source) return this.get(key) !== undefined
    if (!this.snapshot) return this.docs.has(key)
    return holds(this.ids, key)
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
      if (!this.exists(key)) continue
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

  private remember(key: string, doc: Doc | null, bytes: number): void {
    this.cache.set(key, doc)
    if (this.source) {
      if (this.cache.size < CACHED_DOCUMENTS / 2) return
    } else {
      this.cacheBytes += bytes
      if (this.cacheBytes < this.cacheLimitBytes / 2) return
      this.cacheBytes = 0
      this.allParsed = false
    }
    this.older = this.cache
    this.cache = new Map()
  }
}

function clearIndexes(view: View): void {
  view.ordered.clear()
  view.equal.clear()
  view.sorted.clear()
  view.defined.clear()
  view.refs = undefined
}
