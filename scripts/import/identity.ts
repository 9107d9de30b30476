/**
 * Identity across re-imports. Ids come from content (a warning's kind and substance, a benefit's
 * title); when an article rewords an item its id would change and the editor-corrected document
 * would be replaced by a new, uncorrected one. So before writing, each new item is matched against
 * what the previous import of this article wrote, by the likeness of its words, and keeps that
 * document's id when it is the same statement reworded.
 */
import {keyFor} from './ids.ts'
import type {ImportDocument} from './plan.ts'
import {plainText} from './text.ts'

/** What the import record keeps of each document to recognise it again. */
export interface PreviousDocument {
  documentId: string
  documentType: string
  fingerprint?: string
}

/** Types whose id depends on wording; citations are identified by URL, supplements by name. */
const MATCHED_TYPES = new Set([
  'supplementContent.benefit',
  'supplementContent.audience',
  'supplementContent.warning',
])

/** At least this share of words in common (Dice) counts as the same statement reworded. */
export const SAME_STATEMENT = 0.6

/** The text that says what a document is: kind and wording, not ids or editors' fields. */
export function fingerprintOf(doc: ImportDocument): string | undefined {
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  switch (doc._type) {
    case 'supplementContent.warning':
      return `${text(doc.kind)}\n${text(doc.title)}\n${text(doc.text)}`
    case 'supplementContent.benefit':
      return `\n${text(doc.title)}\n${text(doc.summary)}`
    case 'supplementContent.audience':
      return `\n${text(doc.name)}\n${text(doc.description)}`
    default:
      return undefined
  }
}

function words(text: string): Set<string> {
  return new Set(
    plainText(text)
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 1 || /\d/.test(word)),
  )
}

/** Share of words two texts have in common (Dice coefficient, 0 to 1). */
export function wordLikeness(a: string, b: string): number {
  const wa = words(a)
  const wb = words(b)
  if (wa.size === 0 || wb.size === 0) return 0
  let shared = 0
  for (const word of wa) if (wb.has(word)) shared++
  return (2 * shared) / (wa.size + wb.size)
}

const kindOf = (fingerprint: string) => fingerprint.split('\n', 1)[0]

/**
 * New id -> previous id for each planned item that is a reworded previous one. Only items whose
 * own id is new are matched, only to previous documents of the same type (and warning kind) that
 * no planned item already has, best match first.
 */
export function matchPrevious(
  documents: ImportDocument[],
  previous: PreviousDocument[],
): Map<string, string> {
  const planned = new Set(documents.map((doc) => doc._id))
  const candidates = previous.filter(
    (p) => MATCHED_TYPES.has(p.documentType) && p.fingerprint && !planned.has(p.documentId),
  )
  const pairs: Array<{from: string; to: string; score: number}> = []
  for (const doc of documents) {
    if (!MATCHED_TYPES.has(doc._type) || previous.some((p) => p.documentId === doc._id)) continue
    const fingerprint = fingerprintOf(doc)
    if (!fingerprint) continue
    for (const candidate of candidates) {
      if (candidate.documentType !== doc._type) continue
      if (kindOf(candidate.fingerprint!) !== kindOf(fingerprint)) continue
      const score = wordLikeness(candidate.fingerprint!, fingerprint)
      if (score >= SAME_STATEMENT) pairs.push({from: doc._id, to: candidate.documentId, score})
    }
  }
  const renames = new Map<string, string>()
  const taken = new Set<string>()
  for (const pair of pairs.sort((a, b) => b.score - a.score || a.from.localeCompare(b.from))) {
    if (renames.has(pair.from) || taken.has(pair.to)) continue
    renames.set(pair.from, pair.to)
    taken.add(pair.to)
  }
  return renames
}

/** Rewrites ids and references (and the array keys derived from them) by `renames`. */
export function renameIds<T>(value: T, renames: Map<string, string>): T {
  if (renames.size === 0) return value
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (!node || typeof node !== 'object') return node
    const object: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(node)) object[key] = visit(child)
    for (const field of ['_id', '_ref', 'documentId']) {
      const id = object[field]
      if (typeof id !== 'string' || !renames.has(id)) continue
      const to = renames.get(id)!
      object[field] = to
      if (field === '_ref' && object._key === keyFor(id)) object._key = keyFor(to)
    }
    if (Array.isArray(object.of))
      object.of = object.of.map((id) => (typeof id === 'string' ? (renames.get(id) ?? id) : id))
    return object
  }
  return visit(value) as T
}
