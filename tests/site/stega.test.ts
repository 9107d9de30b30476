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
import {confirmAndReview, importArticle, SEED, SEED_ANNOTATION} from './seed-page.ts'

const site = defineSiteConfig({baseUrl: 'https://supplements.example/', name: 'Supplement Guide'})

let t: TestLake
let slug: string

beforeAll(async () => {
  t = await startTestLake()
  const article = await importArticle(t.client, SEED)
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

  it('gets source maps from the lake only for values it can trace to a document field', async () => {
    const {params, options} = siteFetch({preview: false})
    const response = await t.client.fetch(
      supplementPageQuery,
      {...params, slug},
      {...options, filterResponse: false, resultSourceMap: 'withKeyArraySelector'},
    )
    const map = response.resultSourceMap!
    const source = (resultPath: string) => {
      const mapping = map.mappings[resultPath]
      if (!mapping || mapping.type !== 'value' || mapping.source.type !== 'documentValue') {
        return undefined
      }
      return {
        id: map.documents[mapping.source.document]._id,
        path: map.paths[mapping.source.path],
      }
    }
    const {result} = response
    expect(source("$['benefits'][0]['title']")).toEqual({
      id: result!.benefits[0]._id,
      path: "$['title']",
    })
    expect(source("$['warnings'][0]['kind']")).toEqual({
      id: result!.warnings[0]._id,
      path: "$['kind']",
    })
    const first = result!.body[0]
    expect(source("$['body'][0]['children'][0]['text']")).toEqual({
      id: result!._id,
      path: `$['body'][?(@._key=='${first._key}')]['children'][?(@._key=='${first.children![0]._key}')]['text']`,
    })
    // `"slug": slug.current` is renamed: the lake does not guess where it came from.
    expect(source("$['slug']")).toBeUndefined()
  })
})
