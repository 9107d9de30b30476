/**
 * Every article of the template the importer reads, not only the seed: imported, reviewed,
 * rendered. The page must print each sentence of the narrative exactly once and link every source.
 */
import {readFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {canonicalUrl} from '../../scripts/import/citations.ts'
import {renderSupplementPage} from '../../scripts/render/index.ts'
import {defineSiteConfig, siteFetch, supplementPageQuery} from '../../site/index.ts'
import {fixture} from '../import/helpers.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {confirmAndReview, importArticle} from './seed-page.ts'

const ARTICLES = [
  'omega-3-fish-oil.txt',
  'creatine-monohydrate.txt',
  'ashwagandha.txt',
  'iron-bisglycinate.txt',
  'selenium.txt',
  'probiotics.txt',
  'magnesium-glycinate.txt',
  'vitamin-d3-k2.alternate-headings.txt',
]
const site = defineSiteConfig({baseUrl: 'https://supplements.example/', name: 'Supplement Guide'})

let t: TestLake
beforeAll(async () => {
  t = await startTestLake()
})
afterAll(() => t?.close())

function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<sup class="citation-ref">[\s\S]*?<\/sup>/g, '')
    .replace(/<\/?(strong|em|a|span|time|sup)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1

describe.each(ARTICLES)('%s', (name) => {
  const text = readFileSync(fixture(name), 'utf8').replace(/^\uFEFF/, '')
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  let html: string

  beforeAll(async () => {
    // A fresh dataset per article: the variants of the seed share ids with it.
    await t.client.delete({query: '*[!(_id in path("_.**"))]'})
    const article = await confirmAndReview(t.client, await importArticle(t.client, fixture(name)))
    const {params, options} = siteFetch({preview: false})
    const page = await t.client.fetch(supplementPageQuery, {...params, slug: article.slug}, options)
    html = renderSupplementPage(page!, {site})
  })

  it('prints every sentence of the narrative exactly once', () => {
    const separator = lines.findIndex(
      (line, index) => index > 0 && /^[-\u2013\u2014_*=~]+$/.test(line),
    )
    const citedAt = lines.findIndex((line) => /^(works cited|references|sources)$/i.test(line))
    const end = Math.min(...[separator, citedAt].filter((index) => index > 0))
    const sentences = lines
      .slice(1, end)
      .filter(Boolean)
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z“"‘(])/))
    expect(sentences.length).toBeGreaterThan(10)
    const page = visibleText(html)
    expect(sentences.filter((sentence) => count(page, sentence) !== 1)).toEqual([])
  })

  it('links every source once and shows one works-cited list', () => {
    expect(html.match(/<h2[^>]*>Works cited<\/h2>/gi)).toHaveLength(1)
    expect(visibleText(html)).not.toMatch(/accessed [A-Z][a-z]+ \d{1,2}, \d{4}, https?:/)
    const urls = [...text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0])
    const linked = new Set(
      [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&')),
    )
    // The importer files a URL under its canonical form (no tracking parameters or text
    // fragment, host in lower case), which is the address linked.
    const missing = urls.filter((url) => !linked.has(url) && !linked.has(canonicalUrl(url)))
    expect(missing).toEqual([])
  })
})
