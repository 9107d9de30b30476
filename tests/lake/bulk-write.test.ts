import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {Lake} from '../../lake/lake.ts'

const DATASET = 'production'
let dir: string
let lake: Lake

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lake-bulk-'))
  lake = new Lake(dir)
})
afterEach(() => {
  lake.close()
  rmSync(dir, {recursive: true, force: true})
})

const rows = (sql: string, ...params: string[]) =>
  lake.store.db.prepare(sql).all(...params) as Array<Record<string, unknown>>

/** Ids that sort like their numbers, so SQLite's order is easy to state. */
const id = (i: number) => `doc-${String(i).padStart(4, '0')}`

// Rows are written many per statement: these transactions are larger than one statement and end
// in a partial one, and their history, references and documents must be what row-by-row wrote.
describe('a transaction of many documents', () => {
  it('stores every document, reference and history row, in the order of the changes', async () => {
    const count = 150
    const {tx} = await lake.transact(DATASET, (tx) => {
      tx.createOrReplace({_id: 'brand', _type: 'brand'}, {})
      for (let i = 0; i < count; i++) {
        tx.createOrReplace({_id: id(i), _type: 't', n: i, brand: {_ref: 'brand'}}, {})
      }
    })
    const history = rows(
      'SELECT documentId, kind, rev FROM history WHERE transactionId = ? ORDER BY seq',
      tx.id,
    )
    expect(history.map((row) => row.documentId)).toEqual([
      'brand',
      ...Array.from({length: count}, (_, i) => id(i)),
    ])
    expect(new Set(history.map((row) => `${row.kind} ${row.rev}`))).toEqual(
      new Set([`create ${tx.id}`]),
    )
    expect(rows('SELECT key FROM documents ORDER BY rowid').map((row) => row.key)).toEqual(
      history.map((row) => row.documentId),
    )
    expect(rows("SELECT source FROM refs WHERE target = 'brand'")).toHaveLength(count)
    expect(
      JSON.parse(String(rows('SELECT body FROM documents WHERE key = ?', id(77))[0].body)),
    ).toMatchObject({_id: id(77), n: 77, _rev: tx.id})

    // Replace most, drop the reference of some, delete a few: the same rows as one by one.
    const {tx: second} = await lake.transact(DATASET, (tx) => {
      for (let i = 0; i < 130; i++) {
        const brand = i % 2 === 0 ? {brand: {_ref: 'brand'}} : {}
        tx.createOrReplace({_id: id(i), _type: 't', n: -i, ...brand}, {})
        // New documents between the replaced ones: their rows keep that order.
        if (i % 10 === 0) tx.createOrReplace({_id: `new-${i}`, _type: 't'}, {})
      }
      for (let i = 140; i < count; i++) tx.delete(id(i), {})
    })
    const kinds = rows(
      'SELECT documentId, kind FROM history WHERE transactionId = ? ORDER BY seq',
      second.id,
    )
    expect(kinds.filter((row) => row.kind === 'update')).toHaveLength(130)
    expect(kinds.filter((row) => row.kind === 'delete')).toHaveLength(10)
    expect(kinds.filter((row) => row.kind === 'create')).toHaveLength(13)
    expect(kinds.slice(0, 4).map((row) => `${row.kind} ${row.documentId}`)).toEqual([
      `update ${id(0)}`,
      'create new-0',
      `update ${id(1)}`,
      `update ${id(2)}`,
    ])
    expect(rows("SELECT source FROM refs WHERE target = 'brand'")).toHaveLength(65 + 10)
    expect(lake.dataset(DATASET).size).toBe(1 + 140 + 13)
    // A replaced document keeps its place in `*`.
    expect(
      rows('SELECT key FROM documents ORDER BY rowid')
        .slice(0, 3)
        .map((r) => r.key),
    ).toEqual(['brand', id(0), id(1)])
  })

  it('leaves the mutations as sent: the staged document is a copy of the given one', async () => {
    const given = {_type: 't', nested: {list: [{_key: 'a', n: 1}]}}
    const mutation = {create: given}
    const {changes} = await lake.transact(DATASET, (tx) => {
      tx.create(given, mutation)
    })
    const [change] = changes
    expect(given).toEqual({_type: 't', nested: {list: [{_key: 'a', n: 1}]}})
    expect(change.mutations).toEqual([{create: given}])
    expect(change.after).toMatchObject({_id: change.id, _type: 't', _rev: expect.any(String)})
    expect(change.after).not.toBe(given)
  })
})

describe('checkpoints', () => {
  it('copies bulk writes into the database file off the main thread, and closes cleanly', async () => {
    const file = join(dir, 'lake.sqlite')
    const before = statSync(file).size
    const text = 'x'.repeat(1000)
    for (let batch = 0; batch < 3; batch++) {
      await lake.transact(DATASET, (tx) => {
        for (let i = 0; i < 1000; i++)
          tx.createOrReplace({_id: id(batch * 1000 + i), _type: 't', text}, {})
      })
    }
    // The main connection alone would leave these 3 MB in the WAL (its own threshold is 40 MB).
    const until = Date.now() + 10_000
    while (statSync(file).size < before + 3_000_000 && Date.now() < until) {
      await new Promise((done) => setTimeout(done, 50))
    }
    expect(statSync(file).size).toBeGreaterThan(before + 3_000_000)
    lake.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
    lake = new Lake(dir)
    expect(lake.dataset(DATASET).size).toBe(3000)
  })
})
