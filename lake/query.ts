import {evaluate, type EvaluateOptions, evaluateSync, type ExprNode, parse} from 'groq-js'

import type {Dataset} from './dataset.ts'
import type {Doc} from './documents.ts'
import {LakeError, queryParseError} from './errors.ts'
import {candidates, narrowByIndex, type PlanSource, REFERENCES} from './groq-plan.ts'
import type {Perspective} from './perspectives.ts'
import {rewriteTextQuery, usesSearchText, withSearchText} from './text-query.ts'

const PARSE_CACHE_SIZE = 500
const parsed = new Map<string, ExprNode>()

/**
 * Parses once per distinct query text; the Studio and sites repeat the same few queries. A query
 * that slices with parameters (the Studio's lists: `[0...$__limit]`) is parsed with its
 * parameters, because groq-js needs constant slice bounds, and is not cached.
 */
export function parseQuery(query: string, params?: Record<string, unknown>): ExprNode {
  let tree = parsed.get(query)
  if (tree) {
    parsed.delete(query)
    parsed.set(query, tree)
    return tree
  }
  try {
    tree = parse(rewriteTextQuery(query))
  } catch (error) {
    if (params && /slicing must use/.test((error as Error).message)) {
      return parseWithParams(query, params)
    }
    const position = (error as {position?: number}).position
    throw queryParseError((error as Error).message, query, position)
  }
  parsed.set(query, tree)
  if (parsed.size > PARSE_CACHE_SIZE) parsed.delete(parsed.keys().next().value!)
  return tree
}

function parseWithParams(query: string, params: Record<string, unknown>): ExprNode {
  try {
    return parse(rewriteTextQuery(query), {params})
  } catch (error) {
    const position = (error as {position?: number}).position
    throw queryParseError((error as Error).message, query, position)
  }
}

export interface QueryInput {
  query: string
  params: Record<string, unknown>
  perspective: Perspective
  anonymous: boolean
  projectId: string
}

const searchViews = new WeakMap<Dataset, {version: number; key: string; docs: Doc[]}>()

export async function runQuery(dataset: Dataset, input: QueryInput): Promise<unknown> {
  const tree = parseQuery(input.query, input.params)
  for (const name of parametersOf(tree)) {
    if (!Object.hasOwn(input.params, name)) {
      throw queryParseError(`param $${name} referenced, but not provided`, input.query)
    }
  }
  const search = usesSearchText(rewriteTextQuery(input.query))
  const {perspective, anonymous} = input
  // Search queries run over copies carrying the hidden search text, which the indexes don't hold.
  const docs = search ? searchView(dataset, input) : dataset.live(perspective, anonymous)
  const lookup = (path: string[], values: unknown[]) =>
    path.length === 1 && path[0] === REFERENCES
      ? dataset.referencing(
          perspective,
          anonymous,
          values.filter((value): value is string => typeof value === 'string'),
        )
      : dataset.lookup(perspective, anonymous, path, values)
  const plans: PlanSource = {
    equal: lookup,
    referencing: (ids) => dataset.referencing(perspective, anonymous, ids),
    defined: (path) => dataset.definedAt(perspective, anonymous, path),
    sorted: (path) => dataset.sortedAt(perspective, anonymous, path),
    ordered: (by, where) => dataset.orderedAt(perspective, anonymous, by, where),
    inViewOrder: (found) => dataset.inViewOrder(perspective, anonymous, found),
    all: () => docs,
    keep: (found, filter) => {
      try {
        const node = {type: 'Filter', base: {type: 'Value', value: found}, expr: filter}
        return evaluateSync(node as unknown as ExprNode, options).data as Doc[]
      } catch (error) {
        if (error instanceof LakeError) throw error
        return undefined
      }
    },
  }
  const options: EvaluateOptions = {
    dataset: docs,
    params: input.params,
    sanity: {projectId: input.projectId, dataset: dataset.name},
    dereference: ({_ref}) => {
      const narrowed = candidates(_ref, lookup)
      // groq-js passes whatever this returns on as the value: a list of candidates works too.
      if (narrowed !== undefined) return narrowed as unknown as Doc
      return dataset.resolve(perspective, anonymous, _ref) ?? null
    },
  }
  const planned = search ? tree : narrowByIndex(tree, input.params, plans)
  try {
    // Several times faster than the async evaluator when the query needs nothing asynchronous;
    // groq-js throws on what it can't do synchronously, and the async evaluator then answers.
    return evaluateSync(planned, options).data
  } catch (error) {
    if (error instanceof LakeError) throw error
  }
  try {
    const value = await evaluate(planned, options)
    return await value.get()
  } catch (error) {
    if (error instanceof LakeError) throw error
    throw queryParseError((error as Error).message, input.query)
  }
}

function searchView(dataset: Dataset, input: QueryInput): Doc[] {
  const key = `${input.anonymous}:${JSON.stringify(input.perspective)}`
  const cached = searchViews.get(dataset)
  if (cached && cached.version === dataset.version && cached.key === key) return cached.docs
  const docs = withSearchText(dataset.view(input.perspective, input.anonymous))
  searchViews.set(dataset, {version: dataset.version, key, docs})
  return docs
}

const parameterNames = new WeakMap<ExprNode, string[]>()

/** `$names` a query uses: Sanity refuses a query whose parameter was not given, groq-js reads null. */
function parametersOf(tree: ExprNode): string[] {
  let names = parameterNames.get(tree)
  if (!names) {
    const found = new Set<string>()
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk)
      else if (node && typeof node === 'object') {
        const object = node as Record<string, unknown>
        if (object.type === 'Parameter' && typeof object.name === 'string') found.add(object.name)
        Object.values(object).forEach(walk)
      }
    }
    walk(tree)
    names = [...found]
    parameterNames.set(tree, names)
  }
  return names
}
