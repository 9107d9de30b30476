/**
 * Round trip: import the seed article into a local content lake, query it through @sanity/client
 * with the site's page query, render it, and check that nothing the author wrote was lost.
 */
import {readFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {siteFetch} from '../../schemas/queries/options.ts'
import {supplementPageQuery} from '../../schemas/queries/index.ts'
import {planImport} from '../../scripts/import/index.ts'
import {checkMedicalWebPage, renderSupplementPage} from '../../scripts/render/index.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'

const SEED = 'content/articles/vitamin-d3-k2.txt'
const seed = readFileSync(SEED, 'utf8')

let t: TestLake
let slug: string
let supplementId: string
let html: string

beforeAll(async () => {
  t = await startTestLake()
  const plan = planImport(seed, {sourceFile: SEED})
  slug = plan.slug
  supplementId = plan.supplementId
  const transaction = t.client.transaction()
  for (const doc of plan.documents) transaction.createOrReplace(doc)
  await transaction.commit()
})

afterAll(() => t?.close())

const fetchPage = (preview: boolean) => {
  const {params, options} = siteFetch({preview})
  return t.client.fetch(supplementPageQuery, {...params, slug}, options)
}

/** The seed's narrative lines (no works-cited entries, no "-" separators), split into sentences. */
function seedSentences(): string[] {
  const lines = seed.split(/\r?\n/).map((line) => line.trim())
  const citedFrom = lines.indexOf('Works Cited')
  const citedTo = lines.indexOf('Content Disclaimer')
  return lines
    .filter((line, index) => !(index > citedFrom && index < citedTo))
    .filter((line) => line !== '' && line !== '-')
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z“"‘(])/))
}

function seedUrls(): string[] {
  return [...seed.matchAll(/https?:\/\/\S+/g)].map((match) => match[0])
}

/** Visible text of the page: no markup, no citation markers, no JSON-LD, entities decoded. */
function pageText(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<sup class="citation-ref">[\s\S]*?<\/sup>/g, '')
    .replace(/<\/?(strong|em|a|span|time|sup)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

const hrefs = (page: string) =>
  new Set([...page.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&')))

describe('seed article round trip', () => {
  it('keeps the imported page off the public site until it is medically reviewed', async () => {
    expect(await fetchPage(false)).toBeNull()
    expect((await fetchPage(true))?.review.status).toBe('draft')
    await t.client
      .patch(supplementId)
      .set({
        'review.status': 'reviewed',
        'review.reviewer': 'Dr. Jane Doe, MD',
        'review.lastReviewed': '2025-07-01',
      })
      .commit()
    const page = await fetchPage(false)
    expect(page?.review.status).toBe('reviewed')
    html = renderSupplementPage(page!, {url: `https://example.com/supplements/${slug}`})
  })

  it('renders every sentence of the seed article', () => {
    const text = pageText(html)
    const sentences = seedSentences()
    expect(sentences.length).toBeGreaterThan(50)
    const missing = sentences.filter((sentence) => !text.includes(sentence))
    expect(missing).toEqual([])
  })

  it('links every citation URL of the works cited, each work listed once', async () => {
    const linked = hrefs(html)
    const urls = seedUrls()
    expect(urls.length).toBeGreaterThan(50)
    // A text-fragment link (#:~:text=...) only highlights a passage of a page that is linked
    // anyway; the importer files it under that page's citation.
    const withoutTextFragment = (url: string) => url.replace(/#:~:text=.*$/, '')
    expect(urls.filter((url) => !linked.has(url) && !linked.has(withoutTextFragment(url)))).toEqual(
      [],
    )
    const page = (await fetchPage(false))!
    const ids = page.citations.map((citation) => citation._id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(html.match(/<li id="citation-\d+">/g)).toHaveLength(ids.length)
  })

  it('renders the benefit, audience and safety sections and the disclaimer once', () => {
    expect(html).toContain('<section id="benefits">')
    expect(html).toContain('<section id="audiences">')
    expect(html).toContain('<section id="safety">')
    expect(html).toContain('Interacts with: blood-thinning medications, warfarin')
    expect(html).toContain('Upper limit: 4,000 IU per day')
    expect(html.match(/This information was generated and formatted using AI/g)).toHaveLength(1)
  })

  it('embeds valid JSON-LD for a MedicalWebPage about a DietarySupplement', () => {
    const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)
    const jsonLd = JSON.parse(match![1])
    expect(checkMedicalWebPage(jsonLd)).toEqual([])
    expect(jsonLd).toMatchObject({
      '@type': 'MedicalWebPage',
      lastReviewed: '2025-07-01',
      reviewedBy: {'@type': 'Person', name: 'Dr. Jane Doe, MD'},
      about: {
        '@type': 'DietarySupplement',
        activeIngredient: expect.arrayContaining(['Vitamin D3', 'Vitamin K2']),
        maximumIntake: [
          expect.objectContaining({
            '@type': 'MaximumDoseSchedule',
            doseValue: 4000,
            doseUnit: 'IU',
          }),
        ],
      },
    })
    expect(jsonLd.about.targetPopulation.length).toBeGreaterThan(0)
    // Every sentence of the seed's safety section is a warning: the limit, two interactions and
    // two general notes.
    expect(jsonLd.about.safetyConsideration.length).toBe(5)
    expect(jsonLd.citation.length).toBeGreaterThan(40)
  })
})
