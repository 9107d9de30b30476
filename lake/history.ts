import type {DatabaseSync, SQLInputValue, StatementSync} from 'node:sqlite'
import {deflateRawSync, inflateRawSync} from 'node:zlib'

import {type Doc, DRAFTS_PREFIX, isDraftId, isVersionId, VERSIONS_PREFIX} from './documents.ts'
import {documentEffects, type Effects} from './mendoza-effects.ts'
import {MultiRowInsert} from './sql-batch.ts'
import type {StoredTransaction} from './store.ts'

/** How much history is kept; each has an environment variable, read at start. */
export interface HistoryLimits {
  /** Revisions older than this are deleted. */
  retentionDays: number
  /** Stored history over this is trimmed, oldest first, to 90 % of it. */
  maxBytes: number
  /** Revisions kept per document; the oldest beyond it are deleted. */
  maxRevisionsPerDocument: number
  /** Edits by one author to one document less than this apart are squashed into one revision... */
  squashWindowMs: number
  /** ...once they are older than this. */
  squashAfterMs: number
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  retentionDays: 90,
  maxBytes: 512 * 1024 * 1024,
  maxRevisionsPerDocument: 1000,
  squashWindowMs: 5 * 60_000,
  squashAfterMs: 60 * 60_000,
}

export function historyLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): HistoryLimits {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name])
    return env[name] && Number.isFinite(value) && value >= 0 ? value : fallback
  }
  const d = DEFAULT_HISTORY_LIMITS
  return {
    retentionDays: number('SANITY_LAKE_HISTORY_DAYS', d.retentionDays),
    maxBytes: number('SANITY_LAKE_HISTORY_MAX_MB', d.maxBytes / 1024 / 1024) * 1024 * 1024,
    maxRevisionsPerDocument: number(
      'SANITY_LAKE_HISTORY_REVISIONS_PER_DOCUMENT',
      d.maxRevisionsPerDocument,
    ),
    squashWindowMs: number('SANITY_LAKE_HISTORY_SQUASH_WINDOW_MS', d.squashWindowMs),
    squashAfterMs: number('SANITY_LAKE_HISTORY_SQUASH_AFTER_MS', d.squashAfterMs),
  }
}

/** One document's change in one transaction, with the state it replaced. */
interface Row {
  seq: number
  documentId: string
  transactionId: string
  timestamp: string
  author: string
  kind: 'create' | 'update' | 'delete'
  previousRev: string | null
  rev: string | null
}

export interface HistoryTransaction {
  id: string
  timestamp: string
  author: string
  documentIDs: string[]
  effects?: Record<string, Effects>
  mutations?: unknown[]
}

export interface TransactionQuery {
  ids: string[]
  fromSeq?: number
  toSeq?: number
  fromTime?: string
  toTime?: string
  authors?: string[]
  reverse: boolean
  limit: number
  effects: boolean
  mutations: boolean
  excludeContent: boolean
  identifiedOnly: boolean
}

/** The current state of a document, from the dataset in memory. */
export type CurrentDocument = (id: string) => Doc | undefined

const ROW_COLUMNS = 'seq, documentId, transactionId, timestamp, author, kind, previousRev, rev'

/**
 * The lake's history: for every document a transaction changed, one row holding the state it
 * replaced (deflated JSON; nothing for a created document). The current state lives in the
 * documents table, so a document's revisions are its rows' previous states plus the current one,
 * and an import of new documents costs one small row each. Rows are written inside the commit's
 * SQLite transaction, so history and documents never disagree.
 */
export class History {
  readonly limits: HistoryLimits
  private readonly db: DatabaseSync
  private readonly insert: MultiRowInsert
  private readonly insertCreated: StatementSync
  private readonly currentBody: StatementSync
  private readonly excessOfDocument: StatementSync
  private readonly deleteOlderOfDocument: StatementSync
  private readonly rowsOfDocument: StatementSync
  private readonly previousByRev: StatementSync
  private readonly transactionSeqs: StatementSync
  private readonly nextOfDocument: StatementSync
  private readonly previousOf: StatementSync
  private readonly nextAfterTime: StatementSync
  private commitsSinceCompaction = 0

  constructor(db: DatabaseSync, limits: HistoryLimits = historyLimitsFromEnv()) {
    this.db = db
    this.limits = limits
    db.exec(`
      CREATE TABLE IF NOT EXISTS history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, documentId TEXT NOT NULL,
        transactionId TEXT NOT NULL, timestamp TEXT NOT NULL, author TEXT NOT NULL,
        kind TEXT NOT NULL, previousRev TEXT, rev TEXT, previous BLOB, bytes INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS history_by_document ON history (dataset, documentId, seq);
      CREATE INDEX IF NOT EXISTS history_by_transaction ON history (dataset, transactionId);
      CREATE INDEX IF NOT EXISTS history_by_time ON history (timestamp);
    `)
    this.insert = new MultiRowInsert(
      db,
      'INSERT INTO history (dataset, documentId, transactionId, timestamp, author, kind, previousRev, rev, previous, bytes)',
      10,
    )
    // The rows of created documents differ only in the id: the shared values are bound once and
    // the ids come as one JSON array, which costs SQLite less than binding ten values a row.
    this.insertCreated = db.prepare(
      'INSERT INTO history (dataset, documentId, transactionId, timestamp, author, kind, previousRev, rev, previous, bytes) ' +
        "SELECT ?, value, ?, ?, ?, 'create', NULL, ?, NULL, 96 FROM json_each(?)",
    )
    this.currentBody = db.prepare('SELECT body FROM documents WHERE dataset = ? AND key = ?')
    this.excessOfDocument = db.prepare(
      'SELECT seq FROM history WHERE dataset = ? AND documentId = ? ORDER BY seq DESC LIMIT 1 OFFSET ?',
    )
    this.deleteOlderOfDocument = db.prepare(
      'DELETE FROM history WHERE dataset = ? AND documentId = ? AND seq <= ?',
    )
    this.rowsOfDocument = db.prepare(
      `SELECT ${ROW_COLUMNS} FROM history WHERE dataset = ? AND documentId = ? ORDER BY seq`,
    )
    this.previousByRev = db.prepare(
      'SELECT previous FROM history WHERE dataset = ? AND documentId = ? AND previousRev = ? ' +
        'AND previous IS NOT NULL ORDER BY seq DESC LIMIT 1',
    )
    this.transactionSeqs = db.prepare(
      'SELECT MIN(seq) AS first, MAX(seq) AS last FROM history WHERE dataset = ? AND transactionId = ?',
    )
    this.nextOfDocument = db.prepare(
      'SELECT previous FROM history WHERE dataset = ? AND documentId = ? AND seq > ? ORDER BY seq LIMIT 1',
    )
    this.previousOf = db.prepare('SELECT previous FROM history WHERE seq = ?')
    this.nextAfterTime = db.prepare(
      'SELECT previous FROM history WHERE dataset = ? AND documentId = ? AND timestamp > ? ORDER BY seq LIMIT 1',
    )
  }

  /**
   * Records a transaction's rows; called inside the store's commit, before the documents table
   * changes, so the state being replaced is still there to read.
   */
  record(transaction: StoredTransaction): void {
    const {dataset, id, timestamp, identity} = transaction
    // Rows go in the order of the changes: runs of created documents of the transaction's
    // revision as one statement, the others many rows per statement; then the trimming of the
    // updated and deleted documents, whose new rows count towards their cap.
    let rows: SQLInputValue[] = []
    let created: string[] = []
    const flush = () => {
      if (created.length > 0) {
        this.insertCreated.run(dataset, id, timestamp, identity, id, JSON.stringify(created))
        created = []
      }
      if (rows.length > 0) {
        this.insert.run(rows)
        rows = []
      }
    }
    const trimmed: string[] = []
    for (const change of transaction.changes) {
      // A created document replaces nothing: no stored state to read, no older rows to trim.
      const isCreate = change.before === null && change.doc !== null
      const rev = change.doc ? (change.doc._rev ?? id) : null
      if (isCreate && rev === id) {
        if (rows.length > 0) flush()
        created.push(change.key)
        continue
      }
      const current = isCreate
        ? undefined
        : (this.currentBody.get(dataset, change.key) as {body: string} | undefined)
      if (!current && !change.doc) continue
      const previous = current ? deflateRawSync(current.body) : null
      const previousRev = current ? revOf(current.body) : null
      const kind = !change.doc ? 'delete' : current ? 'update' : 'create'
      if (created.length > 0) flush()
      rows.push(
        dataset,
        change.key,
        id,
        timestamp,
        identity,
        kind,
        previousRev,
        rev,
        previous,
        (previous?.length ?? 0) + 96,
      )
      if (!isCreate) trimmed.push(change.key)
    }
    flush()
    const cap = this.limits.maxRevisionsPerDocument
    for (const key of trimmed) {
      const excess = this.excessOfDocument.get(dataset, key, cap) as {seq: number} | undefined
      if (excess) this.deleteOlderOfDocument.run(dataset, key, excess.seq)
    }
    this.commitsSinceCompaction++
  }

  /** True once every 500 commits: the lake then compacts, outside the commit. */
  compactionDue(): boolean {
    if (this.commitsSinceCompaction < 500) return false
    this.commitsSinceCompaction = 0
    return true
  }

  deleteDataset(dataset: string): void {
    this.db.prepare('DELETE FROM history WHERE dataset = ?').run(dataset)
  }

  /** The state of a document at a revision: its `_rev` was that revision, or it was as of that transaction. */
  atRevision(dataset: string, id: string, revision: string, current: CurrentDocument): Doc | null {
    const now = current(id)
    if (now?._rev === revision) return now
    const row = this.previousByRev.get(dataset, id, revision) as {previous: Uint8Array} | undefined
    if (row) return decode(row.previous)
    const seqs = this.transactionSeqs.get(dataset, revision) as {last: number | null}
    if (seqs.last === null) return null
    return this.stateAfter(dataset, id, seqs.last, current)
  }

  /** The state of a document at a time: its previous state in the first change after that time. */
  atTime(dataset: string, id: string, time: string, current: CurrentDocument): Doc | null {
    const next = this.nextAfterTime.get(dataset, id, time) as
      {previous: Uint8Array | null} | undefined
    if (next) return decode(next.previous)
    const now = current(id)
    return now && (!now._createdAt || now._createdAt <= time) ? now : null
  }

  /** The current document, or its last state before it was deleted. */
  lastRevision(dataset: string, id: string, current: CurrentDocument): Doc | null {
    const now = current(id)
    if (now) return now
    const rows = this.rowsOfDocument.all(dataset, id) as unknown as Row[]
    const last = rows.at(-1)
    if (!last || last.kind !== 'delete') return null
    return decode((this.previousOf.get(last.seq) as {previous: Uint8Array | null}).previous)
  }

  /** First and last row of a transaction, or undefined when the lake has no (more) record of it. */
  transactionRange(dataset: string, id: string): {first: number; last: number} | undefined {
    const seqs = this.transactionSeqs.get(dataset, id) as {
      first: number | null
      last: number | null
    }
    return seqs.first === null ? undefined : {first: seqs.first, last: seqs.last!}
  }

  /** The transactions that changed any of `ids`, oldest first (or newest first), as the translog lists them. */
  *transactions(
    dataset: string,
    query: TransactionQuery,
    current: CurrentDocument,
  ): Generator<HistoryTransaction> {
    const where = ['dataset = ?', `documentId IN (${query.ids.map(() => '?').join(', ')})`]
    const params: Array<string | number> = [dataset, ...query.ids]
    if (query.fromSeq !== undefined) where.push('seq >= ?') && params.push(query.fromSeq)
    if (query.toSeq !== undefined) where.push('seq <= ?') && params.push(query.toSeq)
    if (query.fromTime) where.push('timestamp >= ?') && params.push(query.fromTime)
    if (query.toTime) where.push('timestamp <= ?') && params.push(query.toTime)
    if (query.authors?.length) {
      where.push(`author IN (${query.authors.map(() => '?').join(', ')})`)
      params.push(...query.authors)
    }
    const rows = this.db
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM history WHERE ${where.join(' AND ')} ORDER BY seq ${query.reverse ? 'DESC' : 'ASC'}`,
      )
      .iterate(...params) as Iterable<Row>
    let count = 0
    let pending: Row[] = []
    const flush = () => this.transactionOf(dataset, pending, query, current)
    for (const row of rows) {
      if (pending.length > 0 && pending[0].transactionId !== row.transactionId) {
        yield flush()
        if (++count >= query.limit) return
        pending = []
      }
      pending.push(row)
    }
    if (pending.length > 0) yield flush()
  }

  private transactionOf(
    dataset: string,
    identified: Row[],
    query: TransactionQuery,
    current: CurrentDocument,
  ): HistoryTransaction {
    const [first] = identified
    const rows = query.identifiedOnly
      ? identified.sort((a, b) => a.seq - b.seq)
      : (this.db
          .prepare(
            `SELECT ${ROW_COLUMNS} FROM history WHERE dataset = ? AND transactionId = ? ORDER BY seq`,
          )
          .all(dataset, first.transactionId) as unknown as Row[])
    const transaction: HistoryTransaction = {
      id: first.transactionId,
      timestamp: first.timestamp,
      author: first.author,
      documentIDs: rows.map((row) => row.documentId),
    }
    if (query.effects || query.mutations) {
      const effects: Record<string, Effects> = {}
      const mutations: unknown[] = []
      for (const row of rows) {
        const before = decode(
          (this.previousOf.get(row.seq) as {previous: Uint8Array | null}).previous,
        )
        const after =
          row.kind === 'delete' ? null : this.stateAfter(dataset, row.documentId, row.seq, current)
        effects[row.documentId] = documentEffects(before, after)
        mutations.push(
          after
            ? {createOrReplace: query.excludeContent ? {_id: after._id, _type: after._type} : after}
            : {delete: {id: row.documentId}},
        )
      }
      if (query.effects) transaction.effects = effects
      if (query.mutations) transaction.mutations = mutations
    }
    return transaction
  }

  /** A document's state right after the row at `seq`: the state the next change replaced, or the current one. */
  private stateAfter(
    dataset: string,
    id: string,
    seq: number,
    current: CurrentDocument,
  ): Doc | null {
    const next = this.nextOfDocument.get(dataset, id, seq) as
      {previous: Uint8Array | null} | undefined
    if (next) return decode(next.previous)
    return current(id) ?? null
  }

  /**
   * The Events API's document-group events for one document variant, newest first: creating,
   * publishing, discarding and deleting drafts and versions, unpublishing, and live edits of the
   * published document. Edits of a draft are not events: the Studio derives them from transactions.
   */
  events(
    dataset: string,
    id: string,
    limit: number,
    before: number | undefined,
    current: CurrentDocument,
  ): {events: DocumentGroupEvent[]; nextCursor: string} {
    const publishedId = publishedIdOf(id)
    const draftId = `${DRAFTS_PREFIX}${publishedId}`
    const ids = [...new Set([publishedId, draftId, id])]
    const rows = this.db
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM history WHERE dataset = ? AND documentId IN (${ids.map(() => '?').join(', ')})` +
          `${before === undefined ? '' : ' AND seq < ?'} ORDER BY seq DESC`,
      )
      .iterate(dataset, ...ids, ...(before === undefined ? [] : [before])) as Iterable<Row>
    const events: DocumentGroupEvent[] = []
    let group: Row[] = []
    let nextCursor = ''
    const take = () => {
      const event = groupEvent(id, publishedId, group, current)
      if (event) events.push(event)
      nextCursor = String(Math.min(...group.map((row) => row.seq)))
      group = []
    }
    for (const row of rows) {
      if (group.length > 0 && group[0].transactionId !== row.transactionId) {
        take()
        if (events.length >= limit) return {events, nextCursor}
      }
      group.push(row)
    }
    if (group.length > 0) take()
    return {events, nextCursor: ''}
  }

  /**
   * Bounds the history: deletes revisions past the retention time, squashes runs of edits by one
   * author into their last revision, and trims the oldest revisions while over the byte budget.
   * Runs in batches so a large backlog never blocks the lake for long.
   */
  compact(now = Date.now()): {deleted: number; squashed: number} {
    const {retentionDays, maxBytes, squashWindowMs, squashAfterMs} = this.limits
    let deleted = 0
    const cutoff = new Date(now - retentionDays * 86_400_000).toISOString()
    deleted += Number(
      this.db
        .prepare(
          'DELETE FROM history WHERE seq IN (SELECT seq FROM history WHERE timestamp < ? LIMIT 10000)',
        )
        .run(cutoff).changes,
    )
    const squashed = this.squash(new Date(now - squashAfterMs).toISOString(), squashWindowMs)
    let total = this.storedBytes()
    while (total > maxBytes) {
      const target = total - maxBytes * 0.9
      const oldest = this.db
        .prepare('SELECT seq, bytes FROM history ORDER BY seq LIMIT 10000')
        .all() as Array<{seq: number; bytes: number}>
      if (oldest.length === 0) break
      let freed = 0
      let last = oldest[0].seq
      for (const row of oldest) {
        freed += row.bytes
        last = row.seq
        if (freed >= target) break
      }
      deleted += Number(this.db.prepare('DELETE FROM history WHERE seq <= ?').run(last).changes)
      total -= freed
    }
    return {deleted, squashed}
  }

  /**
   * Merges each single-document edit into the next edit of the same document by the same author
   * when they are less than `window` apart: the later row takes over the earlier one's previous
   * state, so the chain of states stays whole and only the intermediate revision is gone.
   */
  private squash(olderThan: string, window: number): number {
    const candidates = this.db
      .prepare(
        `SELECT h.seq, h.dataset, h.documentId, h.author, h.timestamp,
           (SELECT n.seq FROM history n WHERE n.dataset = h.dataset AND n.documentId = h.documentId
              AND n.seq > h.seq ORDER BY n.seq LIMIT 1) AS nextSeq
         FROM history h
         WHERE h.kind = 'update' AND h.timestamp < ?
           AND (SELECT COUNT(*) FROM history t WHERE t.dataset = h.dataset AND t.transactionId = h.transactionId) = 1
         ORDER BY h.seq LIMIT 5000`,
      )
      .all(olderThan) as Array<{
      seq: number
      author: string
      timestamp: string
      nextSeq: number | null
    }>
    const next = this.db.prepare(
      'SELECT seq, author, timestamp, kind, (SELECT COUNT(*) FROM history t WHERE t.dataset = h.dataset AND t.transactionId = h.transactionId) AS rowsInTransaction FROM history h WHERE seq = ?',
    )
    const merge = this.db.prepare(
      'UPDATE history SET previous = (SELECT previous FROM history WHERE seq = ?), ' +
        'previousRev = (SELECT previousRev FROM history WHERE seq = ?), ' +
        'bytes = (SELECT bytes FROM history WHERE seq = ?) WHERE seq = ?',
    )
    const remove = this.db.prepare('DELETE FROM history WHERE seq = ?')
    let squashed = 0
    this.db.exec('BEGIN IMMEDIATE')
    try {
      for (const row of candidates) {
        if (row.nextSeq === null) continue
        const following = next.get(row.nextSeq) as
          {author: string; timestamp: string; kind: string; rowsInTransaction: number} | undefined
        if (
          !following ||
          following.kind !== 'update' ||
          following.rowsInTransaction !== 1 ||
          following.author !== row.author ||
          Date.parse(following.timestamp) - Date.parse(row.timestamp) >= window
        ) {
          continue
        }
        merge.run(row.seq, row.seq, row.seq, row.nextSeq)
        remove.run(row.seq)
        squashed++
      }
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
    return squashed
  }

  /** Rows and bytes held (the bytes of previous states plus a fixed estimate per row). */
  stats(): {rows: number; bytes: number} {
    const row = this.db
      .prepare('SELECT COUNT(*) AS rows, COALESCE(SUM(bytes), 0) AS bytes FROM history')
      .get() as {rows: number; bytes: number}
    return {rows: Number(row.rows), bytes: Number(row.bytes)}
  }

  private storedBytes(): number {
    return this.stats().bytes
  }
}

export interface DocumentGroupEvent {
  type: string
  timestamp: string
  author: string
  documentId: string
  [field: string]: unknown
}

/** The event one transaction means for the variant `id` of a document group, if any. */
function groupEvent(
  id: string,
  publishedId: string,
  rows: Row[],
  current: CurrentDocument,
): DocumentGroupEvent | undefined {
  const [{timestamp, author}] = rows
  const base = {timestamp, author, documentId: publishedId}
  const published = rows.find((row) => row.documentId === publishedId)
  const draftId = `${DRAFTS_PREFIX}${publishedId}`
  const draft = rows.find((row) => row.documentId === draftId)
  if (id === publishedId) {
    if (!published) return undefined
    if (published.kind === 'delete') {
      if (!draft && !current(draftId)) return {...base, type: 'deleteDocumentGroup'}
      if (draft?.kind === 'delete') return {...base, type: 'deleteDocumentGroup'}
      return {
        ...base,
        type: 'unpublishDocument',
        versionId: draftId,
        versionRevisionId: draft?.rev ?? current(draftId)?._rev ?? '',
      }
    }
    if (draft?.kind === 'delete') {
      return {
        ...base,
        type: 'publishDocumentVersion',
        revisionId: published.rev,
        versionId: draftId,
        versionRevisionId: draft.previousRev,
        publishCause: 'document.publish',
      }
    }
    return {
      ...base,
      type: published.kind === 'create' ? 'createLiveDocument' : 'updateLiveDocument',
      revisionId: published.rev,
    }
  }
  const variant = rows.find((row) => row.documentId === id)
  if (!variant) return undefined
  const releaseId = isVersionId(id) ? id.slice(VERSIONS_PREFIX.length).split('.')[0] : undefined
  const versionBase = {...base, versionId: id, ...(releaseId ? {releaseId} : {})}
  if (variant.kind === 'create') {
    return {...versionBase, type: 'createDocumentVersion', versionRevisionId: variant.rev}
  }
  if (variant.kind !== 'delete') return undefined
  if (published && published.kind !== 'delete') {
    return {
      ...versionBase,
      type: 'publishDocumentVersion',
      revisionId: published.rev,
      versionRevisionId: variant.previousRev,
      publishCause: releaseId ? 'release.publish' : 'document.publish',
    }
  }
  if (published?.kind === 'delete') return {...base, type: 'deleteDocumentGroup'}
  return {...versionBase, type: 'deleteDocumentVersion', versionRevisionId: variant.previousRev}
}

export function publishedIdOf(id: string): string {
  if (isDraftId(id)) return id.slice(DRAFTS_PREFIX.length)
  if (isVersionId(id)) return id.split('.').slice(2).join('.')
  return id
}

function decode(previous: Uint8Array | null): Doc | null {
  return previous ? (JSON.parse(inflateRawSync(previous).toString('utf8')) as Doc) : null
}

/** The `_rev` of a stored body. */
function revOf(body: string): string | null {
  const doc = JSON.parse(body) as Doc
  return typeof doc._rev === 'string' ? doc._rev : null
}
