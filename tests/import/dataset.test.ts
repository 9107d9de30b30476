import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {importArticleFile} from '../../scripts/import/index.ts'
import {acquireLock} from '../../scripts/import/lock.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {fixture, SEED} from './helpers.ts'

const SUPPLEMENT = 'supplement-vitamin-d3-and-k2'
const BONES = 'benefit-vitamin-d3-and-k2-stronger-bones'

describe('importing into a dataset', () => {
  let lake: TestLake
  const dir = mkdtempSync(join(tmpdir(), 'import-ds-'))
  // Validation is covered by its own test; skipping it here keeps this suite fast.
  const run = (path: string, extra: {force?: boolean; dryRun?: boolean} = {}) =>
    importArticleFile(path, {client: lake.client, skipValidation: true, ...extra})
  const edited = (name: string, edit: (text: string) => string) => {
    const path = join(dir, name)
    writeFileSync(path, edit(readFileSync(SEED, 'utf8')))
    return path
  }

  beforeAll(async () => {
    lake = await startTestLake()
  })
  afterAll(async () => {
    await lake?.close()
    rmSync(dir, {recursive: true, force: true})
  })

  it('writes nothing on bad input or in a dry run', async () => {
    await expect(run(fixture('malformed-citation.txt'))).rejects.toThrow(/:45: malformed citation/)
    const dry = await run(SEED, {dryRun: true})
    expect(dry.mutationCount).toBeGreaterThan(50)
    expect(await lake.client.fetch('count(*)')).toBe(0)
  })

  it('creates linked, published documents in one transaction', async () => {
    const result = await run(SEED)
    expect(result.counts).toMatchObject({
      supplement: {created: 1},
      benefit: {created: 3},
      audience: {created: 4},
      // Every sentence of the safety section: two general notes, the limit, two interactions.
      warning: {created: 5},
      citation: {created: 47},
    })
    expect(result.transactionId).toBeTruthy()
    const anonymous = await lake.anonClient.fetch(
      `*[_id == $id][0]{name, "benefits": benefits[]->title, "warnings": count(warnings)}`,
      {id: SUPPLEMENT},
    )
    expect(anonymous).toEqual({
      name: 'Vitamin D3 and K2',
      benefits: ['Stronger Bones', 'Heart Health', 'Calcium efficiency'],
      warnings: 5,
    })
    // The importer's bookkeeping is for the importer and editors, not for site readers.
    const record = 'importRecord.vitamin-d3-and-k2'
    expect(await lake.client.getDocument(record)).toMatchObject({_type: 'importRecord'})
    expect(await lake.anonClient.fetch('count(*[_type == "importRecord"])')).toBe(0)
  })

  it('sends 0 mutations when the article is unchanged', async () => {
    const again = await run(SEED)
    expect(again.mutationCount).toBe(0)
    expect(again.counts.citation).toEqual({created: 0, updated: 0, unchanged: 47})
  })

  it("keeps an editor's change and lists the conflict when the article changes the same field", async () => {
    await lake.client.patch(BONES).set({summary: 'Edited by an editor.'}).commit()
    await lake.client.patch(SUPPLEMENT).set({'review.status': 'inReview'}).commit()
    expect((await run(SEED)).mutationCount).toBe(0)

    const changed = edited('vitamin-d3-k2.txt', (text) =>
      text
        .replace('For years, we’ve known', 'For decades, we’ve known')
        .replace('Heart Health: By preventing', 'Heart Health: Research shows that by preventing'),
    )
    const result = await run(changed)
    expect(result.conflicts).toEqual([
      {documentId: BONES, field: 'summary', reason: 'changed in the dataset since the last import'},
    ])
    const bones = await lake.client.getDocument(BONES)
    expect(bones?.summary).toBe('Edited by an editor.')
    const heart = await lake.client.getDocument('benefit-vitamin-d3-and-k2-heart-health')
    expect(heart?.summary).toMatch(/^Research shows that by preventing/)
    const supplement = await lake.client.getDocument(SUPPLEMENT)
    expect(supplement?.review).toMatchObject({status: 'inReview'})

    const forced = await run(changed, {force: true})
    expect(forced.conflicts).toEqual([])
    expect((await lake.client.getDocument(BONES))?.summary).toMatch(/^For decades/)
    expect((await run(changed)).mutationCount).toBe(0)
  })

  it('refuses a second import of the same article while one holds the lock', async () => {
    const changed = edited('locked.txt', (text) => text.replace('Stronger Bones:', 'Strong Bones:'))
    await acquireLock(lake.client, 'importRecord.vitamin-d3-and-k2', 'other')
    await expect(run(changed)).rejects.toThrow(/another import of this article is running/)
    expect(await lake.client.getDocument('benefit-vitamin-d3-and-k2-strong-bones')).toBeUndefined()
  })
})

describe('two imports of the same article at once', () => {
  it('lands one of them whole and never both halves', async () => {
    const lake = await startTestLake()
    try {
      const results = await Promise.allSettled(
        [0, 1].map(() => importArticleFile(SEED, {client: lake.client, skipValidation: true})),
      )
      const failures = results.filter((r) => r.status === 'rejected')
      for (const failure of failures) {
        expect(String((failure as PromiseRejectedResult).reason)).toMatch(
          /another import of this article is running|changed while importing/,
        )
      }
      expect(failures.length).toBeLessThan(2)
      expect(await lake.client.fetch('count(*[_type == "citation"])')).toBe(47)
      const record = await lake.client.getDocument('importRecord.vitamin-d3-and-k2')
      expect(record?.lock).toBeUndefined()
      const again = await importArticleFile(SEED, {client: lake.client, skipValidation: true})
      expect(again.mutationCount).toBe(0)
    } finally {
      await lake.close()
    }
  })
})
