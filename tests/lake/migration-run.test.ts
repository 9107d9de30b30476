import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from './start-test-lake.ts'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '../..')

/**
 * Issue case 5: the real `sanity migration run` (not a dry run) against the lake. The CLI takes a
 * custom API host from SANITY_INTERNAL_ENV, calls `<projectId>.<host>` over HTTPS, exports the
 * documents, then sends its mutations with `autoGenerateArrayKeys=true` and a lower-case `bearer`.
 */
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({tlsPort: 0})
  await t.client
    .transaction()
    .create({
      _id: 'citation-nhs',
      _type: 'supplementContent.citation',
      title: 'NHS',
      url: 'https://www.nhs.uk/x/',
    })
    .create({
      _id: 'citation-blog',
      _type: 'supplementContent.citation',
      title: 'Blog',
      url: 'https://blog.example/p',
    })
    .create({
      _id: 'citation-kept',
      _type: 'supplementContent.citation',
      title: 'Chosen',
      url: 'https://www.nhs.uk/y/',
      sourceType: 'commercial',
    })
    .commit()
})
afterAll(() => t.close())

describe('sanity migration run', () => {
  it('runs a migration live against the lake and commits its patches', async () => {
    const {stdout, stderr} = await run(
      process.execPath,
      [
        'node_modules/.bin/sanity',
        'migration',
        'run',
        'backfill-citation-source-type',
        '--no-dry-run',
        '--no-confirm',
        '--project',
        'local',
        '--dataset',
        'production',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SANITY_INTERNAL_ENV: `https://localhost:${t.lake.tlsPort}`,
          SANITY_AUTH_TOKEN: t.lake.token,
          NODE_EXTRA_CA_CERTS: t.lake.certFile,
          NODE_OPTIONS: `--import ${join(import.meta.dirname, 'fixtures/resolve-localhost.mjs')}`,
        },
      },
    )
    expect(`${stdout}${stderr}`).toMatch(/1 transactions committed/)
    const citations = await t.client.fetch(
      '*[_type == "supplementContent.citation"] | order(_id){_id, sourceType}',
    )
    expect(citations).toEqual([
      {_id: 'citation-blog', sourceType: null},
      {_id: 'citation-kept', sourceType: 'commercial'},
      {_id: 'citation-nhs', sourceType: 'government'},
    ])
  })
})
