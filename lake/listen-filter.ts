import {evaluateSync, type ExprNode} from 'groq-js'

import type {Doc} from './documents.ts'
import {badRequest} from './errors.ts'

type Node = {type: string; [key: string]: unknown}

/** Nodes that visit every element of an array (or, for `*` and `->`, other documents). */
const ITERATING = new Set(['Filter', 'Map', 'FlatMap', 'Projection', 'PipeFuncCall', 'Slice'])

/**
 * A listener's filter runs on the main thread for every change, so it must be cheap by
 * construction: a filter over `*`, evaluated on the one changed document (so a subquery's `*`
 * is that document alone, and `->` finds nothing), that nests no traversal of an array inside
 * another. Its cost is then linear in the size of the document and the
 * parameters; a measured budget per change backs that up (see routes/listen.ts).
 */
export function listenerFilter(tree: ExprNode, query: string): ExprNode {
  let node = tree as unknown as Node
  // A projection, ordering or slice after the filter (the Studio's listeners end in
  // `| order(...)`) doesn't change which documents match.
  while (['Projection', 'Map', 'Slice', 'PipeFuncCall', 'Group'].includes(node.type)) {
    node = node.base as Node
  }
  // A bare `*` (the Studio's global preview listener) matches every document.
  if (node.type === 'Everything') {
    return {type: 'Filter', base: node, expr: {type: 'Value', value: true}} as unknown as ExprNode
  }
  if (node.type !== 'Filter' || (node.base as Node).type !== 'Everything') {
    throw badRequest(
      `A listener query must be a filter, like *[_type == "post"]: ${query.slice(0, 200)}`,
      'queryParseError',
    )
  }
  check(node.expr as Node, 0, query)
  return node as unknown as ExprNode
}

function check(node: Node, depth: number, query: string): void {
  if (node.type === 'FuncDeclaration') {
    throw badRequest('A listener filter may not declare functions', 'queryParseError')
  }
  // Inside a listener `*` is the one changed document, so a subquery over it (the Studio's list
  // panes listen with `count(*[references(^._id)]) == 0`) costs one evaluation, not a traversal.
  // A projection of `@` (one element, inside a traversal) reads that element once: no traversal.
  const base = (node.base as Node | undefined)?.type
  const iterates =
    ITERATING.has(node.type) &&
    base !== 'Everything' &&
    !(node.type === 'Projection' && base === 'This')
  if (iterates && depth >= 1) {
    throw badRequest(
      `A listener filter may not nest one array traversal inside another: ${query.slice(0, 200)}`,
      'queryParseError',
    )
  }
  for (const [key, child] of Object.entries(node)) {
    // The traversal's own base is evaluated once; its expression once per element.
    const inside = iterates && key !== 'base' ? depth + 1 : depth
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) check(item, inside, query)
    } else if (isNode(child)) check(child, inside, query)
  }
}

function isNode(value: unknown): value is Node {
  return Boolean(value) && typeof value === 'object' && typeof (value as Node).type === 'string'
}

/** Whether `doc` passes the filter; anything the filter can't evaluate counts as no match. */
export function matchesFilter(
  filter: ExprNode,
  doc: Doc | null,
  params: Record<string, unknown>,
): boolean {
  if (!doc) return false
  try {
    const result = evaluateSync(filter, {dataset: [doc], params}).data
    return Array.isArray(result) ? result.length > 0 : Boolean(result)
  } catch {
    return false
  }
}
