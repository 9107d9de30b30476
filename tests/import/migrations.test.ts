import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {collectMigrationMutations, type MigrationContext} from 'sanity/migrate'
import {afterAll, describe, expect, it} from 'vitest'

import importArticle from '../../migrations/import-article/index.ts'
import {importArticleFile, planImport} from '../../scripts/import/index.ts'
import {markSupplementReviewed} from '../../studio/lib/approval.ts'
import {startTestLake} from '../lake/start-test-lake.ts'
import {SEED} from './helpers.ts'

const run = promisify(execFile)

describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('backfill-citation-source-type: a dry run on an export sets only missing, known types', async () => {
    mkdirSync(join(dir, 'export'))
    const docs = [
      {
        _id: 'citation-a',
        _type: 'supplementContent.citation',
        title: 'NHS page',
        url: 'https://www.nhs.uk/x/',
      },
      {
        _id: 'citation-b',
        _type: 'supplementContent.citation',
        title: 'Unknown blog',
        url: 'https://blog.example.com/p',
      },
      {
        _id: 'citation-c',
        _type: 'supplementContent.citation',
        title: 'Editor chose',
        url: 'https://pubmed.ncbi.nlm.nih.gov/1/',
        sourceType: 'commercial',
      },
      {
        _id: 'citation-d',
        _type: 'supplementContent.citation',
        title: 'PubMed',
        url: 'https://pubmed.ncbi.nlm.nih.gov/2/',
      },
    ]
    // Padding: the CLI skips very small files (see NOTES.md), so give it a realistic one.
    const padding = 'x'.repeat(400)
    writeFileSync(
      join(dir, 'export', 'data.ndjson'),
      docs.map((d) => JSON.stringify({...d, note: padding})).join('\n') + '\n',
    )
    await run('tar', ['czf', join(dir, 'export.tar.gz'), '-C', dir, 'export'])
    const {stdout} = await run(
      process.execPath,
      [
        'node_modules/.bin/sanity',
        'migration',
        'run',
        'backfill-citation-source-type',
        '--from-export',
        join(dir, 'export.tar.gz'),
      ],
      {env: {...process.env, SANITY_AUTH_TOKEN: 'offline'}},
    )
    expect(stdout).toMatch(/dry mode/)
    expect(stdout).toMatch(/citation-a[\s\S]*setIfMissing\("government"\)/)
    expect(stdout).toMatch(/citation-d[\s\S]*setIfMissing\("peerReviewedJournal"\)/)
    expect(stdout).not.toMatch(/citation-b|citation-c/)
  })

  it('import-article: yields the import into drafts as one transaction, and nothing once imported', async () => {
    const lake = await startTestLake()
    process.env.IMPORT_ARTICLE = SEED
    // The runner fills `filtered` from the dataset's export; here, the same documents by id.
    const context = {
      client: lake.client,
      dryRun: true,
      filtered: {
        getDocument: (id: string) => lake.client.getDocument(id),
        getDocuments: async (ids: string[]) =>
          (await lake.client.getDocuments(ids)).filter(Boolean),
      },
    } as unknown as MigrationContext
    const collect = async () => {
      const out = []
      // The migration reads what it needs by id; it scans no documents.
      const none = async function* () {
        yield* []
      }
      for await (const m of collectMigrationMutations(importArticle, none, context)) {
        out.push(...[m].flat())
      }
      return out
    }
    try {
      const [first, ...rest] = await collect()
      expect(rest).toEqual([])
      expect(first).toMatchObject({type: 'transaction'})
      const mutations = (first as {mutations: Array<{type: string; document?: {_id: string}}>})
        .mutations
      // Every planned document and the import record.
      const plan = planImport(readFileSync(SEED, 'utf8'), {sourceFile: 'vitamin-d3-k2.txt'})
      expect(mutations).toHaveLength(plan.documents.length + 1)
      // Every document as a draft; the importer's record is the one published id.
      const created = mutations.map((m) => m.document?._id)
      expect(created.filter((id) => !id?.startsWith('drafts.'))).toEqual([
        'importRecord.vitamin-d3-and-k2',
      ])
      await importArticleFile(SEED, {client: lake.client, skipValidation: true})
      expect(await collect()).toEqual([])
    } finally {
      delete process.env.IMPORT_ARTICLE
      await lake.close()
    }
  })

  it('import-article: `sanity migration run --from-export` dry-runs a changed article into the editor draft', async () => {
    const lake = await startTestLake()
    try {
      await importArticleFile(SEED, {client: lake.client, skipValidation: true})
      await markSupplementReviewed(lake.client, 'supplement-vitamin-d3-and-k2', {
        reviewer: 'Dr. Jane Doe, MD',
        date: '2025-06-01',
      })
      const plan = planImport(readFileSync(SEED, 'utf8'), {sourceFile: 'vitamin-d3-k2.txt'})
      const warning = plan.documents.find(
        (doc) =>
          doc._type === 'supplementContent.warning' &&
          (doc.interactingSubstances as string[] | undefined)?.some((s) => /warfarin/i.test(s)),
      )!._id
      await lake.client.action({
        actionType: 'sanity.action.document.edit',
        draftId: `drafts.${warning}`,
        publishedId: warning,
        patch: {set: {severity: 'info'}},
      })
      // An export archive of the dataset, as `sanity dataset export` writes it.
      const response = await fetch(`${lake.lake.url}/v2025-02-19/data/export/production`, {
        headers: {authorization: `Bearer ${lake.lake.token}`},
      })
      mkdirSync(join(dir, 'lake-export'))
      writeFileSync(join(dir, 'lake-export', 'data.ndjson'), await response.text())
      await run('tar', ['czf', join(dir, 'lake-export.tar.gz'), '-C', dir, 'lake-export'])
      const article = join(dir, 'vitamin-d3-k2.txt')
      writeFileSync(
        article,
        readFileSync(SEED, 'utf8').replace('like warfarin.', 'like warfarin or acenocoumarol.'),
      )
      const {stdout} = await run(
        process.execPath,
        [
          'node_modules/.bin/sanity',
          'migration',
          'run',
          'import-article',
          '--from-export',
          join(dir, 'lake-export.tar.gz'),
        ],
        {env: {...process.env, SANITY_AUTH_TOKEN: 'offline', IMPORT_ARTICLE: article}},
      )
      expect(stdout).toMatch(/dry mode/)
      expect(stdout).not.toMatch(/TypeError/)
      // The changed text goes into the editor's open draft, as a revision-checked patch.
      expect(stdout).toMatch(new RegExp(`drafts\\.${warning}[\\s\\S]*acenocoumarol`))
      // Never a write to the published (reviewed) document itself.
      expect(stdout).not.toContain(`] ${warning} `)
    } finally {
      await lake.close()
    }
  })
})
