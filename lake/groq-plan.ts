import {randomUUID} from 'node:crypto'

import type {ExprNode} from 'groq-js'

import type {Doc} from './documents.ts'

/**
 * Supplies the documents of the current view whose attribute at `path` equals one of `values`, in
 * view order, or undefined when it can't (the caller then scans everything).
 */
export type IndexSource = (path: string[], values: unknown[]) => Doc[] | undefined

type Node = {type: string; [key: string]: unknown}

/**
 * Rewrites `*[a.b == "x" && ...]` (also `in [...]`, and `$params` as the constant) so the filter
 * starts from the documents an equality index returns for its most selective conjunct, instead of
 * all of `*`. Same answer (the whole filter still runs on them), far fewer documents for groq-js to
 * visit: the lake's main lever on query latency.
 */
export function narrowByIndex(
  tree: ExprNode,
  params: Record<string, unknown>,
  source: IndexSource,
): ExprNode {
  return rewrite(tree as unknown as Node, params, source) as unknown as ExprNode
}

function rewrite(node: Node, params: Record<string, unknown>, source: IndexSource): Node {
  let copy: Node | undefined
  for (const key in node) {
    const child = node[key]
    let next: unknown = child
    if (Array.isArray(child)) {
      const mapped = child.map((item) => (isNode(item) ? rewrite(item, params, source) : item))
      if (mapped.some((item, index) => item !== child[index])) next = mapped
    } else if (isNode(child)) {
      next = rewrite(child, params, source)
    }
    if (next !== child) {
      copy ??= {...node}
      copy[key] = next
    }
  }
  const current = copy ?? node
  if (current.type === 'Filter' && (current.base as Node).type === 'Everything') {
    let best: Doc[] | undefined
    for (const {path, values} of equalities(current.expr as Node, params)) {
      const docs = source(path, values)
      if (docs && (!best || docs.length < best.length)) best = docs
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
