import {DatabaseSync, type StatementSync} from 'node:sqlite'

import type {DocumentSnapshot} from './dataset.ts'

/**
 * A read-only connection to the store holding one read transaction open: every read through it
 * sees the store as of one commit, whatever the main thread commits meanwhile (WAL).
 */
export class StoreSnapshot {
  private readonly db: DatabaseSync
  private readonly statements = new Map<string, StatementSync>()
  private open = false

  constructor(file: string) {
    this.db = new DatabaseSync(file, {readOnly: true})
  }

  /** Starts a read transaction at the newest commit; returns its sequence number. */
  begin(): number {
    this.end()
    this.db.exec('BEGIN')
    this.open = true
    const row = this.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'transactions'").get()
    return row ? Number(row.seq) : 0
  }

  end(): void {
    if (!this.open) return
    this.open = false
    this.db.exec('COMMIT')
  }

  close(): void {
    this.end()
    this.db.close()
  }

  datasets(): string[] {
    return this.prepare('SELECT name FROM datasets ORDER BY name')
      .all()
      .map((row) => String(row.name))
  }

  /** A dataset's ids in id order, read as one text (a row per id costs several times more). */
  ids(dataset: string): string[] {
    const row = this.prepare(
      'SELECT group_concat(key, char(10) ORDER BY key) AS ids FROM documents WHERE dataset = ?',
    ).get(dataset)
    return row?.ids ? String(row.ids).split('\n') : []
  }

  /**
   * About how much JSON text a dataset's `count` documents hold, from the first thousand: summing
   * every one would read a million-document store whole.
   */
  bytes(dataset: string, count: number): number {
    const row = this.prepare(
      'SELECT avg(length(body)) AS size FROM (SELECT body FROM documents WHERE dataset = ? LIMIT 1000)',
    ).get(dataset)
    return Number(row?.size ?? 0) * count
  }

  /** Every document of a dataset in id order, parsed, with its text's length. */
  *parsed(dataset: string): Generator<[string, Record<string, unknown>, number]> {
    const rows = this.prepare(
      'SELECT key, body FROM documents WHERE dataset = ? ORDER BY key',
    ).iterate(dataset)
    for (const row of rows) {
      const body = String(row.body)
      yield [String(row.key), JSON.parse(body) as Record<string, unknown>, body.length]
    }
  }

  /** Reads of one dataset through this snapshot. */
  dataset(name: string): DocumentSnapshot {
    return {
      readMany: (keys) => {
        const found = new Map<string, string>()
        const rows = this.prepare(
          'SELECT key, body FROM documents WHERE dataset = ? AND key IN (SELECT value FROM json_each(?))',
        ).iterate(name, JSON.stringify(keys))
        for (const row of rows) found.set(String(row.key), String(row.body))
        return found
      },
      column: (path, kind) => {
        const jsonPath = sqlJsonPath(path)
        if (jsonPath === undefined) return undefined
        // SQLite reads the value out of each stored text without building the document, as JSON
        // (`->`), in chunks of ids: a row per document costs twice as much to hand over. Both
        // aggregates take the chunk's rows in one order, so ids and values line up; json() gives
        // the values back the JSON type a subquery drops.
        const value =
          kind === 'scalar'
            ? "CASE WHEN substr(body -> :path, 1, 1) IN ('{', '[') THEN NULL ELSE body -> :path END"
            : "CASE WHEN (body -> :path) IS NULL OR (body -> :path) = 'null' THEN NULL ELSE 1 END"
        const chunk = this.prepare(
          `SELECT json_group_array(json(value)) AS vals, group_concat(key, char(10)) AS keys, max(key) AS last ` +
            `FROM (SELECT key, ${value} AS value FROM documents ` +
            `WHERE dataset = :dataset AND key > :after ORDER BY key LIMIT ${COLUMN_CHUNK})`,
        )
        return (function* () {
          let after = ''
          for (;;) {
            const row = chunk.get({path: jsonPath, dataset: name, after})
            if (!row?.last) return
            const keys = String(row.keys).split('\n')
            const values = JSON.parse(String(row.vals)) as unknown[]
            const pairs = keys.map((key, i) => [key, values[i] ?? undefined] as [string, unknown])
            // Handed over in id order, which the aggregates are not bound to keep.
            if (pairs.some((pair, i) => i > 0 && pairs[i - 1][0] > pair[0])) {
              pairs.sort(([a], [b]) => (a < b ? -1 : 1))
            }
            yield* pairs
            after = String(row.last)
          }
        })()
      },
    }
  }

  private prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }
}

/** Documents per statement when a column is read out of the store. */
const COLUMN_CHUNK = 65_536

/** `a.b` as SQLite's JSON path `$."a"."b"`; undefined for names it can't quote. */
function sqlJsonPath(path: readonly string[]): string | undefined {
  if (path.some((segment) => /["\\\u0000-\u001f]/.test(segment))) return undefined
  return '$' + path.map((segment) => `."${segment}"`).join('')
}
