import type {CitationEntry} from './citations.ts'
import {isHostOnlyTitle, workTitle} from './citations.ts'

/** Copies of one work (PubMed, PMC, publisher page) cited as separate lines. */
export interface CitationGroup {
  primary: CitationEntry
  entries: CitationEntry[]
}

/** Short titles ("Vitamin D") are shared by unrelated pages; only long ones identify a work. */
const MIN_TITLE_WORDS = 6

function sameWork(a: CitationEntry, b: CitationEntry): boolean {
  if (a.canonicalUrl === b.canonicalUrl) return true
  if ((a.doi && a.doi === b.doi) || (a.pmid && a.pmid === b.pmid)) return true
  if (a.pmcid && a.pmcid === b.pmcid) return true
  if (isHostOnlyTitle(a.title) || isHostOnlyTitle(b.title)) return false
  const ta = workTitle(a.title)
  const tb = workTitle(b.title)
  const words = Math.min(ta.split(' ').length, tb.split(' ').length)
  if (ta === tb) return words >= MIN_TITLE_WORDS || a.host === b.host
  const [short, long] = ta.length < tb.length ? [a, b] : [b, a]
  const ts = workTitle(short.title)
  return short.truncated && ts.split(' ').length >= 5 && workTitle(long.title).startsWith(ts)
}

/** The copy editors should open first: full text, then the publisher's page, then the index. */
function rank(entry: CitationEntry): number {
  if (entry.pmcid) return 0
  if (entry.doi) return 1
  if (entry.pmid) return 2
  if (entry.sourceType === 'peerReviewedJournal') return 3
  return 4
}

function bestTitle(entries: CitationEntry[]): string {
  const candidates = entries.filter((e) => !isHostOnlyTitle(e.title))
  const pool = candidates.length > 0 ? candidates : entries
  const complete = pool.filter((e) => !e.truncated)
  return [...(complete.length > 0 ? complete : pool)].sort(
    (a, b) => workTitle(b.title).length - workTitle(a.title).length || a.line - b.line,
  )[0].title
}

/** Groups copies of the same work, keeping the Works Cited order of each group's first line. */
export function groupCitations(entries: CitationEntry[]): CitationGroup[] {
  const parent = entries.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])))
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (sameWork(entries[i], entries[j])) parent[find(j)] = find(i)
    }
  }
  const groups = new Map<number, CitationEntry[]>()
  entries.forEach((entry, i) => {
    const root = find(i)
    groups.set(root, [...(groups.get(root) ?? []), entry])
  })
  return [...groups.values()].map((members) => {
    const primary = [...members].sort((a, b) => rank(a) - rank(b) || a.line - b.line)[0]
    return {primary: {...primary, title: bestTitle(members)}, entries: members}
  })
}
