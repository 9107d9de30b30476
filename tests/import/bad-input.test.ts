import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {readArticleSource} from '../../scripts/import/source.ts'
import {planImport} from '../../scripts/import/index.ts'
import {fixture, seedText} from './helpers.ts'

async function errorFor(path: string): Promise<string> {
  try {
    const source = await readArticleSource(path)
    planImport(source.text, {sourceFile: path})
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`expected ${path} to be rejected`)
}

describe('bad input gets one clear line naming the file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-bad-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it.each([
    ['empty.txt', /empty\.txt:1: file is empty/],
    ['binary.txt', /binary\.txt:2: binary file/],
    ['latin1.txt', /latin1\.txt:1: not valid UTF-8/],
    ['no-title.txt', /no-title\.txt:1: no title/],
    ['no-works-cited.txt', /no-works-cited\.txt:\d+: no Works Cited section/],
    ['malformed-citation.txt', /malformed-citation\.txt:45: malformed citation/],
  ])('%s', async (name, expected) => {
    const message = await errorFor(fixture(name))
    expect(message).toMatch(expected)
    expect(message).not.toContain('\n')
  })

  // A Works Cited line without "accessed" and URL is an error whatever its length: a short one
  // ("Mayo Clinic") looks like a heading, and reading it as one would silently drop the rest.
  it.each([
    ['a short name', 'Mayo Clinic'],
    ['a title-cased phrase', 'Vitamin D Fact Sheet'],
    ['a question', 'Is Vitamin D Safe?'],
    [
      'a long title without a URL',
      'Vitamin D Deficiency: Causes, Symptoms & Treatment - Cleveland Clinic, 2025',
    ],
    [
      'a URL without the accessed date',
      'NHS, https://www.nhs.uk/conditions/vitamins-and-minerals/vitamin-d/',
    ],
  ])('a malformed Works Cited line: %s', async (_, line) => {
    const lines = seedText().split('\n')
    const at = lines.findIndex((l) => l.startsWith('Works Cited')) + 3
    lines.splice(at, 1, line)
    const file = join(dir, 'short-citation.txt')
    writeFileSync(file, lines.join('\n'))
    const message = await errorFor(file)
    expect(message).toContain(`short-citation.txt:${at + 1}: malformed citation`)
  })

  it('a file over 10 MB, and only over it (the README says articles up to 10 MB)', async () => {
    const big = join(dir, 'big.txt')
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'))
    expect(await errorFor(big)).toMatch(
      /big\.txt:1: file is 10\.0 MB; an article must be under 10 MB/,
    )
    const large = join(dir, 'large.txt')
    writeFileSync(large, Buffer.alloc(3 * 1024 * 1024, 'a'))
    expect(await errorFor(large)).not.toMatch(/MB/)
  })

  it('a missing file', async () => {
    expect(await errorFor(join(dir, 'nope.txt'))).toMatch(/nope\.txt: cannot read file \(ENOENT\)/)
  })
})
