import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {collectMigrationMutations, type MigrationContext} from 'sanity/migrate'
import {afterAll, describe, expect, it} from 'vitest'

import importArticle from '../../migrations/import-article/index.ts'
import {importArticleFile} from '../../scripts/import/index.ts'
import {startTestLake} from '../lake/start-test-lake.ts'
import {SEED} from './helpers.ts'

const run = promisify(execFile)

describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('backfill-citation-source-type: a dry run on an export sets only missing, known types', async () => {
    mkdirSync(join(dir, 'export'))
    const docs = [
      {_id: 'citation-a', _type: 'citation', title: 'NHS page', url: 'https://www.nhs.uk/x/'},
      {
        _id: 'citation-b',
        _type: 'citation',
        title: 'Unknown blog',
        url: 'https://blog.example.com/p',
      },
      {
        _id: 'citation-c',
        _type: 'citation',
        title: 'Editor chose',
        url: 'https://pubmed.ncbi.nlm.nih.gov/1/',
        sourceType: 'commercial',
      },
      {
        _id: 'citation-d',
        _type: 'citation',
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

  it('import-article: yields the import as one transaction, and nothing once imported', async () => {
    const lake = await startTestLake()
    process.env.IMPORT_ARTICLE = SEED
    const context = {
      client: lake.client,
      dryRun: true,
      filtered: {getDocument: async () => undefined, getDocuments: async () => []},
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
      expect((first as {mutations: unknown[]}).mutations).toHaveLength(61)
      await importArticleFile(SEED, {client: lake.client, skipValidation: true})
      expect(await collect()).toEqual([])
    } finally {
      delete process.env.IMPORT_ARTICLE
      await lake.close()
    }
  })
})
