import {createElement} from 'react'
import {renderToStaticMarkup} from 'react-dom/server'
import {PortableText} from '@portabletext/react'
import {toHTML} from '@portabletext/to-html'
import type {DietarySupplement, MedicalWebPage, WithContext} from 'schema-dts'
import {describe, expect, expectTypeOf, it} from 'vitest'

import {
  checkMedicalWebPage,
  renderSupplementPage,
  supplementJsonLd,
  type SupplementPage,
} from '../../scripts/render/index.ts'
import {
  citationHtmlComponents,
  citationNumbering,
  citationPublisher,
  citationReactComponents,
  defineSiteConfig,
  pageDateModified,
} from '../../site/index.ts'

type Block = SupplementPage['body'][number]

const citation = (
  id: string,
  url: string,
  extra: Partial<SupplementPage['citations'][0]> = {},
) => ({
  _id: id,
  _updatedAt: '2025-06-27T08:00:00Z',
  title: `Title of ${id}`,
  url,
  alternateUrls: [] as string[],
  accessed: '2025-06-27',
  publisher: null,
  sourceType: 'government' as const,
  issued: null,
  doi: null,
  pmid: null,
  pmcid: null,
  ...extra,
})

let keys = 0
const block = (text: string, extra: Partial<Block> = {}): Block => ({
  _type: 'block',
  _key: `k${keys++}`,
  style: 'normal',
  markDefs: [],
  children: [{_type: 'span', _key: `s${keys++}`, text, marks: []}],
  ...extra,
})
const heading = (text: string) => block(text, {style: 'h2'})
const item = (text: string) => block(text, {listItem: 'bullet', level: 1})
/** A works-cited line as the importer writes it: the whole entry linked to its citation. */
const citedEntry = (text: string, ref: string): Block => ({
  _type: 'block',
  _key: `k${keys++}`,
  style: 'normal',
  listItem: 'number',
  level: 1,
  markDefs: [
    {
      _type: 'supplementContent.citationReference',
      _key: 'c',
      citation: {_type: 'reference', _ref: ref},
    },
  ],
  children: [{_type: 'span', _key: 's', text, marks: ['c']}],
})

const DISCLAIMER = 'Not medical advice & not a diagnosis.'

function page(overrides: Partial<SupplementPage> = {}): SupplementPage {
  return {
    _id: 'supplement-x',
    _createdAt: '2025-06-01T09:00:00Z',
    _updatedAt: '2025-07-02T10:00:00Z',
    name: 'Vitamin D3 & K2',
    slug: 'vitamin-d3-k2',
    headline: 'The <Power> of Two',
    summary: 'Calcium, directed.',
    ingredients: [{_key: 'd3', name: 'Vitamin D3', form: 'cholecalciferol', role: null}],
    mechanism: [{_key: 'm', target: 'Osteocalcin', effect: 'Directs calcium into bones.'}],
    body: [
      block('Calcium, directed.'),
      heading('How they work'),
      {
        _type: 'block',
        _key: 'p',
        style: 'normal',
        markDefs: [
          {
            _type: 'supplementContent.citationReference',
            _key: 'c',
            citation: {_type: 'reference', _ref: 'cite-b'},
          },
        ],
        children: [
          {_type: 'span', _key: 'a', text: 'K2 is a ', marks: []},
          {_type: 'span', _key: 'b', text: 'traffic cop', marks: ['strong', 'c']},
          {_type: 'span', _key: 'd', text: ' <for> calcium.', marks: ['c']},
        ],
      },
      item('Osteocalcin: Directs calcium into bones.'),
      heading('Benefits'),
      item('Stronger bones: Supports bone density.'),
      heading('Who might benefit'),
      item('Postmenopausal women concerned about osteoporosis.'),
      heading('Safety'),
      block(
        'It is safe at usual doses. The tolerable upper limit for Vitamin D is 4,000 IU per day, for adults.',
      ),
      heading('The takeaway'),
      block('Better together.'),
      block('-'),
      block('Research shows that this pair supports:'),
      item('Bone health – Improves bone density'),
      block('-'),
      item('Adults supporting long-term bone density'),
      item('Not for people taking blood thinners without their doctor'),
      heading('Works Cited'),
      citedEntry('Title of cite-a, accessed June 27, 2025, https://ods.od.nih.gov/x', 'cite-a'),
      citedEntry(
        'Title of cite-b, accessed June 27, 2025, https://pmc.ncbi.nlm.nih.gov/y',
        'cite-b',
      ),
      heading('Content Disclaimer'),
      block(DISCLAIMER),
    ],
    takeaway: 'Better together.',
    disclaimer: DISCLAIMER,
    review: {status: 'reviewed', reviewer: 'Dr. Jane Doe, MD', lastReviewed: '2025-07-01'},
    benefits: [
      {
        _id: 'b',
        _updatedAt: '2025-07-01T00:00:00Z',
        title: 'Stronger bones',
        slug: 'stronger-bones',
        summary: 'Supports bone density.',
        healthArea: 'bone',
        evidenceStrength: 'moderate',
        citationIds: ['cite-a', 'cite-b', 'cite-a'],
      },
      {
        _id: 'b2',
        _updatedAt: '2025-07-01T00:00:00Z',
        title: 'Calcium efficiency',
        slug: 'calcium-efficiency',
        summary: 'Ensures calcium goes where it is needed.',
        healthArea: 'nutrientAbsorption',
        evidenceStrength: 'unrated',
        citationIds: [],
      },
    ],
    audiences: [
      {
        _id: 'a',
        _updatedAt: '2025-07-01T00:00:00Z',
        name: 'Postmenopausal women concerned about osteoporosis',
        slug: 'postmenopausal-women',
        // The recap's paraphrase, as the importer files it.
        description: 'Postmenopausal women concerned about bone loss or osteoporosis',
        lifeStage: null,
        condition: null,
      },
      {
        _id: 'a2',
        _updatedAt: '2025-07-01T00:00:00Z',
        name: 'People with low sun exposure',
        slug: 'low-sun',
        description: null,
        lifeStage: null,
        condition: null,
      },
    ],
    warnings: [
      {
        _id: 'w1',
        // The newest document of the page.
        _updatedAt: '2025-08-15T12:30:00Z',
        title: 'Upper limit',
        kind: 'doseLimit',
        severity: 'caution',
        text: 'The tolerable upper limit for Vitamin D is 4,000 IU per day.',
        doseLimit: {
          amount: 4000,
          unit: 'IU',
          per: 'day',
          perKg: null,
          nutrient: null,
          population: 'adults',
          authority: null,
        },
        interactingSubstances: [],
        population: null,
        effects: [],
        citationIds: ['cite-a'],
      },
      {
        _id: 'w2',
        _updatedAt: '2025-07-01T00:00:00Z',
        title: 'Interaction with warfarin',
        kind: 'drugInteraction',
        severity: 'serious',
        text: 'Vitamin K can interfere with blood thinners.',
        doseLimit: null,
        interactingSubstances: ['warfarin'],
        population: null,
        effects: [],
        citationIds: ['cite-b'],
      },
    ],
    citations: [
      citation('cite-a', 'https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/', {
        publisher: 'NIH Office of Dietary Supplements',
      }),
      citation('cite-b', 'https://pmc.ncbi.nlm.nih.gov/articles/PMC4566462/', {
        sourceType: 'peerReviewedJournal',
        publisher: 'PMC',
        alternateUrls: ['https://pubmed.ncbi.nlm.nih.gov/26770129/'],
        pmcid: 'PMC4566462',
        doi: '10.1155/2015/782519',
      }),
    ],
    ...overrides,
  }
}

const site = defineSiteConfig({
  baseUrl: 'https://supplements.example',
  name: 'Supplement Guide',
  publisher: {name: 'Example Health Media', url: 'https://supplements.example/about'},
  author: {name: 'The Example editorial team'},
})

function jsonLdOf(html: string): any {
  const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)
  expect(match).not.toBeNull()
  return JSON.parse(match![1])
}

/** Visible text: no markup, no markers, no JSON-LD or styles, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<sup class="citation-ref">[\s\S]*?<\/sup>/g, '')
    .replace(/<\/?(strong|em|a|span|time)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1

describe('renderSupplementPage: each fact once', () => {
  const html = renderSupplementPage(page(), {site})
  const text = visibleText(html)

  it('prints the narrative once, the summary not again as a lead', () => {
    expect(count(text, 'Calcium, directed.')).toBe(1)
    expect(html).not.toContain('class="lead"')
    expect(count(text, 'Better together.')).toBe(1)
    expect(html).not.toContain('id="takeaway"')
    expect(html).toContain('<h2>How they work</h2>')
  })

  it('has one works-cited list, from the citation documents, and the disclaimer from its field', () => {
    expect(html.match(/<h2[^>]*>Works cited<\/h2>/gi)).toHaveLength(1)
    expect(html).not.toContain('accessed June 27, 2025, https://')
    expect(html.match(/<li id="citation-\d+">/g)).toHaveLength(2)
    expect(count(text, DISCLAIMER)).toBe(1)
    expect(html.match(/Content disclaimer/gi)).toHaveLength(1)
  })

  it('leaves recap blocks out and adds what they carry through the structured documents', () => {
    expect(text).not.toContain('Research shows that this pair supports')
    expect(text).not.toContain('Improves bone density')
    expect(text).not.toContain('Adults supporting long-term bone density')
    expect(html).not.toContain('<hr>')
    // A safety statement only the recap makes is never left out.
    expect(count(text, 'Not for people taking blood thinners without their doctor')).toBe(1)
    // Benefits and audiences no body line states are added after the last one that is.
    expect(count(text, 'Calcium efficiency: Ensures calcium goes where it is needed.')).toBe(1)
    expect(text.indexOf('Calcium efficiency')).toBeGreaterThan(text.indexOf('Stronger bones'))
    expect(text.indexOf('Calcium efficiency')).toBeLessThan(text.indexOf('Who might benefit'))
    expect(count(text, 'People with low sun exposure')).toBe(1)
  })

  it('prints each benefit and audience once, in place, without a paraphrase of its name', () => {
    expect(count(text, 'Supports bone density.')).toBe(1)
    expect(count(text, 'Stronger bones')).toBe(1)
    expect(html).toContain('<li id="benefit-stronger-bones">')
    expect(count(text, 'Postmenopausal women')).toBe(1)
    expect(text).not.toContain('bone loss or osteoporosis')
    expect(html).toContain('Evidence: Moderate')
  })

  it('sets a narrative safety statement apart with its kind, and adds the warnings it does not state', () => {
    expect(count(text, 'The tolerable upper limit for Vitamin D is 4,000 IU per day')).toBe(1)
    expect(html).toMatch(
      /<div class="callout severity-caution">\n<p class="callout-label"><strong>Dose limit<\/strong> · Caution<\/p>\n<p>It is safe at usual doses\./,
    )
    // The text already says the dose and who: no "Upper limit" line repeats it.
    expect(text).not.toContain('Upper limit: 4,000 IU')
    // The interaction is in no body line: it is shown whole, with its substance and its source.
    expect(html).toContain('<div class="callout severity-serious">')
    expect(count(text, 'Vitamin K can interfere with blood thinners.')).toBe(1)
    expect(text).toContain('Interacts with: warfarin')
  })

  it('puts numbered markers linked to the works cited on annotated text, benefits and warnings', () => {
    const marker = (n: number) =>
      `<sup class="citation-ref"><a href="#citation-${n}">[${n}]</a></sup>`
    expect(html).toContain(
      `K2 is a <strong>traffic cop</strong> &lt;for&gt; calcium.${marker(2)}</p>`,
    )
    expect(html).toContain(`Supports bone density.${marker(1)}${marker(2)}`)
    expect(html).toContain(`blood thinners.${marker(2)}</p>`)
    expect(html).toMatch(
      new RegExp(`4,000 IU per day, for adults\\.${marker(1).replace(/[[\]]/g, '\\$&')}</p>`),
    )
    expect(html).toContain('<li id="citation-1"><a href="https://ods.od.nih.gov/')
    expect(html).toContain('<li id="citation-2"><a href="https://pmc.ncbi.nlm.nih.gov/')
  })

  it('names the NLM, not "PMC", as the publisher of an archived copy', () => {
    expect(html).toContain('PubMed Central, National Library of Medicine, Peer-reviewed journal')
    expect(html).toContain('href="https://pubmed.ncbi.nlm.nih.gov/26770129/"')
    expect(html).toContain('href="https://doi.org/10.1155/2015/782519"')
  })

  it('is a page with a main landmark, a stylesheet, a byline and the reviewer', () => {
    expect(html.match(/<main id="main">/g)).toHaveLength(1)
    expect(html).toMatch(/<style>[\s\S]*max-width:44rem[\s\S]*overflow-wrap:anywhere/)
    expect(html).toContain('<title>The &lt;Power&gt; of Two | Supplement Guide</title>')
    expect(html).toContain('Medically reviewed by Dr. Jane Doe, MD on <time datetime="2025-07-01">')
    expect(html).toContain('By The Example editorial team')
    expect(html).toContain('Updated <time datetime="2025-08-15T12:30:00Z">August 15, 2025</time>')
    expect(html).toContain(
      '<link rel="canonical" href="https://supplements.example/supplements/vitamin-d3-k2/">',
    )
    expect(html).not.toContain('noindex')
  })

  it('never emits unsafe links or a script-closing JSON-LD', () => {
    const hostile = renderSupplementPage(
      page({
        name: '</script><script>alert(1)</script>',
        citations: [citation('cite-a', 'javascript:alert(1)')],
      }),
    )
    expect(hostile).not.toContain('javascript:')
    expect(hostile).not.toContain('<script>alert')
    expect(hostile.match(/<\/script>/g)).toHaveLength(1)
    expect(checkMedicalWebPage(jsonLdOf(hostile))).toEqual([])
  })

  it('marks unreviewed previews and leaves review claims out of their JSON-LD', () => {
    const draft = renderSupplementPage(
      page({review: {status: 'draft', reviewer: null, lastReviewed: null}}),
    )
    expect(draft).toContain('has not been medically reviewed')
    expect(draft).toContain('<meta name="robots" content="noindex">')
    const jsonLd = jsonLdOf(draft)
    expect(jsonLd.lastReviewed).toBeUndefined()
    expect(jsonLd.reviewedBy).toBeUndefined()
    expect(checkMedicalWebPage(jsonLd)).toEqual([])
  })

  it('labels a list line that states a warning with its kind and severity', () => {
    const listed = renderSupplementPage(
      page({
        body: [
          heading('Safety'),
          item('Blood thinners: Vitamin K can interfere with blood thinners such as warfarin.'),
        ],
      }),
    )
    expect(listed).toContain(
      'such as warfarin.<sup class="citation-ref"><a href="#citation-2">[2]</a></sup> <span class="facts">Drug interaction (Serious)</span></li>',
    )
    expect(count(visibleText(listed), 'Vitamin K can interfere with blood thinners')).toBe(1)
  })

  it('calls a general warning a safety note', () => {
    const general = renderSupplementPage(
      page({
        warnings: [
          {...page().warnings[1], kind: 'general', severity: 'caution', text: 'Ask your doctor.'},
        ],
      }),
    )
    expect(general).toContain('<p class="callout-label"><strong>Safety note</strong> · Caution</p>')
  })

  it('shows structured sections for a supplement whose body states none of them', () => {
    const bare = renderSupplementPage(page({body: [], takeaway: 'Better together.'}), {site})
    const bareText = visibleText(bare)
    expect(bare).toMatch(
      /<h2>Benefits<\/h2>[\s\S]*<h2>Who may benefit<\/h2>[\s\S]*<h2>Safety considerations<\/h2>/,
    )
    expect(count(bareText, 'Supports bone density.')).toBe(1)
    expect(bareText).toContain('Upper limit: 4,000 IU per day for adults')
    expect(bareText).toContain('Osteocalcin: Directs calcium into bones.')
    expect(bare).toContain('<h2 id="takeaway-title">The takeaway</h2>')
  })
})

describe('JSON-LD', () => {
  const jsonLd = jsonLdOf(renderSupplementPage(page(), {site}))
  const url = 'https://supplements.example/supplements/vitamin-d3-k2/'

  it('is typed by schema-dts as a MedicalWebPage', () => {
    expectTypeOf(supplementJsonLd).returns.toEqualTypeOf<WithContext<MedicalWebPage>>()
    expect(jsonLd).toEqual(supplementJsonLd(page(), {site}))
    expect(checkMedicalWebPage(jsonLd)).toEqual([])
  })

  it('cannot carry what schema.org does not define (checked by tsc in npm test)', () => {
    const supplement: DietarySupplement = {
      '@type': 'DietarySupplement',
      name: 'Vitamin D3',
      // @ts-expect-error DietarySupplement is a Substance and Product: no contraindication.
      contraindication: 'pregnancy',
    }
    const ld = supplementJsonLd(page(), {site})
    // @ts-expect-error MedicalWebPage has no `supplement` property.
    expect(ld.supplement).toBeUndefined()
    expect(supplement.name).toBe('Vitamin D3')
  })

  it('has url, @id, dates, publisher, author and reviewer', () => {
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'MedicalWebPage',
      '@id': `${url}#webpage`,
      url,
      datePublished: '2025-06-01T09:00:00Z',
      // The newest of the supplement, its benefits, audiences, warnings and citations.
      dateModified: '2025-08-15T12:30:00Z',
      inLanguage: 'en',
      publisher: {
        '@type': 'Organization',
        '@id': 'https://supplements.example/#publisher',
        name: 'Example Health Media',
        url: 'https://supplements.example/about',
      },
      author: {'@type': 'Person', name: 'The Example editorial team'},
      lastReviewed: '2025-07-01',
      reviewedBy: {'@type': 'Person', name: 'Dr. Jane Doe, MD'},
      mainEntity: {'@id': `${url}#supplement`},
      about: {
        '@type': 'DietarySupplement',
        '@id': `${url}#supplement`,
        name: 'Vitamin D3 & K2',
        activeIngredient: ['Vitamin D3 (cholecalciferol)'],
        targetPopulation: [
          'Postmenopausal women concerned about osteoporosis',
          'People with low sun exposure',
        ],
        maximumIntake: [
          {
            '@type': 'MaximumDoseSchedule',
            doseValue: 4000,
            doseUnit: 'IU',
            frequency: 'Daily',
            targetPopulation: 'adults',
          },
        ],
      },
    })
    expect(pageDateModified(page())).toBe('2025-08-15T12:30:00Z')
  })

  it('names the publisher as author when the site names no author, and refuses a bad base URL', () => {
    const bare = defineSiteConfig({baseUrl: 'https://a.example/guide', name: 'Guide'})
    expect(supplementJsonLd(page(), {site: bare})).toMatchObject({
      url: 'https://a.example/guide/supplements/vitamin-d3-k2/',
      author: {'@id': 'https://a.example/guide/#publisher'},
      publisher: {'@id': 'https://a.example/guide/#publisher', name: 'Guide'},
    })
    expect(() => defineSiteConfig({baseUrl: '/relative', name: 'Guide'})).toThrow(
      'Site config: baseUrl must be an absolute http(s) URL, got "/relative".',
    )
  })

  it('names real publishers for citations: the NLM for PubMed and PMC records', () => {
    expect(jsonLd.citation.map((c: any) => [c['@type'], c.publisher?.name])).toEqual([
      ['CreativeWork', 'NIH Office of Dietary Supplements'],
      ['ScholarlyArticle', 'National Library of Medicine'],
    ])
    expect(JSON.stringify(jsonLd)).not.toMatch(/"name": ?"(PMC|PubMed)"/)
    expect(jsonLd.citation[1].sameAs).toEqual([
      'https://pubmed.ncbi.nlm.nih.gov/26770129/',
      'https://doi.org/10.1155/2015/782519',
    ])
    expect(citationPublisher({_id: 'x', publisher: 'PubMed', url: null})).toMatchObject({
      name: 'National Library of Medicine',
      archive: 'PubMed',
    })
    expect(
      citationPublisher({
        _id: 'x',
        publisher: null,
        url: 'https://www.ncbi.nlm.nih.gov/books/NBK1/',
      }),
    ).toMatchObject({name: 'National Library of Medicine'})
    expect(citationPublisher({_id: 'x', publisher: 'Mayo Clinic', url: null})).toEqual({
      name: 'Mayo Clinic',
    })
  })

  it('carries who and which effects as safetyConsideration text, never as non-schema.org properties', () => {
    const about = supplementJsonLd(
      page({
        warnings: [
          {
            ...page().warnings[1],
            kind: 'contraindication',
            text: 'Avoid high doses.',
            interactingSubstances: [],
            population: 'pregnant women',
          },
          {
            ...page().warnings[1],
            kind: 'sideEffect',
            text: 'Some people notice nausea.',
            interactingSubstances: [],
            effects: ['nausea', 'constipation'],
          },
        ],
      }),
    ).about as Record<string, unknown>
    expect(about.safetyConsideration).toEqual([
      'Avoid high doses. Not recommended for: pregnant women.',
      'Some people notice nausea. Possible effects: nausea, constipation.',
    ])
    expect(about).not.toHaveProperty('contraindication')
  })

  it('the runtime shape check catches broken documents', () => {
    const broken = structuredClone(jsonLd)
    broken['@type'] = 'WebPage'
    broken.lastReviewed = 'July 1'
    broken.citation[0].url = 'ftp://x'
    expect(checkMedicalWebPage(broken)).toEqual([
      '@type must be MedicalWebPage',
      'lastReviewed must be an ISO date (YYYY-MM-DD)',
      'citation[0] must be a CreativeWork with a name and an http(s) url if any',
    ])
  })
})

describe('Portable Text components for site builders', () => {
  const body = page().body.slice(1, 4) as any[]
  const citationNumber = citationNumbering(page().citations)

  it('render the same citation markers with @portabletext/to-html and @portabletext/react', () => {
    const html = toHTML(body, {components: citationHtmlComponents({citationNumber})})
    const react = renderToStaticMarkup(
      createElement(PortableText, {
        value: body,
        components: citationReactComponents({citationNumber}),
      }),
    )
    const marker = '<sup class="citation-ref"><a href="#citation-2">[2]</a></sup>'
    expect(html).toContain(`calcium.${marker}</p>`)
    expect(react).toContain(`calcium.${marker}</p>`)
    expect(react.replace(/&#x27;/g, "'")).toBe(html.replace(/&#x27;|&#39;/g, "'"))
  })

  it('leave a citation that is not on the page unnumbered, and draw separators as rules', () => {
    const html = toHTML([body[1], block('-')], {
      components: citationHtmlComponents({citationNumber: () => undefined}),
    })
    expect(html).not.toContain('citation-ref')
    expect(html).toContain('<hr>')
  })
})
