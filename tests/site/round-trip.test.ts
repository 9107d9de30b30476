/**
 * Round trip: import the seed article into a local content lake, let an editor confirm the
 * importer's suggested sources and link one sentence to its source, mark it reviewed, query it
 * through @sanity/client with the site's page query and render it. The page must read as one
 * article: every statement of the author once, every source linked, claims marked with theirs.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {checkMedicalWebPage, renderSupplementPage} from '../../scripts/render/index.ts'
import {defineSiteConfig, siteFetch, supplementPageQuery} from '../../site/index.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {
  confirmAndReview,
  type ImportedArticle,
  importArticle,
  SEED,
  SEED_ANNOTATION,
  seedText,
} from './seed-page.ts'

const seed = seedText()
const site = defineSiteConfig({baseUrl: 'https://supplements.example/', name: 'Supplement Guide'})

let t: TestLake
let article: ImportedArticle
let html: string

beforeAll(async () => {
  t = await startTestLake()
  article = await importArticle(t.client, SEED)
})

afterAll(() => t?.close())

const fetchPage = (preview: boolean) => {
  const {params, options} = siteFetch({preview})
  return t.client.fetch(supplementPageQuery, {...params, slug: article.slug}, options)
}

const lines = seed.split(/\r?\n/).map((line) => line.trim())
const worksCitedAt = lines.indexOf('Works Cited')
const firstSeparator = lines.indexOf('-')

/** The narrative a reader reads: title to the first recap separator, split into sentences. */
function narrativeSentences(): string[] {
  return lines
    .slice(1, firstSeparator)
    .filter((line) => line !== '')
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z“"‘(])/))
}

/** Lines of the dash-separated recap blocks after the takeaway. */
const recapLines = () =>
  lines.slice(firstSeparator, worksCitedAt).filter((line) => line !== '' && line !== '-')

const seedUrls = () => [...seed.matchAll(/https?:\/\/\S+/g)].map((match) => match[0])

/** Visible text of the page: no markup, no citation markers, no JSON-LD, entities decoded. */
function pageText(page: string): string {
  return page
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

const hrefs = (page: string) =>
  new Set([...page.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&')))

describe('seed article round trip', () => {
  it('keeps the imported page off the public site until it is medically reviewed', async () => {
    expect(await fetchPage(false)).toBeNull()
    expect((await fetchPage(true))?.review.status).toBe('draft')
    article = await confirmAndReview(t.client, article, SEED_ANNOTATION)
    const page = await fetchPage(false)
    expect(page?.review.status).toBe('reviewed')
    html = renderSupplementPage(page!, {site})
  })

  it('prints every sentence of the narrative exactly once', () => {
    const text = pageText(html)
    const sentences = narrativeSentences()
    expect(sentences.length).toBeGreaterThan(30)
    expect(sentences.filter((sentence) => count(text, sentence) !== 1)).toEqual([])
  })

  it('prints what the recap blocks add once, and leaves out what they only restate', () => {
    const text = pageText(html)
    expect(recapLines().filter((line) => count(text, line) > 1)).toEqual([])
    // What the recap adds reaches the page through the structured documents, once each.
    for (const added of [
      'Calcium efficiency: Ensures calcium goes where it’s needed most',
      'People with low sun exposure who may have suboptimal Vitamin D levels',
      'Vitamin D3: Increases calcium absorption from the gut into the bloodstream',
      'Vitamin K2: Activates proteins like osteocalcin and matrix Gla-protein',
    ]) {
      expect(count(text, added), added).toBe(1)
    }
    // The rest restates the narrative above it, as a reader of the seed can check line by line.
    expect(recapLines().filter((line) => !text.includes(line))).toEqual([
      'Vitamin D3 helps your body absorb calcium from food into your bloodstream. Vitamin K2 then directs that calcium to the right places—your bones and teeth—while keeping it out of soft tissues and arteries.',
      'Taking them together ensures that the calcium you absorb supports bone strength without contributing to arterial calcification.',
      'Research shows that this nutrient pair works synergistically to support:',
      'Bone health – Improves bone mineral density and reduces bone loss risk',
      'Heart health – Helps prevent calcium buildup in arteries and supports vascular flexibility',
      'Calcium efficiency – Ensures calcium goes where it’s needed most',
      'Clinical studies, particularly in postmenopausal women and individuals with heart health concerns, confirm these benefits.',
      'Vitamin D3 – Increases calcium absorption from the gut into the bloodstream',
      'Vitamin K2 – Activates proteins like osteocalcin and matrix Gla-protein to direct calcium to bones and prevent harmful deposits in arteries',
      'Together, they provide comprehensive skeletal and cardiovascular support.',
      'This supplement combination is particularly beneficial for:',
      'Postmenopausal women concerned about bone loss or osteoporosis',
      'Adults supporting long-term bone density and strength',
      'Individuals prioritizing heart and arterial health',
    ])
  })

  it('has one works-cited list linking every URL of the article, each work once', async () => {
    expect(html.match(/<h2[^>]*>Works cited<\/h2>/gi)).toHaveLength(1)
    const text = pageText(html)
    // No raw works-cited line ("Title, accessed June 27, 2025, https://...") is printed.
    expect(text).not.toMatch(/accessed June 27, 2025, https?:/)
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

  it('prints each benefit, audience and warning once, and the disclaimer once', async () => {
    const page = (await fetchPage(false))!
    const text = pageText(html)
    for (const benefit of page.benefits) expect(count(text, benefit.summary), benefit.title).toBe(1)
    for (const audience of page.audiences) expect(count(text, audience.name), audience.name).toBe(1)
    for (const warning of page.warnings) {
      expect(count(text, warning.text.replace(/\.$/, '')), warning.title).toBe(1)
    }
    expect(html.match(/class="callout severity-serious"/g)).toHaveLength(1)
    expect(count(text, 'This information was generated and formatted using AI')).toBe(1)
    expect(count(text, 'You’ve likely heard about Vitamin D for bone health')).toBe(1)
  })

  it('marks the claims with numbered links to the sources an editor confirmed', async () => {
    const page = (await fetchPage(false))!
    const numberOf = (id: string) => page.citations.findIndex((c) => c._id === id) + 1
    const marker = (n: number) =>
      `<sup class="citation-ref"><a href="#citation-${n}">[${n}]</a></sup>`
    const confirmed = [...page.benefits, ...page.warnings].filter((d) => d.citationIds.length > 0)
    expect(confirmed.length).toBeGreaterThanOrEqual(3)
    for (const doc of confirmed) {
      const numbers = [...new Set(doc.citationIds.map(numberOf))].sort((a, b) => a - b)
      expect(numbers.every((n) => n > 0)).toBe(true)
      expect(html).toContain(numbers.map(marker).join(''))
    }
    // The sentence the editor linked carries the number of the JACC trial's entry.
    const n = numberOf(article.annotated!.citationId)
    expect(html).toContain(`${article.annotated!.text}${marker(n)}`)
    const entry = html.match(new RegExp(`<li id="citation-${n}">(.*?)</li>`))![1]
    expect(entry).toContain('href="https://www.jacc.org/doi/10.1016/j.jacadv.2023.100643"')
    // Every marker points at an entry of the works cited.
    const targets = [...html.matchAll(/<a href="#citation-(\d+)">/g)].map((m) => Number(m[1]))
    expect(targets.length).toBeGreaterThan(10)
    expect(targets.every((target) => target >= 1 && target <= page.citations.length)).toBe(true)
  })

  it('embeds JSON-LD with the page address, dates, publisher and real citation publishers', async () => {
    const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)
    const jsonLd = JSON.parse(match![1])
    const url = `https://supplements.example/supplements/${article.slug}/`
    expect(checkMedicalWebPage(jsonLd)).toEqual([])
    expect(jsonLd).toMatchObject({
      '@type': 'MedicalWebPage',
      '@id': `${url}#webpage`,
      url,
      datePublished: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      dateModified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      publisher: {'@type': 'Organization', name: 'Supplement Guide'},
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
    expect(Date.parse(jsonLd.dateModified)).toBeGreaterThanOrEqual(Date.parse(jsonLd.datePublished))
    const page = (await fetchPage(false))!
    expect(page.warnings.length).toBeGreaterThanOrEqual(2)
    expect(jsonLd.about.safetyConsideration).toHaveLength(page.warnings.length)
    expect(jsonLd.citation.length).toBeGreaterThan(40)
    const publishers = new Set(jsonLd.citation.map((c: any) => c.publisher?.name))
    expect(publishers.has('PMC')).toBe(false)
    expect(publishers.has('PubMed')).toBe(false)
    expect(publishers.has('National Library of Medicine')).toBe(true)
  })
})
