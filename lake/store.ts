import {join} from 'node:path'
import {DatabaseSync, type SQLInputValue, type StatementSync} from 'node:sqlite'

import {Checkpointer, FALLBACK_CHECKPOINT_PAGES} from './checkpointer.ts'
import type {DocumentSource} from './dataset.ts'
import {type Doc, strongReferences} from './documents.ts'
import {privateDataDir, privateFile} from './private-files.ts'
import {MultiRowInsert} from './sql-batch.ts'

/** One document's new state in a committed transaction; `doc: null` deletes it. */
export interface StoredChange {
  key: string
  doc: Doc | null
  /** `doc` as JSON when the caller already made it. */
  body?: string
  /** The stored state this change replaces (null: none): its references are the ones to drop. */
  before: Doc | null
}

export interface StoredTransaction {
  id: string
  dataset: string
  timestamp: string
  identity: string
  changes: StoredChange[]
}

const NONE: ReadonlySet<string> = new Set()

/**
 * The durable side of the lake. Every transaction is one SQLite transaction with `synchronous=FULL`,
 * so once `commit` returns it survives a kill -9 or a power cut, and a half-written one never shows.
 */
export class Store {
  readonly db: DatabaseSync
  private upsert: MultiRowInsert
  private remove: StatementSync
  private logTransaction: StatementSync
  private findTransaction: StatementSync
  private addReference: StatementSync
  private addReferences: MultiRowInsert
  private removeReference: StatementSync
  private readonly checkpointer: Checkpointer
  /** Runs inside each commit's SQLite transaction before its writes (the history records there). */
  beforeCommit?: (transaction: StoredTransaction) => void

  constructor(dataDir: string) {
    privateDataDir(dataDir)
    const file = privateFile(join(dataDir, 'lake.sqlite'))
    this.db = new DatabaseSync(file)
    this.checkpointer = new Checkpointer(file)
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      PRAGMA journal_size_limit = 67108864;
      -- A multi-row INSERT keeps a statement journal (the pages it changes, to undo it alone);
      -- in a file that was a write call per page, ~1700 per commit of 2000 new documents.
      PRAGMA temp_store = MEMORY;
      -- Checkpoints run on their own thread (checkpointer.ts); this is the bound if it lags.
      PRAGMA wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES};
      CREATE TABLE IF NOT EXISTS datasets (name TEXT PRIMARY KEY, createdAt TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (
        dataset TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (dataset, key));
      CREATE TABLE IF NOT EXISTS transactions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, dataset TEXT NOT NULL,
        timestamp TEXT NOT NULL, identity TEXT NOT NULL, documentIds TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS keyvalue (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS transactions_by_id ON transactions (id);
      CREATE TABLE IF NOT EXISTS refs (
        dataset TEXT NOT NULL, target TEXT NOT NULL, source TEXT NOT NULL,
        PRIMARY KEY (dataset, target, source)) WITHOUT ROWID;
    `)
    this.addReference = this.db.prepare(
      'INSERT OR IGNORE INTO refs (dataset, target, source) VALUES (?, ?, ?)',
    )
    this.addReferences = new MultiRowInsert(
      this.db,
      'INSERT OR IGNORE INTO refs (dataset, target, source)',
      3,
    )
    this.removeReference = this.db.prepare(
      'DELETE FROM refs WHERE dataset = ? AND target = ? AND source = ?',
    )
    this.upgrade()
    this.findTransaction = this.db.prepare('SELECT 1 FROM transactions WHERE id = ? LIMIT 1')
    // An upsert keeps the row id, so a replaced document keeps its place in `*`.
    this.upsert = new MultiRowInsert(
      this.db,
      'INSERT INTO documents (dataset, key, body)',
      3,
      'ON CONFLICT (dataset, key) DO UPDATE SET body = excluded.body',
    )
    this.remove = this.db.prepare('DELETE FROM documents WHERE dataset = ? AND key = ?')
    this.logTransaction = this.db.prepare(
      'INSERT INTO transactions (id, dataset, timestamp, identity, documentIds) VALUES (?, ?, ?, ?, ?)',
    )
  }

  datasets(): string[] {
    const rows = this.db.prepare('SELECT name FROM datasets ORDER BY name').all()
    return rows.map((row) => String(row.name))
  }

  createDataset(name: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO datasets (name, createdAt) VALUES (?, ?)')
      .run(name, new Date().toISOString())
  }

  deleteDataset(name: string): void {
    this.inTransaction(() => {
      this.db.prepare('DELETE FROM documents WHERE dataset = ?').run(name)
      this.db.prepare('DELETE FROM refs WHERE dataset = ?').run(name)
      this.db.prepare('DELETE FROM transactions WHERE dataset = ?').run(name)
      this.db.prepare('DELETE FROM datasets WHERE name = ?').run(name)
    })
  }

  /** Streams a dataset's documents in the order they were first written, one parsed row at a time. */
  *documents(dataset: string): Generator<[string, Doc]> {
    const rows = this.db
      .prepare('SELECT key, body FROM documents WHERE dataset = ? ORDER BY rowid')
      .iterate(dataset)
    for (const row of rows) yield [String(row.key), JSON.parse(String(row.body))]
  }

  /** A dataset's rows as stored (JSON text, unparsed), in id order. */
  *documentBodies(dataset: string): Generator<[string, string]> {
    const rows = this.db
      .prepare('SELECT key, body FROM documents WHERE dataset = ? ORDER BY key')
      .iterate(dataset)
    for (const row of rows) yield [String(row.key), String(row.body)]
  }

  /** Reads documents on demand, for a dataset that keeps only ids in memory (`Dataset`). */
  documentSource(dataset: string): DocumentSource {
    const one = this.db.prepare('SELECT body FROM documents WHERE dataset = ? AND key = ?')
    const referrers = this.db.prepare('SELECT source FROM refs WHERE dataset = ? AND target = ?')
    const count = this.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE dataset = ?')
    const many = this.db.prepare(
      'SELECT key, body FROM documents WHERE dataset = ? AND key IN (SELECT value FROM json_each(?))',
    )
    return {
      readMany: (keys) => {
        const found = new Map<string, Doc>()
        for (const row of many.iterate(dataset, JSON.stringify(keys))) {
          found.set(String(row.key), JSON.parse(String(row.body)) as Doc)
        }
        return found
      },
      referrers: (id) => referrers.all(dataset, id).map((row) => String(row.source)),
      count: () => Number(count.get(dataset)!.n),
      read: (key) => {
        const row = one.get(dataset, key)
        return row ? (JSON.parse(String(row.body)) as Doc) : undefined
      },
      readAll: () =>
        (function* (bodies) {
          for (const [key, body] of bodies) yield [key, JSON.parse(body) as Doc] as [string, Doc]
        })(this.documentBodies(dataset)),
    }
  }

  /**
   * Commits a transaction; returns its sequence number, which grows with every commit (the query
   * workers' snapshots say by it which commits they hold).
   */
  commit(transaction: StoredTransaction): number {
    const {dataset, changes} = transaction
    let seq = 0
    this.inTransaction(() => {
      this.beforeCommit?.(transaction)
      // Written and referenced rows go in a few multi-row statements; a transaction names each
      // key once, so the order between its deletes and its upserts doesn't matter.
      const upserts: SQLInputValue[] = []
      const referencesAdded: SQLInputValue[] = []
      for (const {key, doc, body, before} of changes) {
        if (doc) upserts.push(dataset, key, body ?? JSON.stringify(doc))
        else this.remove.run(dataset, key)
        // Only references that appear or disappear are written: an edit usually changes none.
        const was = before ? strongReferences(before) : NONE
        const now = doc ? strongReferences(doc) : NONE
        for (const target of was)
          if (!now.has(target)) this.removeReference.run(dataset, target, key)
        for (const target of now) if (!was.has(target)) referencesAdded.push(dataset, target, key)
      }
      this.upsert.run(upserts)
      this.addReferences.run(referencesAdded)
      const logged = this.logTransaction.run(
        transaction.id,
        dataset,
        transaction.timestamp,
        transaction.identity,
        JSON.stringify(changes.map((change) => change.key)),
      )
      seq = Number(logged.lastInsertRowid)
    })
    this.checkpointer.committed(changes.length)
    return seq
  }

  /**
   * Copies what the write-ahead log holds into the database file as far as readers allow; true
   * when all of it was copied (a reader that starts now reads the file alone, and the next write
   * can start the log over).
   */
  checkpoint(): boolean {
    const row = this.db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as
      {busy: number; log: number; checkpointed: number} | undefined
    return Boolean(row && row.busy === 0 && row.log > 0 && row.checkpointed === row.log)
  }

  /** True when a transaction with this id was ever committed: ids, and so `_rev`s, are never reused. */
  hasTransaction(id: string): boolean {
    return this.findTransaction.get(id) !== undefined
  }

  /** The Studio's per-user settings (`/users/me/keyvalue`), kept across restarts. */
  getValue(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM keyvalue WHERE key = ?').get(key)
    return row ? JSON.parse(String(row.value)) : null
  }

  setValue(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO keyvalue (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value ?? null))
  }

  close(): void {
    this.checkpointer.close()
    if (this.db.isOpen) this.db.close()
  }

  /**
   * Who references whom is kept in `refs` (version 1): a store written before that gets the table
   * filled once, from the documents' text.
   */
  private upgrade(): void {
    const version = Number(this.db.prepare('PRAGMA user_version').get()!.user_version)
    if (version >= 1) return
    this.inTransaction(() => {
      const rows = this.db.prepare('SELECT dataset, key, body FROM documents').iterate()
      for (const row of rows) {
        for (const target of strongRefsOf(String(row.body))) {
          this.addReference.run(String(row.dataset), target, String(row.key))
        }
      }
      this.db.exec('PRAGMA user_version = 1')
    })
  }

  private inTransaction(work: () => void): void {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      work()
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }
}

const REF_IN_TEXT = /"_ref":"([^"\\]*)"/g
/** Keys whose presence beside a `_ref` makes a reference weak: see `strongReferences`. */
const NOT_STRONG = ['"_weak"', '"_strengthenOnPublish"', '"_dataset"', '"_projectId"']

/**
 * The strong references of a stored document from its JSON text. Compact JSON without escapes,
 * whose references carry none of the keys that weaken one, is read with a pattern (an escaped
 * quote can't fake a `"_ref":"` there); anything else is parsed.
 */
function strongRefsOf(body: string): string[] {
  if (!body.includes('"_ref"')) return []
  if (body.includes('\\') || NOT_STRONG.some((key) => body.includes(key))) {
    return [...strongReferences(JSON.parse(body))]
  }
  const refs = new Set<string>()
  for (const match of body.matchAll(REF_IN_TEXT)) refs.add(match[1])
  return [...refs]
}
