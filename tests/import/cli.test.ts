import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, describe, expect, it} from 'vitest'

import {draftDocuments, planImport, toNdjson} from '../../scripts/import/index.ts'
import {fixture, SEED, seedText} from './helpers.ts'

const run = promisify(execFile)
const CLI = 'scripts/import/cli.ts'

async function cli(...args: string[]) {
  try {
    const {stdout, stderr} = await run(process.execPath, [CLI, ...args], {
      // No lake runs at this address: a CLI run that tried to touch a dataset would fail.
      env: {...process.env, SANITY_API_HOST: 'http://127.0.0.1:9', SANITY_PROJECT_ID: ''},
    })
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failed = error as {code: number; stdout: string; stderr: string}
    return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr}
  }
}

describe('npm run import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cli-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('rejects bad input with one line naming the file and line, and exit code 1', async () => {
    const result = await cli(fixture('no-title.txt'))
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/no-title\.txt:1: no title/)
  })

  it('--ndjson writes the planned documents without touching a dataset, the same on every run', async () => {
    const out = join(dir, 'seed.ndjson')
    const result = await cli(relative(process.cwd(), SEED), '--ndjson', out)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const written = readFileSync(out, 'utf8')
    // Provenance names the file, wherever the import runs from.
    const plan = planImport(seedText(), {sourceFile: 'vitamin-d3-k2.txt'})
    // Same bytes, same checksum: for UTF-8 input the file's hash is the text's.
    const expected = toNdjson(draftDocuments(plan))
    expect(written).toBe(expected)
    // Drafts only: `sanity dataset import` of the file publishes nothing unreviewed, and a draft's
    // links to other drafts are weak until a reviewer publishes them together.
    const lines = written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines).toHaveLength(plan.documents.length)
    for (const doc of lines) expect(doc._id).toMatch(/^drafts\./)
    const supplement = lines.find((doc) => doc._type === 'supplementContent.supplement')
    expect(supplement.benefits[0]).toMatchObject({
      _weak: true,
      _strengthenOnPublish: {type: 'supplementContent.benefit'},
    })
    expect(supplement.provenance.sourceFile).toBe('vitamin-d3-k2.txt')
  })
})
