/**
 * Visual editing: a site fetching with stega on gets strings carrying invisible edit markers.
 * The page built from such a fetch must read, compare and link exactly as without them, and its
 * JSON-LD must hold clean values.
 */
import {stegaClean} from '@sanity/client/stega'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {renderSupplementPage} from '../../scripts/render/index.ts'
import {defineSiteConfig, siteFetch, supplementPageQuery} from '../../site/index.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {confirmAndReview, importArticle, SEED, SEED_ANNOTATION, seedText} from './seed-page.ts'

const site = defineSiteConfig({baseUrl: 'https://supplements.example/', name: 'Supplement Guide'})

let t: TestLake
let slug: string

beforeAll(async () => {
  t = await startTestLake()
  const article = await importArticle(t.client, seedText(), SEED)
  await confirmAndReview(t.client, article, SEED_ANNOTATION)
  slug = article.slug
})

afterAll(() => t?.close())

const jsonLdOf = (html: string) =>
  html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]

describe('a page built from a stega-enabled fetch', () => {
  it('carries edit markers in visible text and renders exactly like a plain fetch', async () => {
    const {params, options} = siteFetch({preview: false})
    const plain = await t.client.fetch(supplementPageQuery, {...params, slug}, options)
    const stegaClient = t.client.withConfig({
      stega: {enabled: true, studioUrl: 'https://studio.example'},
    })
    const encoded = await stegaClient.fetch(supplementPageQuery, {...params, slug}, options)
    expect(plain).not.toBeNull()
    expect(encoded).not.toBeNull()

    // The values a renderer compares are encoded: a naive `kind === 'doseLimit'` would fail.
    const kinds = encoded!.warnings.map((warning) => warning.kind as string)
    expect(kinds.some((kind) => kind !== stegaClean(kind))).toBe(true)
    expect(encoded!.benefits[0].title).not.toBe(plain!.benefits[0].title)
    expect(stegaClean(encoded)).toEqual(plain)

    const plainHtml = renderSupplementPage(plain!, {site})
    const encodedHtml = renderSupplementPage(encoded!, {site})
    expect(encodedHtml).not.toBe(plainHtml)
    expect(stegaClean(encodedHtml)).toBe(plainHtml)
    // JSON-LD, titles, ids, links and dates are written from clean values.
    expect(jsonLdOf(encodedHtml)).toBe(jsonLdOf(plainHtml))
    const attributes = (html: string) =>
      [...html.matchAll(/(?:href|id|datetime)="[^"]*"/g)].map(String)
    expect(attributes(encodedHtml)).toEqual(attributes(plainHtml))
    expect(encodedHtml.match(/<title>.*<\/title>/)![0]).toBe(
      plainHtml.match(/<title>.*<\/title>/)![0],
    )
    // Warnings are still recognised by kind and severity, markers still link to sources.
    expect(encodedHtml.match(/class="callout severity-serious"/g)).toHaveLength(1)
    expect(encodedHtml.match(/class="citation-ref"/g)?.length).toBe(
      plainHtml.match(/class="citation-ref"/g)?.length,
    )
  })
})
