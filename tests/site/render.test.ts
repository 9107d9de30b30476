import {describe, expect, it} from 'vitest'

import {
  checkMedicalWebPage,
  renderSupplementPage,
  supplementJsonLd,
  type SupplementPage,
} from '../../scripts/render/index.ts'
import {portableTextToHtml} from '../../scripts/render/portable-text.ts'

const citation = (
  id: string,
  url: string,
  extra: Partial<SupplementPage['citations'][0]> = {},
) => ({
  _id: id,
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

function page(overrides: Partial<SupplementPage> = {}): SupplementPage {
  return {
    _id: 'supplement-x',
    _updatedAt: '2025-07-02T10:00:00Z',
    name: 'Vitamin D3 & K2',
    slug: 'vitamin-d3-k2',
    headline: 'The <Power> of Two',
    summary: 'Calcium, directed.',
    ingredients: [{_key: 'd3', name: 'Vitamin D3', form: 'cholecalciferol', role: null}],
    mechanism: [{_key: 'm', target: 'Osteocalcin', effect: 'Directs calcium into bones.'}],
    body: [
      {
        _type: 'block',
        _key: 'h',
        style: 'h2',
        children: [{_type: 'span', _key: 's', text: 'How they work'}],
        markDefs: [],
      },
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
      {
        _type: 'block',
        _key: 'l1',
        listItem: 'bullet',
        level: 1,
        children: [{_type: 'span', _key: 's', text: 'Bones'}],
      },
      {
        _type: 'block',
        _key: 'l2',
        listItem: 'bullet',
        level: 1,
        children: [{_type: 'span', _key: 's', text: 'Heart'}],
      },
    ],
    takeaway: 'Better together.',
    disclaimer: 'Not medical advice & not a diagnosis.',
    review: {status: 'reviewed', reviewer: 'Dr. Jane Doe, MD', lastReviewed: '2025-07-01'},
    benefits: [
      {
        _id: 'b',
        title: 'Stronger bones',
        slug: 'stronger-bones',
        summary: 'Supports bone density.',
        healthArea: 'bone',
        evidenceStrength: 'moderate',
        citationIds: ['cite-a', 'cite-b', 'cite-a'],
      },
    ],
    audiences: [
      {
        _id: 'a',
        name: 'Postmenopausal women',
        slug: 'postmenopausal-women',
        description: null,
        lifeStage: null,
        condition: null,
      },
    ],
    warnings: [
      {
        _id: 'w1',
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
        title: 'Warfarin',
        kind: 'drugInteraction',
        severity: 'serious',
        text: 'Vitamin K can interfere with warfarin.',
        doseLimit: null,
        interactingSubstances: ['warfarin'],
        population: null,
        effects: [],
        citationIds: [],
      },
      {
        _id: 'w3',
        title: 'Pregnancy',
        kind: 'contraindication',
        severity: 'serious',
        text: 'Avoid high doses during pregnancy.',
        doseLimit: null,
        interactingSubstances: [],
        population: 'pregnant women',
        effects: [],
        citationIds: [],
      },
      {
        _id: 'w4',
        title: 'Side effects',
        kind: 'sideEffect',
        severity: 'info',
        text: 'Some people notice nausea or constipation.',
        doseLimit: null,
        interactingSubstances: [],
        population: null,
        effects: ['nausea', 'constipation'],
        citationIds: [],
      },
    ],
    citations: [
      citation('cite-a', 'https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/'),
      citation('cite-b', 'https://pmc.ncbi.nlm.nih.gov/articles/PMC4566462/', {
        sourceType: 'peerReviewedJournal',
        alternateUrls: ['https://pubmed.ncbi.nlm.nih.gov/26770129/'],
        pmcid: 'PMC4566462',
        doi: '10.1155/2015/782519',
      }),
    ],
    ...overrides,
  }
}

function jsonLdOf(html: string): unknown {
  const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)
  expect(match).not.toBeNull()
  return JSON.parse(match![1])
}

describe('renderSupplementPage', () => {
  const html = renderSupplementPage(page(), {url: 'https://example.com/vitamin-d3-k2'})

  it('renders the narrative with numbered citation links after the cited run', () => {
    expect(html).toContain('<h2>How they work</h2>')
    expect(html).toContain(
      'K2 is a <strong>traffic cop</strong> &lt;for&gt; calcium.<sup class="citation-ref"><a href="#citation-2">[2]</a></sup>',
    )
    expect(html).toContain('<ul><li>Bones\n</li><li>Heart\n</li></ul>')
    expect(html).toContain('<li id="citation-1"><a href="https://ods.od.nih.gov/')
    expect(html).toContain('<li id="citation-2"><a href="https://pmc.ncbi.nlm.nih.gov/')
    expect(html).toContain('href="https://pubmed.ncbi.nlm.nih.gov/26770129/"')
    expect(html).toContain('href="https://doi.org/10.1155/2015/782519"')
  })

  it('renders benefit, audience, safety sections and the disclaimer, escaped', () => {
    expect(html).toContain('<title>The &lt;Power&gt; of Two</title>')
    expect(html).toContain(
      'Supports bone density.<sup class="citation-ref"><a href="#citation-1">[1]</a></sup><sup class="citation-ref"><a href="#citation-2">[2]</a></sup>',
    )
    expect(html).toContain('<strong>Postmenopausal women</strong>')
    expect(html).toContain('Upper limit: 4,000 IU per day for adults')
    expect(html).toContain('Interacts with: warfarin')
    expect(html).toContain('<p>Not recommended for: pregnant women</p>')
    expect(html).toContain('<p>Possible effects: nausea, constipation</p>')
    expect(html).toContain('Not medical advice &amp; not a diagnosis.')
    expect(html).toContain('Medically reviewed by Dr. Jane Doe, MD on <time datetime="2025-07-01">')
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
    const jsonLd = jsonLdOf(draft) as Record<string, unknown>
    expect(jsonLd.lastReviewed).toBeUndefined()
    expect(jsonLd.reviewedBy).toBeUndefined()
    expect(checkMedicalWebPage(jsonLd)).toEqual([])
  })
})

describe('JSON-LD', () => {
  const jsonLd = jsonLdOf(renderSupplementPage(page(), {url: 'https://example.com/x'}))

  it('is a MedicalWebPage about a DietarySupplement with the required properties', () => {
    expect(checkMedicalWebPage(jsonLd)).toEqual([])
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'MedicalWebPage',
      url: 'https://example.com/x',
      lastReviewed: '2025-07-01',
      reviewedBy: {'@type': 'Person', name: 'Dr. Jane Doe, MD'},
      about: {
        '@type': 'DietarySupplement',
        name: 'Vitamin D3 & K2',
        activeIngredient: ['Vitamin D3 (cholecalciferol)'],
        targetPopulation: ['Postmenopausal women'],
        safetyConsideration: [
          'The tolerable upper limit for Vitamin D is 4,000 IU per day.',
          'Vitamin K can interfere with warfarin.',
          // The text does not name who, so the structured population is added to it.
          'Avoid high doses during pregnancy. Not recommended for: pregnant women.',
          // The text names every effect already: nothing to add.
          'Some people notice nausea or constipation.',
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
    const citations = (jsonLd as {citation: Array<Record<string, unknown>>}).citation
    expect(citations.map((c) => c['@type'])).toEqual(['CreativeWork', 'ScholarlyArticle'])
    expect(citations[1].sameAs).toEqual([
      'https://pubmed.ncbi.nlm.nih.gov/26770129/',
      'https://doi.org/10.1155/2015/782519',
    ])
  })

  it('carries who and which effects as safetyConsideration text, never as non-schema.org properties', () => {
    const [, , contraindication, sideEffect] = page().warnings
    const about = supplementJsonLd(
      page({
        warnings: [
          {...contraindication, text: 'Not recommended for pregnant women.'},
          {...sideEffect, text: 'Some people notice nausea.'},
        ],
      }),
    ).about as Record<string, unknown>
    expect(about.safetyConsideration).toEqual([
      'Not recommended for pregnant women.',
      'Some people notice nausea. Possible effects: nausea, constipation.',
    ])
    // DietarySupplement is a Substance and Product, not a MedicalTherapy.
    expect(about).not.toHaveProperty('contraindication')
    expect(about).not.toHaveProperty('adverseOutcome')
  })

  it('matches what supplementJsonLd returns', () => {
    expect(jsonLd).toEqual(supplementJsonLd(page(), {url: 'https://example.com/x'}))
  })

  it('the shape check catches broken documents', () => {
    expect(checkMedicalWebPage(null)).toEqual(['JSON-LD is not an object'])
    const broken = structuredClone(jsonLd) as Record<string, any>
    broken['@type'] = 'WebPage'
    broken.lastReviewed = 'July 1'
    broken.about.maximumIntake[0].doseValue = '4000'
    broken.about.targetPopulation = [{name: 'x'}]
    broken.citation[0].url = 'ftp://x'
    delete broken.reviewedBy.name
    expect(checkMedicalWebPage(broken)).toEqual([
      '@type must be MedicalWebPage',
      'lastReviewed must be an ISO date (YYYY-MM-DD)',
      'reviewedBy must be a Person or Organization with a name',
      'about.targetPopulation must be a list of non-empty text',
      'about.maximumIntake[0] must be a MaximumDoseSchedule with doseValue, doseUnit and frequency',
      'citation[0] must be a CreativeWork with a name and an http(s) url if any',
    ])
  })
})

describe('portableTextToHtml', () => {
  it('nests lists by level and switches list type', () => {
    const html = portableTextToHtml(
      [
        {_type: 'block', listItem: 'number', level: 1, children: [{_type: 'span', text: 'one'}]},
        {_type: 'block', listItem: 'bullet', level: 2, children: [{_type: 'span', text: 'a'}]},
        {_type: 'block', listItem: 'number', level: 1, children: [{_type: 'span', text: 'two'}]},
        {_type: 'block', style: 'blockquote', children: [{_type: 'span', text: 'q'}]},
        {_type: 'image'},
      ],
      {citationNumber: () => undefined},
    )
    expect(html.replace(/\n/g, '')).toBe(
      '<ol><li>one<ul><li>a</li></ul></li><li>two</li></ol><blockquote>q</blockquote>',
    )
  })
})
