import {randomUUID} from 'node:crypto'

import type {ExprNode} from 'groq-js'

import {
  compareScalars,
  isScalar,
  type OrderedIndex,
  readPath,
  type Scalar,
  typeRank,
} from './dataset.ts'
import type {Doc} from './documents.ts'

/**
 * Supplies the documents of the current view whose attribute at `path` equals one of `values`, in
 * view order, or undefined when it can't (the caller then scans everything). The path
 * `[REFERENCES]` asks for the documents referencing one of `values` instead.
 */
export type IndexSource = (path: string[], values: unknown[]) => Doc[] | undefined

/** The other indexes a view offers; each answers in view order unless it says otherwise. */
export interface PlanSource {
  equal: IndexSource
  /** Documents holding a `_ref` to one of `ids` anywhere (what `references()` reads). */
  referencing(ids: string[]): Doc[]
  /** Documents with a non-null value at `path`. */
  defined(path: string[]): Doc[]
  /** Documents with a scalar at `path`, by (type rank, value, view order): not view order. */
  sorted(path: string[]): Doc[]
  /** The view (or one equality's documents) as `order(by)` ranks them: see `OrderedIndex`. */
  ordered(by: string[], where?: {path: string[]; value: Scalar}): OrderedIndex
  /** Puts documents gathered from `sorted` back in view order. */
  inViewOrder(docs: Doc[]): Doc[]
  /** The whole view. */
  all(): Doc[]
  /** The documents of `docs` a filter keeps, or undefined when it can't tell synchronously. */
  keep(docs: Doc[], filter: Node): Doc[] | undefined
}

export const REFERENCES = '\u0000references'

type Node = {type: string; [key: string]: unknown}

export const planTuning = {
  /** Below this many candidates a filter's own cost is small: ordered plans don't bother. */
  smallBase: 2000,
  /** Range candidates come in value order and are sorted back: used when this many times fewer. */
  rangeAdvantage: 4,
  /** Documents an ordered plan walks before its first filter run (at least twice the end). */
  firstChunk: 64,
}
/** The largest `order(...)[a...b]` end an ordered plan walks towards. */
const MAX_ORDERED_END = 10_000

/**
 * Rewrites `*[a.b == "x" && ...]` (also `in [...]`, and `$params` as the constant) so the filter
 * starts from the documents an equality index returns for its most selective conjunct, instead of
 * all of `*`. Same answer (the whole filter still runs on them), far fewer documents for groq-js to
 * visit: the lake's main lever on query latency.
 */
export function narrowByIndex(
  tree: ExprNode,
  params: Record<string, unknown>,
  source: IndexSource | PlanSource,
): ExprNode {
  const plans: PlanSource | undefined = typeof source === 'function' ? undefined : source
  const equal = typeof source === 'function' ? source : source.equal
  return rewrite(tree as unknown as Node, params, equal, plans) as unknown as ExprNode
}

function rewrite(
  node: Node,
  params: Record<string, unknown>,
  source: IndexSource,
  plans?: PlanSource,
): Node {
  if (plans) {
    const ordered = orderedPlan(node, params, source, plans)
    if (ordered) return ordered
  }
  let copy: Node | undefined
  for (const key in node) {
    const child = node[key]
    let next: unknown = child
    if (Array.isArray(child)) {
      const mapped = child.map((item) =>
        isNode(item) ? rewrite(item, params, source, plans) : item,
      )
      if (mapped.some((item, index) => item !== child[index])) next = mapped
    } else if (isNode(child)) {
      next = rewrite(child, params, source, plans)
    }
    if (next !== child) {
      copy ??= {...node}
      copy[key] = next
    }
  }
  const current = copy ?? node
  if (current.type === 'Filter' && (current.base as Node).type === 'Everything') {
    let best: Doc[] | undefined
    for (const {path, values} of byLikelySelectivity(equalities(current.expr as Node, params))) {
      // One candidate can't be beaten: the other indexes need not exist (at a million documents
      // building one is seconds).
      if (best && best.length <= 1) break
      const docs = source(path, values)
      if (docs && (!best || docs.length < best.length)) best = docs
    }
    if (plans && !(best && best.length <= 1)) {
      best = narrowest(current.expr as Node, params, plans, best)
    }
    if (best && best.length <= 1) return {...current, base: {type: 'Value', value: best}}
    const scoped = scopedEquality(current.expr as Node, params)
    if (scoped) return {...current, base: candidatesAtRunTime(scoped.path, scoped.values)}
    if (best) return {...current, base: {type: 'Value', value: best}}
  }
  return current
}

function isNode(value: unknown): value is Node {
  return Boolean(value) && typeof value === 'object' && typeof (value as Node).type === 'string'
}

/**
 * Equalities on `_type` last: a type names many documents, a slug or an id one, so a query by slug
 * is answered without building the type index at all.
 */
function byLikelySelectivity<T extends {path: string[]}>(tests: T[]): T[] {
  const onType = (test: T) => Number(test.path.length === 1 && test.path[0] === '_type')
  return [...tests].sort((a, b) => onType(a) - onType(b))
}

/** The `attribute == constant` and `attribute in [constants]` conjuncts at the top of a filter. */
function equalities(
  expr: Node,
  params: Record<string, unknown>,
): Array<{path: string[]; values: unknown[]}> {
  if (expr.type === 'And') {
    return [...equalities(expr.left as Node, params), ...equalities(expr.right as Node, params)]
  }
  if (expr.type !== 'OpCall') return []
  const path = attributePath(expr.left as Node)
  if (!path) return []
  const right = constant(expr.right as Node, params)
  if (expr.op === '==' && isIndexable(right)) return [{path, values: [right]}]
  if (expr.op === 'in' && Array.isArray(right) && right.every(isIndexable)) {
    return [{path, values: [...new Set(right)]}]
  }
  return []
}

/**
 * The smallest candidate list among what the equality indexes gave and the other conjuncts the
 * view's indexes serve: `references(const)`, `defined(attr)`, and ranges (`attr > const`, ...).
 */
function narrowest(
  expr: Node,
  params: Record<string, unknown>,
  plans: PlanSource,
  best: Doc[] | undefined,
): Doc[] | undefined {
  const ranges = new Map<string, Range>()
  for (const conjunct of conjuncts(expr)) {
    let docs: Doc[] | undefined
    if (conjunct.type === 'FuncCall' && conjunct.namespace === 'global') {
      const args = conjunct.args as Node[]
      if (conjunct.name === 'references') {
        const values = args.map((arg) => constant(arg, params))
        if (values.every((value) => value !== undefined)) docs = plans.referencing(refIds(values))
      } else if (conjunct.name === 'defined' && args.length === 1) {
        const path = attributePath(args[0])
        if (path) docs = plans.defined(path)
      }
    } else if (conjunct.type === 'OpCall' && RANGE_OPS.has(conjunct.op as string)) {
      const path = attributePath(conjunct.left as Node)
      const bound = constant(conjunct.right as Node, params)
      if (path && isScalar(bound)) {
        const key = JSON.stringify(path)
        const range = ranges.get(key) ?? {path}
        ranges.set(key, narrowRange(range, conjunct.op as string, bound))
      }
    }
    if (docs && (!best || docs.length < best.length)) best = docs
  }
  for (const range of ranges.values()) {
    const sorted = plans.sorted(range.path)
    const [from, to] = rangeBounds(sorted, range)
    // Range candidates come in value order and must be sorted back: worth it when far fewer.
    if (!best || (to - from) * planTuning.rangeAdvantage < best.length) {
      best = plans.inViewOrder(sorted.slice(from, to))
    }
  }
  return best
}

const RANGE_OPS = new Set(['>', '>=', '<', '<='])

interface Range {
  path: string[]
  lower?: {value: Scalar; inclusive: boolean}
  upper?: {value: Scalar; inclusive: boolean}
  /** Bounds of two types: nothing compares true to both. */
  empty?: boolean
}

function narrowRange(range: Range, op: string, value: Scalar): Range {
  const next = {...range}
  const bound = {value, inclusive: op.endsWith('=')}
  const other = range.lower ?? range.upper
  if (other && typeof other.value !== typeof value) return {...range, empty: true}
  if (op.startsWith('>')) {
    const c = next.lower ? compareScalars(value, next.lower.value) : 1
    if (c > 0 || (c === 0 && !bound.inclusive)) next.lower = bound
  } else {
    const c = next.upper ? compareScalars(value, next.upper.value) : -1
    if (c < 0 || (c === 0 && !bound.inclusive)) next.upper = bound
  }
  return next
}

/** The slice of a sorted index whose values satisfy the range (only values of the bound's type). */
function rangeBounds(sorted: Doc[], range: Range): [number, number] {
  if (range.empty) return [0, 0]
  const sample = (range.lower ?? range.upper)!.value
  const rank = typeRank(sample)
  // Position of the first document for which `before(doc)` is false.
  const search = (before: (value: Scalar) => boolean) => {
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (before(readPath(sorted[middle], range.path) as Scalar)) low = middle + 1
      else high = middle
    }
    return low
  }
  const lower = range.lower
  const upper = range.upper
  const from = search((value) => {
    const r = typeRank(value)
    if (r !== rank) return r < rank
    if (!lower) return false
    const c = compareScalars(value, lower.value)
    return c < 0 || (c === 0 && !lower.inclusive)
  })
  const to = search((value) => {
    const r = typeRank(value)
    if (r !== rank) return r < rank
    if (!upper) return true
    const c = compareScalars(value, upper.value)
    return c < 0 || (c === 0 && upper.inclusive)
  })
  return [from, Math.max(from, to)]
}

/** The ids `references(...)` looks for: strings, and the strings inside array arguments. */
function refIds(values: unknown[]): string[] {
  const ids: string[] = []
  for (const value of values) {
    if (typeof value === 'string') ids.push(value)
    else if (Array.isArray(value)) ids.push(...value.filter((id) => typeof id === 'string'))
  }
  return ids
}

function conjuncts(expr: Node): Node[] {
  if (expr.type === 'And')
    return [...conjuncts(expr.left as Node), ...conjuncts(expr.right as Node)]
  return [expr]
}

/**
 * `*[F] | order(a desc, ...)[from...to]` (or `[i]`): the answer is the first `to` documents that
 * pass F in that order, so walk the sorted index of `a` in that order, keep what F keeps (groq-js
 * evaluates F on each chunk walked), and stop once `to` passed; with more than one order key, also
 * walk the rest of the last one's tie on `a`. The filter then runs on that short list, kept in view
 * order: groq-js's stable sort gives the very same first `to` documents as over all of `*`.
 */
function orderedPlan(
  node: Node,
  params: Record<string, unknown>,
  source: IndexSource,
  plans: PlanSource,
): Node | undefined {
  let end: number
  if (node.type === 'Slice') {
    const left = node.left as number
    const right = node.right as number
    if (left < 0 || right < 0) return undefined
    end = node.isInclusive ? right + 1 : right
  } else if (node.type === 'AccessElement') {
    if ((node.index as number) < 0) return undefined
    end = (node.index as number) + 1
  } else return undefined
  if (end > MAX_ORDERED_END || end < 1) return undefined
  const pipe = node.base as Node
  if (pipe.type !== 'PipeFuncCall' || pipe.name !== 'order') return undefined
  const args = pipe.args as Node[]
  if (args.length === 0) return undefined
  const descending = args[0].type === 'Desc'
  const path = attributePath(
    args[0].type === 'Desc' || args[0].type === 'Asc' ? (args[0].base as Node) : args[0],
  )
  if (!path) return undefined
  const filterNode = pipe.base as Node
  let filter: Node | undefined
  if (filterNode.type === 'Filter' && (filterNode.base as Node).type === 'Everything') {
    filter = filterNode.expr as Node
    // The filter is evaluated apart from its scope: it may not look outside it.
    if (usesParent(filter)) return undefined
  } else if (filterNode.type !== 'Everything') return undefined

  // Conjuncts an index answers cheaply also say which documents to skip without groq-js.
  const tests = filter ? equalities(filter, params) : []
  let base: Doc[] | undefined
  for (const {path: at, values} of tests) {
    const docs = source(at, values)
    if (docs && (!base || docs.length < base.length)) base = docs
  }
  if (base && base.length <= planTuning.smallBase) return undefined
  const wanted = tests.map(({path: at, values}) => ({at, keys: new Set(values.map(equalityKey))}))
  const passes = (doc: Doc) =>
    wanted.every(({at, keys}) => {
      const value = readPath(doc, at)
      return isScalar(value) && keys.has(equalityKey(value))
    })

  // One equality's documents when the filter has one with a single value, else the whole view.
  const single = tests.find(({values}) => values.length === 1)
  const {sorted, others} = plans.ordered(
    path,
    single && {path: single.path, value: single.values[0] as Scalar},
  )
  const kept: Doc[] = []
  let chunk: Doc[] = []
  let chunkSize = Math.max(planTuning.firstChunk, end * 2)
  let tie: Doc | undefined
  const sameGroup = (a: Doc, b: Doc) => {
    const x = readPath(a, path)
    const y = readPath(b, path)
    if (!isScalar(x) || !isScalar(y)) return !isScalar(x) && !isScalar(y)
    return typeRank(x) === typeRank(y) && compareScalars(x, y) === 0
  }
  const flush = (): boolean => {
    if (chunk.length === 0) return true
    const passed = filter ? plans.keep(chunk, filter) : chunk
    if (!passed) return false
    kept.push(...passed)
    chunk = []
    chunkSize = Math.min(chunkSize * 2, 4096)
    return true
  }
  /** Takes one document of the walk; false once enough are kept (or the plan must give up). */
  let failed = false
  const take = (doc: Doc): boolean => {
    if (tie) {
      if (!sameGroup(doc, tie)) return false
    } else if (kept.length >= end) {
      if (args.length === 1) return false
      tie = kept[kept.length - 1]
      if (!sameGroup(doc, tie)) return false
    }
    if (!passes(doc)) return true
    chunk.push(doc)
    if (chunk.length >= chunkSize && !flush()) {
      failed = true
      return false
    }
    return true
  }
  const walk = (): void => {
    if (descending) {
      for (const doc of others) if (!take(doc)) return
      // Values descending; equal values keep view order, as the stable sort does.
      let groupEnd = sorted.length
      while (groupEnd > 0) {
        // The group is the run of equal values ending here: found by galloping back from its end
        // and a binary search in the last gap, since a value shared by thousands of documents
        // would otherwise be walked whole for one take, and a search over the whole index would
        // read documents far from the few a page needs.
        const last = sorted[groupEnd - 1]
        let high = groupEnd - 1
        let step = 1
        let outside = high - step
        while (outside >= 0 && sameGroup(sorted[outside], last)) {
          high = outside
          step *= 2
          outside = groupEnd - 1 - step
        }
        let groupStart = Math.max(outside + 1, 0)
        while (groupStart < high) {
          const middle = (groupStart + high) >>> 1
          if (sameGroup(sorted[middle], last)) high = middle
          else groupStart = middle + 1
        }
        for (let i = groupStart; i < groupEnd; i++) if (!take(sorted[i])) return
        groupEnd = groupStart
      }
    } else {
      for (const doc of sorted) if (!take(doc)) return
      for (const doc of others) if (!take(doc)) return
    }
  }
  walk()
  if (failed || !flush()) return undefined
  const candidates = plans.inViewOrder(kept)
  const narrowed: Node = filter
    ? {
        ...filterNode,
        base: {type: 'Value', value: candidates},
        expr: rewrite(filter, params, source, plans),
      }
    : {type: 'Value', value: candidates}
  return {
    ...node,
    base: {...pipe, base: narrowed},
  }
}

function equalityKey(value: unknown): string {
  return `${typeof value}:${String(value)}`
}

/** `a.b.c` read from the document being filtered (no `^`, no `@` tricks, no array traversal). */
function attributePath(node: Node): string[] | undefined {
  if (node.type !== 'AccessAttribute') return undefined
  if (node.base === undefined) return [node.name as string]
  const base = attributePath(node.base as Node)
  return base && [...base, node.name as string]
}

/** Nulls are left out: `x == null` also matches documents without `x`, which no index lists. */
function isIndexable(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

function constant(node: Node, params: Record<string, unknown>): unknown {
  if (node.type === 'Value') return node.value
  if (node.type === 'Parameter' && Object.hasOwn(params, node.name as string)) {
    return params[node.name as string]
  }
  if (node.type === 'Array') {
    const elements = node.elements as Node[]
    const values = elements.map((element) =>
      element.isSplat ? undefined : constant(element.value as Node, params),
    )
    return values.every((value) => value !== undefined) ? values : undefined
  }
  return undefined
}

/**
 * `_ref`s starting with this ask the lake's `dereference` for a subquery's candidates (see
 * `candidatesAtRunTime`). NUL and a per-process id keep them apart from any stored reference.
 */
const CANDIDATES_REF = `\u0000lake-candidates:${randomUUID()}:`
const SEPARATOR = '\u0000'

/**
 * A nested `*[attr == ^.x]` (or `in`, or `$param` inside an expression) can't be narrowed before
 * the query runs: the values come from the enclosing document. So the filter's base becomes an
 * expression that, at run time, evaluates those values where the filter would (a projection of
 * `{}` nests a scope exactly as the filter's does, so `^` means the same), joins them into a
 * dereference that `candidates()` answers from the equality index, and falls back to `*` whenever
 * the values can't be passed that way (objects, nulls, a string holding the separator).
 */
function candidatesAtRunTime(path: string[], values: Node): Node {
  const call = (namespace: string, name: string, args: Node[]): Node => ({
    type: 'FuncCall',
    namespace,
    name,
    args,
  })
  const value = (constant: unknown): Node => ({type: 'Value', value: constant})
  const plus = (left: Node, right: Node): Node => ({type: 'OpCall', op: '+', left, right})
  const unique = call('array', 'unique', [values])
  const ref = [
    call('global', 'string', [call('global', 'count', [unique])]),
    value(SEPARATOR),
    call('array', 'join', [unique, value(SEPARATOR)]),
  ].reduce(plus, value(`${CANDIDATES_REF}${JSON.stringify(path)}${SEPARATOR}`))
  const deref: Node = {
    type: 'Deref',
    base: {type: 'Object', attributes: [{type: 'ObjectAttributeValue', name: '_ref', value: ref}]},
  }
  return call('global', 'coalesce', [
    {type: 'Projection', base: value({}), expr: deref},
    {type: 'Everything'},
  ])
}

/**
 * Answers a `_ref` made by `candidatesAtRunTime`: the documents whose attribute equals one of the
 * joined values, in view order; null (the filter then scans `*`) when the values did not survive
 * the join; undefined when `ref` is an ordinary reference.
 */
export function candidates(ref: string, source: IndexSource): Doc[] | null | undefined {
  if (!ref.startsWith(CANDIDATES_REF)) return undefined
  const rest = ref.slice(CANDIDATES_REF.length)
  const pathEnd = rest.indexOf(SEPARATOR)
  const countEnd = rest.indexOf(SEPARATOR, pathEnd + 1)
  const path = JSON.parse(rest.slice(0, pathEnd)) as string[]
  const count = Number(rest.slice(pathEnd + 1, countEnd))
  const parts = count === 0 ? [] : rest.slice(countEnd + 1).split(SEPARATOR)
  if (parts.length !== count) return null
  // Joining made numbers and booleans text: look each part up as every type it could have been.
  const values = new Set<unknown>()
  for (const part of parts) {
    values.add(part)
    if (part !== '' && String(Number(part)) === part) values.add(Number(part))
    if (part === 'true' || part === 'false') values.add(part === 'true')
  }
  return source(path, [...values]) ?? null
}

/** An `attribute == expr` or `attribute in expr` conjunct whose `expr` can't see the document. */
function scopedEquality(
  expr: Node,
  params: Record<string, unknown>,
): {path: string[]; values: Node} | undefined {
  const found: Array<{path: string[]; values: Node}> = []
  const visit = (node: Node): void => {
    if (node.type === 'And') {
      visit(node.left as Node)
      visit(node.right as Node)
      return
    }
    if (node.type === 'FuncCall' && node.namespace === 'global' && node.name === 'references') {
      const args = node.args as Node[]
      if (args.length !== 1 || constant(args[0], params) !== undefined) return
      if (!independentOfItem(args[0])) return
      found.push({
        path: [REFERENCES],
        values: {type: 'Array', elements: [{type: 'ArrayElement', value: args[0]}]},
      })
      return
    }
    if (node.type !== 'OpCall' || (node.op !== '==' && node.op !== 'in')) return
    const path = attributePath(node.left as Node)
    const right = node.right as Node
    if (!path || constant(right, params) !== undefined || !independentOfItem(right)) return
    const values: Node =
      node.op === '==' ? {type: 'Array', elements: [{type: 'ArrayElement', value: right}]} : right
    found.push({path, values})
  }
  visit(expr)
  return found.find(({path}) => path.length === 1 && path[0] === '_id') ?? found[0]
}

/** Functions that read nothing but their arguments (`references()` reads `@`, for one). */
const PURE_FUNCTIONS = new Set([
  'global.coalesce',
  'global.lower',
  'global.upper',
  'global.string',
  'global.count',
  'global.defined',
  'global.length',
  'array.join',
  'array.unique',
  'array.compact',
])

/**
 * True when `node`, evaluated as part of a filter, can't depend on the document being filtered:
 * it reads only parameters, constants, `*` and the enclosing scopes (`^`). Nested scopes (`[]`,
 * projections, filters) may not use `^` at all, since one of them could land on the document.
 */
function independentOfItem(node: Node): boolean {
  switch (node.type) {
    case 'Value':
    case 'Parameter':
    case 'Parent':
    case 'Everything':
      return true
    case 'AccessAttribute':
      return node.base !== undefined && independentOfItem(node.base as Node)
    case 'AccessElement':
    case 'Slice':
    case 'Group':
    case 'ArrayCoerce':
      return independentOfItem(node.base as Node)
    case 'Array':
      return (node.elements as Node[]).every((element) => independentOfItem(element.value as Node))
    case 'OpCall':
      return independentOfItem(node.left as Node) && independentOfItem(node.right as Node)
    case 'FuncCall':
      return (
        PURE_FUNCTIONS.has(`${node.namespace}.${node.name}`) &&
        (node.args as Node[]).every(independentOfItem)
      )
    case 'Map':
    case 'FlatMap':
    case 'Filter':
    case 'Projection':
      return independentOfItem(node.base as Node) && !usesParent(node.expr as Node)
    default:
      return false
  }
}

function usesParent(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesParent)
  if (!node || typeof node !== 'object') return false
  if ((node as Node).type === 'Parent') return true
  return Object.values(node).some(usesParent)
}
