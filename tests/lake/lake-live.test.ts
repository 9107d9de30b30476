import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {connect} from 'node:http2'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

import {createClient, type MutationEvent} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

let t: TestLake

beforeAll(async () => {
  t = await startTestLake({tlsPort: 0})
})
afterAll(() => t.close())

describe('listen', () => {
  it('streams a mutation event with revisions, transition, result and mendoza effects', async () => {
    const events: MutationEvent[] = []
    const received = new Promise<void>((done) => {
      const subscription = t.client
        .listen(
          '*[_type == "note"]',
          {},
          {includeResult: true, effectFormat: 'mendoza', events: ['welcome', 'mutation']},
        )
        .subscribe((event) => {
          if (event.type === 'welcome') {
            t.client.create({_id: 'note1', _type: 'note', text: 'hi'})
          } else if (event.type === 'mutation') {
            events.push(event)
            subscription.unsubscribe()
            done()
          }
        })
    })
    await received
    expect(events[0]).toMatchObject({
      documentId: 'note1',
      transition: 'appear',
      resultRev: expect.any(String),
      result: {_id: 'note1', text: 'hi'},
      effects: {apply: [0, expect.objectContaining({text: 'hi'})], revert: [0, null]},
    })
    expect(events[0].previousRev).toBeUndefined()
  })
})

describe('export', () => {
  it('streams every document as NDJSON', async () => {
    await t.client.createOrReplace({_id: 'e1', _type: 'exported'})
    const response = await fetch(`${t.lake.url}/v${API_VERSION}/data/export/production`, {
      headers: {authorization: `Bearer ${t.lake.token}`},
    })
    expect(response.headers.get('content-type')).toContain('ndjson')
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((doc) => doc._id)).toContain('e1')
  })
})

describe('actions', () => {
  it('creates a draft, edits it, publishes, unpublishes, discards and deletes', async () => {
    const act = (actions: unknown[], transactionId?: string) =>
      t.client.request({
        method: 'POST',
        url: '/data/actions/production',
        body: {actions, transactionId},
      })
    await act([
      {
        actionType: 'sanity.action.document.create',
        publishedId: 'p1',
        attributes: {_id: 'drafts.p1', _type: 'page', title: 'One'},
        ifExists: 'fail',
      },
    ])
    await act([
      {
        actionType: 'sanity.action.document.edit',
        draftId: 'drafts.p1',
        publishedId: 'p1',
        patch: {set: {title: 'Uno'}},
      },
    ])
    const published = await act(
      [{actionType: 'sanity.action.document.publish', draftId: 'drafts.p1', publishedId: 'p1'}],
      'rev-publish',
    )
    expect(published).toEqual({transactionId: 'rev-publish'})
    expect(await t.client.getDocuments(['p1', 'drafts.p1'])).toMatchObject([
      {title: 'Uno', _rev: 'rev-publish'},
      null,
    ])
    // The first edit of a published document copies it into a fresh draft.
    await act([
      {
        actionType: 'sanity.action.document.edit',
        draftId: 'drafts.p1',
        publishedId: 'p1',
        patch: {set: {n: 1}},
      },
    ])
    expect(await t.client.getDocument('drafts.p1')).toMatchObject({title: 'Uno', n: 1})
    await act([{actionType: 'sanity.action.document.discard', draftId: 'drafts.p1'}])
    await act([
      {actionType: 'sanity.action.document.unpublish', draftId: 'drafts.p1', publishedId: 'p1'},
    ])
    expect(await t.client.getDocuments(['p1', 'drafts.p1'])).toMatchObject([null, {title: 'Uno'}])
    await act([
      {
        actionType: 'sanity.action.document.delete',
        publishedId: 'p1',
        includeDrafts: ['drafts.p1'],
      },
    ])
    expect(await t.client.getDocument('drafts.p1')).toBeUndefined()
    const dry = await t.client.request({
      method: 'POST',
      url: '/data/actions/production',
      body: {
        actions: [{actionType: 'sanity.action.release.create', releaseId: 'r1'}],
        dryRun: true,
        transactionId: 'probe',
      },
    })
    expect(dry).toEqual({transactionId: 'probe'})
  })
})

describe('Studio support over HTTP/2 + TLS', () => {
  it('answers /users/me with the local administrator and credentialed CORS for the Studio origin', async () => {
    const session = connect(t.lake.tlsUrl!, {rejectUnauthorized: false})
    try {
      const stream = session.request({
        ':path': `/v${API_VERSION}/users/me`,
        ':authority': `local.localhost:${t.lake.tlsPort}`,
        authorization: `Bearer ${t.lake.token}`,
        origin: 'http://localhost:3333',
      })
      let body = ''
      const headers = await new Promise<Record<string, unknown>>((done) =>
        stream.on('response', done),
      )
      for await (const chunk of stream) body += chunk
      expect(headers['access-control-allow-origin']).toBe('http://localhost:3333')
      expect(headers['access-control-allow-credentials']).toBe('true')
      expect(JSON.parse(body)).toMatchObject({id: expect.any(String), role: 'administrator'})
    } finally {
      session.close()
    }
  })

  it('rewrites text::query so Studio search finds documents', async () => {
    await t.client.createOrReplace({
      _id: 'search1',
      _type: 'supplementContent.supplement',
      name: 'Ashwagandha root',
      nested: {x: 'withanolides'},
    })
    const query =
      '*[_type == "supplementContent.supplement" && ([@, _id] match text::query($__query))]._id'
    expect(await t.client.fetch(query, {__query: 'withanol*'})).toEqual(['search1'])
    expect(await t.client.fetch('*[name match text::query($q)]._id', {q: 'ashwagandha'})).toEqual([
      'search1',
    ])
  })
})

describe('durability', () => {
  it('keeps data across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lake-restart-'))
    try {
      const first = await startTestLake({dataDir})
      await first.client.create({_id: 'kept', _type: 'x', n: 1})
      await first.client.request({
        method: 'PUT',
        url: '/users/me/keyvalue',
        body: [{key: 'studio.pref', value: {a: 1}}],
      })
      await first.close()
      const second = await startTestLake({dataDir})
      expect(await second.client.getDocument('kept')).toMatchObject({n: 1})
      expect(await second.client.request({url: '/users/me/keyvalue/studio.pref,none'})).toEqual([
        {key: 'studio.pref', value: {a: 1}},
        {key: 'none', value: null},
      ])
      await second.close()
    } finally {
      rmSync(dataDir, {recursive: true, force: true})
    }
  })

  it('keeps every acknowledged transaction and no partial one after kill -9 during an import', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lake-kill-'))
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'fixtures/lake-process.ts'), dataDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    try {
      const line = await new Promise<string>((done) =>
        createInterface({input: child.stdout!}).once('line', done),
      )
      const {url, token} = JSON.parse(line)
      const client = createClient({
        projectId: 'local',
        dataset: 'production',
        apiVersion: API_VERSION,
        apiHost: url,
        useProjectHostname: false,
        useCdn: false,
        token,
      })
      const acknowledged: number[] = []
      const batch = 200
      const importing = (async () => {
        for (let txNumber = 0; txNumber < 1000; txNumber++) {
          const docs = Array.from({length: batch}, (_, i) => ({
            _id: `d${txNumber}-${i}`,
            _type: 'bulk',
            tx: txNumber,
          }))
          await client.mutate(docs.map((doc) => ({create: doc})))
          acknowledged.push(txNumber)
        }
      })().catch(() => undefined)
      while (acknowledged.length < 5) await new Promise((done) => setTimeout(done, 5))
      child.kill('SIGKILL')
      await importing
      const restarted = await startTestLake({dataDir})
      const counts: Array<{tx: number; n: number}> = await restarted.client
        .fetch('*[_type == "bulk"]{tx} | order(tx asc)')
        .then((rows: Array<{tx: number}>) => {
          const byTx = new Map<number, number>()
          for (const {tx} of rows) byTx.set(tx, (byTx.get(tx) ?? 0) + 1)
          return [...byTx].map(([tx, n]) => ({tx, n}))
        })
      await restarted.close()
      for (const tx of acknowledged) expect(counts.find((c) => c.tx === tx)?.n).toBe(batch)
      for (const {n} of counts) expect(n).toBe(batch)
    } finally {
      child.kill('SIGKILL')
      rmSync(dataDir, {recursive: true, force: true})
    }
  })
})
