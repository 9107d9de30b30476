/**
 * `npm run site -- --out <dir>`: the public site from a lake holding several supplements, read
 * the way a public site reads (no token), with one of them not yet medically reviewed.
 */
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {fixture} from '../import/helpers.ts'
import {confirmAndReview, type ImportedArticle, importArticle, SEED} from './seed-page.ts'

const run = promisify(execFile)

let t: TestLake
let out: string
let reviewed: ImportedArticle[]
let unreviewed: ImportedArticle
let stderr: string

beforeAll(async () => {
  t = await startTestLake()
  const article = (file: string) => importArticle(t.client, file)
  reviewed = [
    await confirmAndReview(t.client, await importArticle(t.client, SEED)),
    await confirmAndReview(t.client, await article(fixture('omega-3-fish-oil.txt'))),
    await confirmAndReview(t.client, await article(fixture('creatine-monohydrate.txt'))),
  ]
  unreviewed = await article(fixture('ashwagandha.txt'))
  out = mkdtempSync(join(tmpdir(), 'site-'))
  const emptyLakeDir = mkdtempSync(join(tmpdir(), 'no-token-'))
  const result = await run(
    process.execPath,
    ['scripts/render/site-cli.ts', '--out', out, '--base-url', 'https://supplements.example/'],
    {
      env: {
        ...process.env,
        SANITY_API_HOST: t.lake.url,
        SANITY_PROJECT_ID: '',
        SANITY_API_TOKEN: '',
        // No token file: the site reads as the public does.
        SANITY_LAKE_DIR: emptyLakeDir,
      },
    },
  )
  stderr = result.stderr
  rmSync(emptyLakeDir, {recursive: true, force: true})
})

afterAll(async () => {
  await t?.close()
  if (out) rmSync(out, {recursive: true, force: true})
})

describe('npm run site', () => {
  it('writes a page for every published, reviewed supplement, and none for the others', () => {
    expect(stderr).toContain(`Wrote 3 supplement pages, index.html and sitemap.xml to ${out}`)
    expect(readdirSync(join(out, 'supplements')).sort()).toEqual(
      reviewed.map((article) => article.slug).sort(),
    )
    expect(existsSync(join(out, 'supplements', unreviewed.slug))).toBe(false)
    for (const {slug} of reviewed) {
      const html = readFileSync(join(out, 'supplements', slug, 'index.html'), 'utf8')
      expect(html.match(/<main id="main">/g)).toHaveLength(1)
      expect(html.match(/<h2[^>]*>Works cited<\/h2>/gi)).toHaveLength(1)
      expect(html).toContain(
        `<link rel="canonical" href="https://supplements.example/supplements/${slug}/">`,
      )
      expect(html).not.toContain('noindex')
    }
  })

  it('writes an index page linking every page', () => {
    const index = readFileSync(join(out, 'index.html'), 'utf8')
    const links = [...index.matchAll(/<h2><a href="([^"]+)">/g)].map((match) => match[1])
    expect(links.sort()).toEqual(
      reviewed.map(({slug}) => `https://supplements.example/supplements/${slug}/`).sort(),
    )
    expect(index).not.toContain(unreviewed.slug)
    expect(index).toContain('<main id="main">')
  })

  it('writes sitemap.xml with the index and each page and its last change', () => {
    const sitemap = readFileSync(join(out, 'sitemap.xml'), 'utf8')
    expect(sitemap).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
    )
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])
    expect(locs[0]).toBe('https://supplements.example/')
    expect(locs.slice(1).sort()).toEqual(
      reviewed.map(({slug}) => `https://supplements.example/supplements/${slug}/`).sort(),
    )
    expect(sitemap.match(/<lastmod>\d{4}-\d{2}-\d{2}T[^<]+<\/lastmod>/g)).toHaveLength(3)
    expect(sitemap).not.toContain(unreviewed.slug)
  })
})
