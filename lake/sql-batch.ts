import type {DatabaseSync, SQLInputValue, StatementSync} from 'node:sqlite'

/** Rows one statement writes: 64 rows of up to 10 columns stay far below SQLite's 32766 variables. */
const ROWS_PER_STATEMENT = 64

/**
 * An INSERT that writes many rows per call. A commit of 2000 documents wrote ~6000 rows one call
 * each, and node:sqlite's cost per call (binding, a result object) was a fifth of the commit's
 * CPU; with 64 rows a call it is a rounding error. Statements are prepared per row count on first
 * use (a commit's last, partial group has its own).
 */
export class MultiRowInsert {
  private readonly db: DatabaseSync
  private readonly head: string
  private readonly tail: string
  private readonly columns: number
  private readonly row: string
  private readonly statements = new Map<number, StatementSync>()

  /** `head`: `INSERT ... (columns)`; `tail`: what follows the VALUES (an ON CONFLICT clause). */
  constructor(db: DatabaseSync, head: string, columns: number, tail = '') {
    this.db = db
    this.head = head
    this.tail = tail
    this.columns = columns
    this.row = `(${Array.from({length: columns}, () => '?').join(', ')})`
  }

  /** Writes the rows whose values `values` holds one after another, in that order. */
  run(values: SQLInputValue[]): void {
    const rows = values.length / this.columns
    if (!Number.isInteger(rows)) throw new Error(`${values.length} values are not whole rows`)
    for (let first = 0; first < rows; first += ROWS_PER_STATEMENT) {
      const count = Math.min(ROWS_PER_STATEMENT, rows - first)
      const from = first * this.columns
      this.statement(count).run(...values.slice(from, from + count * this.columns))
    }
  }

  private statement(rows: number): StatementSync {
    let statement = this.statements.get(rows)
    if (!statement) {
      const all = Array.from({length: rows}, () => this.row).join(', ')
      statement = this.db.prepare(`${this.head} VALUES ${all} ${this.tail}`)
      this.statements.set(rows, statement)
    }
    return statement
  }
}
