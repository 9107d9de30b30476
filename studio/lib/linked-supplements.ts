import type {SanityClient} from 'sanity'

/**
 * Names of the supplements that link a benefit or warning, for previews: two benefits titled
 * "Heart health" from two articles then read "Vitamin D3 and K2 · ..." and "Omega-3 · ...".
 * A list renders many previews at once, so lookups made within a few milliseconds go to the lake
 * as one query; answers are kept briefly so scrolling does not ask again.
 */
const KEEP_MS = 15_000
const BATCH_MS = 25

const QUERY = /* groq */ `*[_type == "supplementContent.supplement" && (
  count(coalesce(benefits, [])[_ref in $ids]) > 0 || count(coalesce(warnings, [])[_ref in $ids]) > 0
)]{name, "refs": [...coalesce(benefits, [])[]._ref, ...coalesce(warnings, [])[]._ref]}`

interface Entry {
  at: number
  promise: Promise<string[]>
}

const cache = new Map<string, Entry>()
let batch: {client: SanityClient; ids: Map<string, (names: string[]) => void>} | null = null

const publishedId = (id: string) => id.replace(/^drafts\./, '')

/** Supplement names for each id, sorted, without repeats (pure: tested on its own). */
export function namesById(
  ids: readonly string[],
  supplements: ReadonlyArray<{name?: string; refs?: Array<string | null>}>,
): Map<string, string[]> {
  const result = new Map(ids.map((id) => [id, [] as string[]]))
  for (const supplement of supplements) {
    if (!supplement.name) continue
    for (const ref of supplement.refs ?? []) {
      const names = ref ? result.get(ref) : undefined
      if (names && !names.includes(supplement.name)) names.push(supplement.name)
    }
  }
  for (const names of result.values()) names.sort((a, b) => a.localeCompare(b))
  return result
}

function flush() {
  const current = batch
  batch = null
  if (!current) return
  const ids = [...current.ids.keys()]
  current.client
    .fetch<Array<{name?: string; refs?: string[]}>>(QUERY, {ids}, {perspective: 'drafts'})
    .then(
      (supplements) => {
        const names = namesById(ids, supplements)
        for (const [id, resolve] of current.ids) resolve(names.get(id) ?? [])
      },
      () => {
        for (const [id, resolve] of current.ids) {
          cache.delete(id)
          resolve([])
        }
      },
    )
}

/** The names of the supplements linking `documentId` (published or draft id). */
export function linkedSupplementNames(client: SanityClient, documentId: string): Promise<string[]> {
  const id = publishedId(documentId)
  const cached = cache.get(id)
  if (cached && Date.now() - cached.at < KEEP_MS) return cached.promise
  if (!batch) {
    batch = {client, ids: new Map()}
    setTimeout(flush, BATCH_MS)
  }
  const current = batch
  const promise = new Promise<string[]>((resolve) => current.ids.set(id, resolve))
  cache.set(id, {at: Date.now(), promise})
  return promise
}
