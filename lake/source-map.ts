import type {Doc} from './documents.ts'

/** Sanity's Content Source Map, as `resultSourceMap` carries it in a query response. */
export interface ContentSourceMap {
  documents: Array<{_id: string; _type: string}>
  paths: string[]
  mappings: Record<
    string,
    {type: 'value'; source: {type: 'documentValue'; document: number; path: number}}
  >
}

type Segment = string | number | {_key: string}

/**
 * The Content Source Map of a query result (`?resultSourceMap=true` or `withKeyArraySelector`),
 * which `@sanity/client` turns into stega (visual editing) markers.
 *
 * Sanity's API traces every value through the GROQ evaluation. The lake does not trace: it maps
 * what it can check. A string is mapped when it lies inside a result object carrying the `_id`
 * of a document the reader can see, and the document holds the same string at the same path
 * below it (array items matched by `_key`, else by position). Renamed or computed values (a
 * `"slug": slug.current` projection, `coalesce(...)` defaults) stay unmapped, so no marker ever
 * points an editor at the wrong field; Sanity maps more of them.
 */
export function contentSourceMap(
  result: unknown,
  resolve: (id: string) => Doc | undefined,
): ContentSourceMap {
  const map: ContentSourceMap = {documents: [], paths: [], mappings: {}}
  const documentIndex = new Map<string, number>()
  const pathIndex = new Map<string, number>()
  const indexOf = <K>(table: Map<K, number>, key: K, add: () => void) => {
    let index = table.get(key)
    if (index === undefined) {
      index = table.size
      table.set(key, index)
      add()
    }
    return index
  }

  const walk = (
    value: unknown,
    resultPath: Array<string | number>,
    source: {doc: Doc; at: unknown; path: Segment[]} | undefined,
  ): void => {
    if (typeof value === 'string') {
      if (!source || source.at !== value) return
      const document = indexOf(documentIndex, source.doc._id as string, () =>
        map.documents.push({_id: source.doc._id as string, _type: String(source.doc._type)}),
      )
      const sourcePath = jsonPath(source.path)
      const path = indexOf(pathIndex, sourcePath, () => map.paths.push(sourcePath))
      map.mappings[jsonPath(resultPath)] = {
        type: 'value',
        source: {type: 'documentValue', document, path},
      }
      return
    }
    if (Array.isArray(value)) {
      const sourceArray = source && Array.isArray(source.at) ? source.at : undefined
      value.forEach((item, index) => {
        let child: typeof source
        if (source && sourceArray) {
          const key = isObject(item) && typeof item._key === 'string' ? item._key : undefined
          if (key !== undefined) {
            const match = sourceArray.find((entry) => isObject(entry) && entry._key === key)
            if (match !== undefined)
              child = {...source, at: match, path: [...source.path, {_key: key}]}
          } else if (index < sourceArray.length) {
            child = {...source, at: sourceArray[index], path: [...source.path, index]}
          }
        }
        walk(item, [...resultPath, index], child)
      })
      return
    }
    if (!isObject(value)) return
    // A result object carrying a document's id starts that document's paths afresh.
    const own = typeof value._id === 'string' ? resolve(value._id) : undefined
    const context = own ? {doc: own, at: own as unknown, path: [] as Segment[]} : source
    for (const [key, entry] of Object.entries(value)) {
      const at = context && isObject(context.at) ? context.at[key] : undefined
      walk(
        entry,
        [...resultPath, key],
        context && at !== undefined ? {...context, at, path: [...context.path, key]} : undefined,
      )
    }
  }
  walk(result, [], undefined)
  return map
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `$['body'][?(@._key=='a1')]['children'][0]['text']`, as Sanity writes source map paths. */
function jsonPath(path: Segment[]): string {
  return `$${path
    .map((segment) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : typeof segment === 'string'
          ? `['${segment.replace(/['\\]/g, (char) => `\\${char}`)}']`
          : `[?(@._key=='${segment._key.replace(/['\\]/g, (char) => `\\${char}`)}')]`,
    )
    .join('')}`
}
