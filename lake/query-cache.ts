/**
 * Query answers kept until their dataset's next write, as Sanity's API CDN keeps them: a site's
 * pages repeat the same few queries with the same parameters, and between two writes each has one
 * answer. Every transaction (and creating or deleting the dataset) starts a new epoch, whose
 * answers are the only ones served; an answer computed while a write landed is not kept.
 *
 * Not kept: answers of queries that read the clock (`now()`), and answers over `maxEntryBytes`.
 * The whole cache holds at most `maxBytes` of JSON, least recently used dropped first.
 */
const READS_CLOCK = /\bnow\s*\(/

export class QueryCache {
  private readonly maxBytes: number
  private readonly maxEntryBytes: number
  private readonly epochs = new Map<string, number>()
  private nextEpoch = 1
  /** dataset -> query key -> answer, in least-recently-used order */
  private readonly answers = new Map<string, Map<string, string>>()
  private bytes = 0
  hits = 0
  misses = 0

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes
    this.maxEntryBytes = Math.min(1024 * 1024, maxBytes / 16)
  }

  /** Bytes of JSON kept now. */
  get size(): number {
    return this.bytes
  }

  get enabled(): boolean {
    return this.maxBytes > 0
  }

  /** The dataset's current epoch: an answer is kept only if it did not change while computing it. */
  epoch(dataset: string): number {
    let epoch = this.epochs.get(dataset)
    if (epoch === undefined) this.epochs.set(dataset, (epoch = this.nextEpoch++))
    return epoch
  }

  /** A write landed (or the dataset was created or deleted): its answers are gone. */
  changed(dataset: string): void {
    this.epochs.set(dataset, this.nextEpoch++)
    const kept = this.answers.get(dataset)
    if (!kept) return
    for (const json of kept.values()) this.bytes -= json.length
    this.answers.delete(dataset)
  }

  cacheable(query: string): boolean {
    return this.enabled && !READS_CLOCK.test(query)
  }

  get(dataset: string, key: string): string | undefined {
    const kept = this.answers.get(dataset)
    const json = kept?.get(key)
    if (json === undefined) {
      this.misses++
      return undefined
    }
    this.hits++
    kept!.delete(key)
    kept!.set(key, json)
    return json
  }

  /** Keeps `json` if the dataset is still at `epoch`, the epoch it was computed at. */
  set(dataset: string, key: string, epoch: number, json: string): void {
    if (this.epochs.get(dataset) !== epoch || json.length > this.maxEntryBytes) return
    let kept = this.answers.get(dataset)
    if (!kept) this.answers.set(dataset, (kept = new Map()))
    const previous = kept.get(key)
    if (previous !== undefined) this.bytes -= previous.length
    kept.delete(key)
    kept.set(key, json)
    this.bytes += json.length
    while (this.bytes > this.maxBytes) this.evictOne()
  }

  /** Drops the least recently used answer of the dataset holding the most. */
  private evictOne(): void {
    let largest: Map<string, string> | undefined
    for (const kept of this.answers.values())
      if (!largest || kept.size > largest.size) largest = kept
    const oldest = largest?.keys().next()
    if (!largest || !oldest || oldest.done) {
      this.bytes = 0
      return
    }
    this.bytes -= largest.get(oldest.value)!.length
    largest.delete(oldest.value)
  }
}
