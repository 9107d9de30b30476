import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {DatabaseSync} from 'node:sqlite'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * The query workers read documents through snapshots of the store, which keep SQLite from starting
 * its write-ahead log over while writes come in. Once writes pause the log must be folded into the
 * database file and start over, or it would grow with every edit for as long as the lake runs.
 */
let t: TestLake
let dataDir: string

beforeAll(async () => {
  t = await startTestLake({keepDataDir: true})
  dataDir = t.lake.dataDir
  // Workers that read documents from the store (the dataset is larger than their cache).
  await t.close()
  t = await startTestLake({dataDir, limits: {workerDocumentsMb: 0.001}})
})

afterAll(async () => {
  await t.close()
  rmSync(dataDir, {recursive: true, force: true})
})

/** Frames in the log now (a checkpoint from another connection reports them, changing nothing). */
function logFrames(): number {
  const db = new DatabaseSync(join(dataDir, 'lake.sqlite'))
  try {
    const row = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as {log: number}
    return row.log
  } finally {
    db.close()
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

describe('write-ahead log', () => {
  it('starts over once writes pause, while workers read documents from the store', async () => {
    for (let batch = 0; batch < 20; batch++) {
      const tx = t.client.transaction()
      for (let i = 0; i < 50; i++) {
        tx.createOrReplace({_id: `doc-${batch}-${i}`, _type: 'note', text: 'x'.repeat(2000)})
      }
      await tx.commit({visibility: 'sync'})
      // A query between writes, so the workers hold snapshots the whole time.
      await t.client.fetch('*[_type == "note" && _id == $id][0]._id', {id: `doc-${batch}-0`})
    }
    const grown = logFrames()
    expect(grown).toBeGreaterThan(100)
    await sleep(800)
    await t.client.patch('doc-0-0').set({text: 'after the pause'}).commit({visibility: 'sync'})
    expect(logFrames()).toBeLessThan(grown / 4)
    // Reads after the log started over still see every write.
    expect(await t.client.fetch('count(*[_type == "note"])')).toBe(1000)
    expect(await t.client.fetch('*[_id == "doc-0-0"][0].text')).toBe('after the pause')
  })
})
