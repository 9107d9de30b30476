import {stegaClean} from '@sanity/client/stega'

/** The citation fields the page query returns (see `citationFields`). */
export interface CitationLike {
  _id: string
  url?: string | null
  publisher?: string | null
}

/**
 * Numbers for the works-cited list: the page query returns citations de-duplicated and in list
 * order, so `citations[0]` is [1]. Returns the number of a citation id, or undefined when that
 * citation is not on the page (a reference to a deleted or unpublished citation).
 */
export function citationNumbering(
  citations: readonly CitationLike[],
): (citationId: string) => number | undefined {
  const numbers = new Map<string, number>()
  for (const citation of citations) {
    const id = stegaClean(citation._id)
    if (!numbers.has(id)) numbers.set(id, numbers.size + 1)
  }
  return (citationId) => numbers.get(stegaClean(citationId))
}

/** Distinct, known citation numbers for a list of citation ids, in ascending order. */
export function citationNumbersFor(
  ids: readonly string[],
  numberOf: (citationId: string) => number | undefined,
): number[] {
  const numbers = new Set<number>()
  for (const id of ids) {
    const number = numberOf(id)
    if (number !== undefined) numbers.add(number)
  }
  return [...numbers].sort((a, b) => a - b)
}

export interface Publisher {
  name: string
  url?: string
  /** The database or archive the cited copy is in, when the publisher is the one that runs it. */
  archive?: string
}

const NLM: Omit<Publisher, 'archive'> = {
  name: 'National Library of Medicine',
  url: 'https://www.nlm.nih.gov/',
}

/**
 * Names that are databases or archives run by the U.S. National Library of Medicine, not
 * publishers: an abstract on PubMed is a record the NLM publishes, and a PubMed Central or
 * Bookshelf copy is the NLM's archive copy (the journal is not in the content model).
 */
const NLM_ARCHIVES: Record<string, string> = {
  pubmed: 'PubMed',
  pmc: 'PubMed Central',
  'pubmed central': 'PubMed Central',
  ncbi: 'NCBI',
  'ncbi bookshelf': 'NCBI Bookshelf',
  nlm: 'NLM',
}
const NLM_HOSTS = /(^|\.)(ncbi\.nlm\.nih\.gov|nlm\.nih\.gov)$/

/**
 * Who published a cited work, as a reader and schema.org should see it: the stored publisher,
 * except that the NLM's databases (PubMed, PMC, NCBI Bookshelf) are named as archives of the
 * National Library of Medicine rather than as publishers.
 */
export function citationPublisher(citation: CitationLike): Publisher | undefined {
  const stored = stegaClean(citation.publisher ?? '').trim()
  const archive = NLM_ARCHIVES[stored.toLowerCase()]
  if (archive) return {...NLM, archive}
  if (stored) return {name: stored}
  const host = hostOf(stegaClean(citation.url ?? ''))
  if (host && NLM_HOSTS.test(host)) return {...NLM}
  return undefined
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return undefined
  }
}
