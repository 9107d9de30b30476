/**
 * Confirming the importer's suggested citations (pure, so it is unit-tested): a confirmed
 * suggestion moves to "Supporting citations", a dismissed one is dropped, the rest stay.
 */
export interface CitationRef {
  _type?: string
  _ref?: string
  _key?: string
  _weak?: boolean
  _strengthenOnPublish?: {type: string; weak?: boolean}
}

export interface SuggestionDecision {
  /** Published ids of the suggestions to move to "Supporting citations". */
  confirm: string[]
  /** Published ids of the suggestions to drop. */
  dismiss: string[]
}

const publishedId = (id: string) => id.replace(/^drafts\./, '')

/** The ids a document's suggestions point at, in their order, without repeats. */
export function suggestedIds(suggested: readonly CitationRef[] | undefined): string[] {
  const ids = (suggested ?? []).map((item) => item?._ref).filter((ref): ref is string => !!ref)
  return [...new Set(ids.map(publishedId))]
}

/**
 * The new `citations` and `suggestedCitations` after a decision. A confirmed citation that is not
 * published yet (an imported one awaiting review) is linked the way Sanity's reference input
 * links an unpublished document: weak now, strong once published, so publishing the claim alone
 * is not refused for a missing target.
 */
export function applySuggestionDecision(
  current: {citations?: readonly CitationRef[]; suggestedCitations?: readonly CitationRef[]},
  decision: SuggestionDecision,
  options: {published: ReadonlySet<string>; newKey: () => string},
): {citations: CitationRef[]; suggestedCitations: CitationRef[]} {
  const citations = [...(current.citations ?? [])]
  const already = new Set(citations.map((item) => item?._ref && publishedId(item._ref)))
  const confirm = new Set(decision.confirm.map(publishedId))
  const decided = new Set([...confirm, ...decision.dismiss.map(publishedId)])
  for (const id of suggestedIds(current.suggestedCitations)) {
    if (!confirm.has(id) || already.has(id)) continue
    already.add(id)
    citations.push(
      options.published.has(id)
        ? {_type: 'reference', _ref: id, _key: options.newKey()}
        : {
            _type: 'reference',
            _ref: id,
            _key: options.newKey(),
            _weak: true,
            _strengthenOnPublish: {type: 'supplementContent.citation'},
          },
    )
  }
  const suggestedCitations = (current.suggestedCitations ?? []).filter(
    (item) => !item?._ref || !decided.has(publishedId(item._ref)),
  )
  return {citations, suggestedCitations: [...suggestedCitations]}
}

/** A patch as the Studio's `patch` operation takes it (and the Actions API passes on). */
export type SuggestionPatch =
  | {setIfMissing: {citations: []}}
  | {insert: {after: string; items: CitationRef[]}}
  | {unset: string[]}

const pathOf = (item: CitationRef) =>
  item._key
    ? `suggestedCitations[_key == ${JSON.stringify(item._key)}]`
    : `suggestedCitations[_ref == ${JSON.stringify(item._ref)}]`

/**
 * The decision as patches that touch only the decided items: each confirmed citation appended,
 * each decided suggestion removed by its key. Unlike setting both arrays whole, patches built
 * from a copy of the document that is a moment old (a second click before the first one's result
 * came back, another editor's change) cannot bring back a suggestion already decided or drop a
 * citation added meanwhile.
 */
export function suggestionPatches(
  current: {citations?: readonly CitationRef[]; suggestedCitations?: readonly CitationRef[]},
  decision: SuggestionDecision,
  options: {published: ReadonlySet<string>; newKey: () => string},
): SuggestionPatch[] {
  const next = applySuggestionDecision(current, decision, options)
  const added = next.citations.slice((current.citations ?? []).length)
  const kept = new Set(next.suggestedCitations)
  const removed = (current.suggestedCitations ?? []).filter((item) => item?._ref && !kept.has(item))
  const patches: SuggestionPatch[] = []
  if (added.length > 0) {
    patches.push({setIfMissing: {citations: []}}, {insert: {after: 'citations[-1]', items: added}})
  }
  if (removed.length > 0) patches.push({unset: removed.map(pathOf)})
  return patches
}
