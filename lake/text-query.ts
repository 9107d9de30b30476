import type {Doc} from './documents.ts'

/** Hidden field the rewritten search queries match against; never shows up in results. */
export const SEARCH_TEXT_FIELD = '__lakeSearchText'

/**
 * The Studio's search asks for `x match text::query($q)`, which groq-js does not implement. Rewritten,
 * `text::query($q)` becomes `($q)` (GROQ `match` already understands its words and `*` prefixes) and the
 * whole-document match `[@, _id]` matches a hidden field holding all the document's strings.
 */
export function rewriteTextQuery(query: string): string {
  if (!query.includes('text::query')) return query
  return query
    .replace(
      /\[\s*@\s*,\s*_id\s*\]\s+match\s+text::query\(/g,
      `[${SEARCH_TEXT_FIELD}, _id] match (`,
    )
    .replace(/\btext::query\(/g, '(')
}

export function usesSearchText(query: string): boolean {
  return query.includes(SEARCH_TEXT_FIELD)
}

/** Copies of the documents with the hidden search field, defined non-enumerable so `...` skips it. */
export function withSearchText(docs: Doc[]): Doc[] {
  return docs.map((doc) => {
    const copy = {...doc}
    Object.defineProperty(copy, SEARCH_TEXT_FIELD, {value: gatherStrings(doc, []).join(' ')})
    return copy
  })
}

function gatherStrings(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const item of value) gatherStrings(item, into)
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (!key.startsWith('_')) gatherStrings(child, into)
    }
  }
  return into
}
