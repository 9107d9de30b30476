import {join} from 'node:path'
import {DatabaseSync, type StatementSync} from 'node:sqlite'

import type {DocumentSource} from './dataset.ts'
import type {Doc} from './documents.ts'
import {privateDataDir, privateFile} from './private-files.ts'

/** One document's new state in a committed transaction; `doc: null` deletes it. */
export interface StoredChange {
  key: string
  doc: Doc | null
  /** `doc` as JSON when the caller already made it. */
  body?: string
}

export interface StoredTransaction {
  id: string
  dataset: string
  timestamp: string
  identity: string
  changes: StoredChange[]
}

/**
 * The durable side of the lake. Every transaction is one SQLite transaction with `synchronous=FULL`,
 * so once `commit` returns it survives a kill -9 or a power cut, and a half-written one never shows.
 */
export class Store {
  readonly db: DatabaseSync
  private upsert: StatementSync
  private remove: StatementSync
  private logTransaction: StatementSync
  private findTransaction: StatementSync
  /** Runs inside each commit's SQLite transaction before its writes (the history records there). */
  beforeCommit?: (transaction: StoredTransaction) => void

  constructor(dataDir: string) {
    privateDataDir(dataDir)
    this.db = new DatabaseSync(privateFile(join(dataDir, 'lake.sqlite')))
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS datasets (name TEXT PRIMARY KEY, createdAt TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (
        dataset TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (dataset, key));
      CREATE TABLE IF NOT EXISTS transactions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, dataset TEXT NOT NULL,
        timestamp TEXT NOT NULL, identity TEXT NOT NULL, documentIds TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS keyvalue (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS transactions_by_id ON transactions (id);
    `)
    this.findTransaction = this.db.prepare('SELECT 1 FROM transactions WHERE id = ? LIMIT 1')
    // An upsert keeps the row id, so a replaced document keeps its place in `*`.
    this.upsert = this.db.prepare(
      'INSERT INTO documents (dataset, key, body) VALUES (?, ?, ?) ' +
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

  /** A dataset's rows as stored (JSON text, unparsed), in id order or, faster, in storage order. */
  *documentBodies(dataset: string, inIdOrder = true): Generator<[string, string]> {
    const order = inIdOrder ? 'key' : 'rowid'
    const rows = this.db
      .prepare(`SELECT key, body FROM documents WHERE dataset = ? ORDER BY ${order}`)
      .iterate(dataset)
    for (const row of rows) yield [String(row.key), String(row.body)]
  }

  /** Reads documents on demand, for a dataset that keeps only ids in memory (`Dataset`). */
  documentSource(dataset: string): DocumentSource {
    const one = this.db.prepare('SELECT body FROM documents WHERE dataset = ? AND key = ?')
    return {
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

  commit(transaction: StoredTransaction): void {
    const {dataset, changes} = transaction
    this.inTransaction(() => {
      this.beforeCommit?.(transaction)
      for (const {key, doc, body} of changes) {
        if (doc) this.upsert.run(dataset, key, body ?? JSON.stringify(doc))
        else this.remove.run(dataset, key)
      }
      this.logTransaction.run(
        transaction.id,
        dataset,
        transaction.timestamp,
        transaction.identity,
        JSON.stringify(changes.map((change) => change.key)),
      )
    })
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
    if (this.db.isOpen) this.db.close()
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
