import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DatabaseSync} from 'node:sqlite'

import {afterAll, describe, expect, it} from 'vitest'

import {startTestLake} from './start-test-lake.ts'

/**
 * Who references whom lives in the store, not in memory: a referenced document stays protected
 * from deletion across restarts, also in a data folder written before the store kept references.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'lake-refs-'))
afterAll(() => rmSync(dataDir, {recursive: true, force: true}))

async function deleteRefused(id: string): Promise<string[] | undefined> {
  const t = await startTestLake({dataDir})
  try {
    await t.client.delete(id)
    return undefined
  } catch (error) {
    const items = (error as {details?: {items?: Array<{error: {referencingIDs?: string[]}}>}})
      .details?.items
    return items?.[0]?.error.referencingIDs ?? []
  } finally {
    await t.close()
  }
}

describe('references kept in the store', () => {
  it('refuses to delete a referenced document after a restart, and allows it once unreferenced', async () => {
    const t = await startTestLake({dataDir})
    await t.client
      .transaction()
      .createOrReplace({_id: 'brand', _type: 'brand'})
      .createOrReplace({_id: 'page', _type: 'page', brand: {_type: 'reference', _ref: 'brand'}})
      .createOrReplace({
        _id: 'weak',
        _type: 'page',
        brand: {_type: 'reference', _ref: 'brand', _weak: true},
      })
      .commit()
    await t.close()

    expect(await deleteRefused('brand')).toEqual(['page'])

    // A store from before references were kept: the table is filled from the documents once.
    const db = new DatabaseSync(join(dataDir, 'lake.sqlite'))
    db.exec('DROP TABLE refs; PRAGMA user_version = 0')
    db.close()
    expect(await deleteRefused('brand')).toEqual(['page'])

    const again = await startTestLake({dataDir})
    await again.client.patch('page').unset(['brand']).commit()
    await again.close()
    expect(await deleteRefused('brand')).toBeUndefined()
  })
})
