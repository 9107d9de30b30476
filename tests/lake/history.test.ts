import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {applyPatch} from 'mendoza'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Doc} from '../../lake/documents.ts'
import type {HistoryTransaction} from '../../lake/history.ts'
import {Lake} from '../../lake/lake.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

let t: TestLake
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lake-history-'))
  t = await startTestLake({dataDir})
})
afterAll(async () => {
  await t.close()
  rmSync(dataDir, {recursive: true, force: true})
})

const DATASET = 'production'

/** A raw GET against the lake, as the Studio's history store makes it. */
async function get(path: string, token: string | undefined = t.lake.token): Promise<Response> {
  return fetch(`${t.lake.url}/v2025-02-19${path}`, {
    headers: token ? {authorization: `Bearer ${token}`} : {},
  })
}

async function ndjson(path: string): Promise<HistoryTransaction[]> {
  const res = await get(path)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/)
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HistoryTransaction)
}

/** Edits and publishes through the Actions API, exactly as the Studio does. */
async function studioEdit(id: string, set: Record<string, unknown>, transactionId?: string) {
  return t.client.request<{transactionId: string}>({
    url: `/data/actions/${DATASET}`,
    method: 'POST',
    body: {
      transactionId,
      actions: [
        {
          actionType: 'sanity.action.document.edit',
          draftId: `drafts.${id}`,
          publishedId: id,
          patch: {set},
        },
      ],
    },
  })
}

async function publish(id: string) {
  return t.client.request<{transactionId: string}>({
    url: `/data/actions/${DATASET}`,
    method: 'POST',
    body: {
      actions: [
        {actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id},
      ],
    },
  })
}

describe('History API over HTTP (the shapes the Studio parses)', () => {
  const id = 'supplement-history'
  let created: string
  let firstEdit: string
  let secondEdit: string
  let published: string
  let beforeSecondEdit: string

  beforeAll(async () => {
    created = (
      await t.client.create({
        _id: id,
        _type: 'supplementContent.supplement',
        title: 'Vitamin D3',
        dose: {amount: 1},
      })
    )._rev
    firstEdit = (await studioEdit(id, {title: 'Vitamin D3 + K2'})).transactionId
    await new Promise((done) => setTimeout(done, 20))
    beforeSecondEdit = new Date().toISOString()
    await new Promise((done) => setTimeout(done, 20))
    secondEdit = (await studioEdit(id, {'dose.amount': 2, summary: 'Bones'})).transactionId
    published = (await publish(id)).transactionId
  })

  it('lists the draft’s events newest first: published (with the draft revision it published), then created', async () => {
    const res = await get(`/data/history/${DATASET}/events/documents/drafts.${id}?limit=100`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      events: Record<string, Array<Record<string, unknown>>>
      nextCursor: string
    }
    const events = body.events[`drafts.${id}`]
    expect(events.map((event) => event.type)).toEqual([
      'publishDocumentVersion',
      'createDocumentVersion',
    ])
    expect(events[0]).toMatchObject({
      documentId: id,
      versionId: `drafts.${id}`,
      revisionId: published,
      versionRevisionId: secondEdit,
      publishCause: 'document.publish',
      author: expect.any(String),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(events[1]).toMatchObject({versionId: `drafts.${id}`, versionRevisionId: firstEdit})
    expect(body.nextCursor).toBe('')
  })

  it('lists the published document’s events: created live, then published from the draft', async () => {
    const body = (await (await get(`/data/history/${DATASET}/events/documents/${id}`)).json()) as {
      events: Record<string, Array<Record<string, unknown>>>
    }
    expect(body.events[id].map((event) => [event.type, event.revisionId])).toEqual([
      ['publishDocumentVersion', published],
      ['createLiveDocument', created],
    ])
  })

  it('pages events with nextCursor', async () => {
    const first = (await (
      await get(`/data/history/${DATASET}/events/documents/${id}?limit=1`)
    ).json()) as {events: Record<string, unknown[]>; nextCursor: string}
    expect(first.events[id]).toHaveLength(1)
    expect(first.nextCursor).not.toBe('')
    const second = (await (
      await get(
        `/data/history/${DATASET}/events/documents/${id}?limit=1&nextCursor=${first.nextCursor}`,
      )
    ).json()) as {events: Record<string, Array<{type: string}>>}
    expect(second.events[id].map((event) => event.type)).toEqual(['createLiveDocument'])
  })

  it('answers a document at a revision, at a time, and its last revision before deletion', async () => {
    const at = async (query: string, ids = `drafts.${id}`) =>
      (
        (await (await get(`/data/history/${DATASET}/documents/${ids}?${query}`)).json()) as {
          documents: Doc[]
        }
      ).documents
    const [draftAtFirstEdit] = await at(`revision=${firstEdit}`)
    expect(draftAtFirstEdit).toMatchObject({
      _id: `drafts.${id}`,
      _rev: firstEdit,
      title: 'Vitamin D3 + K2',
    })
    expect(draftAtFirstEdit.summary).toBeUndefined()
    // The Studio's restore asks for both ids and keeps the one whose _rev is the revision.
    const pair = await at(`revision=${created}`, `${id},drafts.${id}`)
    expect(pair.find((doc) => doc._id === id)).toMatchObject({_rev: created, title: 'Vitamin D3'})
    const [byTime] = await at(`time=${encodeURIComponent(beforeSecondEdit)}`)
    expect(byTime._rev).toBe(firstEdit)
    const [publishedNow] = await at(`revision=${published}`, id)
    expect(publishedNow).toMatchObject({
      title: 'Vitamin D3 + K2',
      summary: 'Bones',
      dose: {amount: 2},
    })
    // The draft was deleted by publishing; its last state is still there.
    const [lastDraft] = await at('lastRevision=true')
    expect(lastDraft._rev).toBe(secondEdit)
  })

  it('streams the draft’s transactions with mendoza effects that replay revision to revision', async () => {
    const transactions = await ndjson(
      `/data/history/${DATASET}/transactions/drafts.${id}?excludeContent=true&effectFormat=mendoza` +
        `&includeIdentifiedDocumentsOnly=true&limit=50&fromTransaction=${firstEdit}`,
    )
    expect(transactions.map((tx) => tx.id)).toEqual([firstEdit, secondEdit, published])
    for (const tx of transactions) {
      expect(tx).toMatchObject({author: expect.any(String), timestamp: expect.any(String)})
      expect(tx.documentIDs).toEqual([`drafts.${id}`])
    }
    const [create, edit, publishing] = transactions.map((tx) => tx.effects![`drafts.${id}`])
    // What the Studio calls created / modified / deleted.
    expect(create.revert).toEqual([0, null])
    expect(publishing.apply).toEqual([0, null])
    const afterCreate = applyPatch(null, create.apply) as Doc
    const afterEdit = applyPatch(afterCreate, edit.apply) as Doc
    expect(afterEdit).toMatchObject({
      _rev: secondEdit,
      title: 'Vitamin D3 + K2',
      summary: 'Bones',
      dose: {amount: 2},
    })
    expect(applyPatch(afterEdit, edit.revert)).toEqual(afterCreate)
    // Only the fields that changed are in the patch, so each is attributed to its own edit.
    expect(JSON.stringify(edit.apply)).not.toContain('Vitamin')
  })

  it('lists newest first with reverse, up to a transaction, and all documents of a transaction when asked', async () => {
    const reversed = await ndjson(
      `/data/history/${DATASET}/transactions/${id},drafts.${id}?reverse=true&limit=2&toTransaction=${secondEdit}&excludeMutations=true`,
    )
    expect(reversed.map((tx) => tx.id)).toEqual([secondEdit, firstEdit])
    expect(reversed[0].mutations).toBeUndefined()
    const [publishing] = await ndjson(
      `/data/history/${DATASET}/transactions/${id}?fromTransaction=${published}`,
    )
    expect(publishing.documentIDs.sort()).toEqual([id, `drafts.${id}`].sort())
  })

  it('refuses bad input with 4xx in Sanity’s error shape', async () => {
    const cases: Array<[string, number, string | undefined]> = [
      [`/data/history/${DATASET}/transactions/${id}?limit=0`, 400, undefined],
      [`/data/history/${DATASET}/transactions/${id}?limit=100000`, 400, undefined],
      [`/data/history/${DATASET}/transactions/${id}?fromTime=yesterday`, 400, undefined],
      [`/data/history/${DATASET}/transactions/${id}?effectFormat=json`, 400, undefined],
      [
        `/data/history/${DATASET}/documents/${id}?revision=a&time=2020-01-01T00:00:00Z`,
        400,
        undefined,
      ],
      [`/data/history/${DATASET}/documents/bad..id?revision=a`, 400, undefined],
      [`/data/history/${DATASET}/events/documents/${id}?nextCursor=abc`, 400, undefined],
      [`/data/history/${DATASET}/documents/${id}?revision=${created}`, 401, ''],
      [`/data/history/nope/documents/${id}?revision=${created}`, 404, undefined],
    ]
    for (const [path, status, token] of cases) {
      const res = await get(path, token)
      expect([path, res.status]).toEqual([path, status])
      const body = (await res.json()) as {error: unknown}
      expect(body.error).toBeDefined()
    }
    expect(
      await ndjson(`/data/history/${DATASET}/transactions/${id}?fromTransaction=neverSeen`),
    ).toEqual([])
  })

  it('keeps history across a restart', async () => {
    await t.close()
    t = await startTestLake({dataDir})
    const [doc] = (
      (await (
        await get(`/data/history/${DATASET}/documents/drafts.${id}?revision=${firstEdit}`)
      ).json()) as {
        documents: Doc[]
      }
    ).documents
    expect(doc.title).toBe('Vitamin D3 + K2')
  })
})

describe('history bounds', () => {
  it('keeps at most N revisions per document, and squashes old runs of edits into whole revisions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lake-history-bounds-'))
    const lake = new Lake(dir, undefined, {
      retentionDays: 90,
      maxBytes: 512 * 1024 * 1024,
      maxRevisionsPerDocument: 4,
      squashWindowMs: 5 * 60_000,
      squashAfterMs: 60 * 60_000,
    })
    try {
      const revs: string[] = []
      for (let i = 0; i < 6; i++) {
        const {tx} = await lake.transact(DATASET, (tx) => {
          tx.createOrReplace({_id: 'd', _type: 't', n: i, nested: {i}}, {})
        })
        revs.push(tx.id)
      }
      expect(lake.history.stats().rows).toBe(4)
      const current = (docId: string) => lake.dataset(DATASET).get(docId)
      expect(lake.history.atRevision(DATASET, 'd', revs[0], current)).toBeNull()
      expect(lake.history.atRevision(DATASET, 'd', revs[3], current)).toMatchObject({n: 3})

      // Two hours later the run of edits (one author, seconds apart) is squashed into its last one.
      const result = lake.history.compact(Date.now() + 2 * 3_600_000)
      expect(result.squashed).toBeGreaterThan(0)
      const left = [
        ...lake.history.transactions(
          DATASET,
          {
            ids: ['d'],
            reverse: false,
            limit: 100,
            effects: true,
            mutations: false,
            excludeContent: true,
            identifiedOnly: true,
          },
          current,
        ),
      ]
      expect(left.map((tx) => tx.id)).toEqual([revs[5]])
      // The chain of states stays whole: the kept revision's effect turns the oldest kept state
      // (revision 1) into the current document.
      const oldest = lake.history.atRevision(DATASET, 'd', revs[1], current)
      expect(oldest).toMatchObject({n: 1})
      expect(applyPatch(oldest, left[0].effects!.d.apply)).toEqual(current('d'))
      expect(lake.history.atRevision(DATASET, 'd', revs[3], current)).toBeNull()
    } finally {
      lake.close()
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('deletes revisions past the retention time and trims to the byte budget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lake-history-bounds-'))
    const lake = new Lake(dir, undefined, {
      retentionDays: 1,
      maxBytes: 4096,
      maxRevisionsPerDocument: 1000,
      squashWindowMs: 0,
      squashAfterMs: 60 * 60_000,
    })
    try {
      for (let i = 0; i < 40; i++) {
        await lake.transact(DATASET, (tx) => {
          tx.createOrReplace({_id: `doc-${i % 4}`, _type: 't', text: `x${i}`.repeat(50)}, {})
        })
      }
      lake.history.compact()
      expect(lake.history.stats().bytes).toBeLessThanOrEqual(4096)
      expect(lake.history.stats().rows).toBeGreaterThan(0)
      lake.history.compact(Date.now() + 2 * 86_400_000)
      expect(lake.history.stats().rows).toBe(0)
    } finally {
      lake.close()
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
