import type {CitationGroup} from './citation-groups.ts'
import {meaningWords} from './matching.ts'

/** An editor confirms a suggestion; more than a handful would just be noise to wade through. */
const MAX_SUGGESTIONS = 5

const EXCESS = /\b(overdose|toxicity|too much|upper limit|side effects?|safety|safe|dosage|dose)\b/i

function groupWords(group: CitationGroup): Set<string> {
  return meaningWords(group.entries.map((e) => e.title).join(' '))
}

function rankAndCap(scored: Array<{id: string; score: number}>): string[] {
  return scored
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.id)
}

/**
 * Citations whose title names everything a claim's title names (beyond the supplement itself),
 * ranked by how much of the claim's wording they share.
 */
export function suggestForClaim(
  claim: {title: string; summary?: string},
  groups: Array<{id: string; group: CitationGroup}>,
  supplementName: string,
): string[] {
  const own = meaningWords(supplementName)
  const core = [...meaningWords(claim.title)].filter((w) => !own.has(w))
  if (core.length === 0) return []
  const context = [...meaningWords(claim.summary ?? '')].filter((w) => !own.has(w))
  const scored = groups
    .map(({id, group}) => ({id, words: groupWords(group)}))
    .filter(({words}) => core.every((w) => words.has(w)))
    .map(({id, words}) => ({id, score: context.filter((w) => words.has(w)).length}))
  return rankAndCap(scored)
}

/** Dose limits: titles about too much of the nutrient. Interactions: titles naming the drug. */
export function suggestForWarning(
  warning: {nutrient?: string; substances?: string[]},
  groups: Array<{id: string; group: CitationGroup}>,
): string[] {
  const scored: Array<{id: string; score: number}> = []
  for (const {id, group} of groups) {
    const titles = group.entries.map((e) => e.title).join(' ')
    const words = meaningWords(titles)
    if (warning.substances?.length) {
      const named = warning.substances.filter((s) =>
        [...meaningWords(s)].every((w) => words.has(w)),
      )
      if (named.length > 0) scored.push({id, score: named.length})
    } else if (warning.nutrient && EXCESS.test(titles)) {
      if ([...meaningWords(warning.nutrient)].every((w) => words.has(w)))
        scored.push({id, score: 1})
    }
  }
  return rankAndCap(scored)
}
