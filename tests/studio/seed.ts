import {existsSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import type {IdentifiedSanityDocumentStub, SanityClient} from '@sanity/client'

const ROOT = resolve(import.meta.dirname, '../..')
export const SEED_ARTICLE = join(ROOT, 'content/articles/vitamin-d3-k2.txt')
const IMPORTER = join(ROOT, 'scripts/import/index.ts')

/** Ids of the documents the browser tests rely on, beyond whatever the importer created. */
export const FIXTURE = {
  duplicateKeep: 'benefit-fixture-calcium-use',
  duplicateMerge: 'benefit-fixture-calcium-use-copy',
  citedCitation: 'citation-fixture-cited',
}

interface ImporterModule {
  importArticleFile(path: string, options: {client: SanityClient}): Promise<unknown>
}

const ref = (id: string, key: string) => ({_type: 'reference', _ref: id, _key: key})

/** The seed's "Works Cited": `Title, accessed June 27, 2025, https://...` per line. */
function worksCited(text: string) {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.trim() === 'Works Cited')
  return lines
    .slice(start + 1)
    .map((line) => /^(.*), accessed ([A-Za-z]+ \d+, \d{4}), (https?:\/\/\S+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => Boolean(match))
    .map((match, index) => ({
      _id: `citation-seed-${String(index + 1).padStart(2, '0')}`,
      _type: 'supplementContent.citation',
      title: match[1],
      url: match[3],
      accessed: new Date(`${match[2]} UTC`).toISOString().slice(0, 10),
      publisher: new URL(match[3]).hostname.replace(/^www\./, ''),
      sourceType: match[3].includes('nih.gov') ? 'peerReviewedJournal' : 'consumerHealthMedia',
    }))
}

/** A stand-in for the importer while it is not there: the seed article's linked content. */
async function seedWithoutImporter(client: SanityClient) {
  const text = readFileSync(SEED_ARTICLE, 'utf8')
  const citations = worksCited(text)
  const benefits = [
    {
      _id: 'benefit-seed-bone',
      _type: 'supplementContent.benefit',
      title: 'Stronger bones',
      slug: {_type: 'slug', current: 'stronger-bones'},
      summary: 'Supplementing D3 with K2 improved bone mineral density.',
      healthArea: 'bone',
      evidenceStrength: 'moderate',
      citations: [ref(citations[0]._id, 'c0'), ref(citations[3]._id, 'c1')],
    },
    {
      _id: 'benefit-seed-heart',
      _type: 'supplementContent.benefit',
      title: 'Heart health',
      slug: {_type: 'slug', current: 'heart-health'},
      summary: 'K2 helps keep calcium out of the arteries.',
      healthArea: 'cardiovascular',
      evidenceStrength: 'limited',
      citations: [ref(citations[28]._id, 'c0')],
    },
  ]
  const audiences = [
    'Postmenopausal women',
    'Adults supporting bone density',
    'People with low sun exposure',
  ].map((name, index) => ({
    _id: `audience-seed-${index + 1}`,
    _type: 'supplementContent.audience',
    name,
    slug: {_type: 'slug', current: name.toLowerCase().replace(/\W+/g, '-')},
  }))
  const warnings = [
    {
      _id: 'warning-seed-upper-limit',
      _type: 'supplementContent.warning',
      title: 'Upper limit for vitamin D',
      kind: 'doseLimit',
      severity: 'caution',
      text: 'The tolerable upper limit for vitamin D is 4,000 IU per day.',
      doseLimit: {
        _type: 'supplementContent.doseLimit',
        amount: 4000,
        unit: 'IU',
        per: 'day',
        population: 'adults',
      },
      citations: [ref(citations[1]._id, 'c0')],
    },
    {
      _id: 'warning-seed-warfarin',
      _type: 'supplementContent.warning',
      title: 'Interaction with warfarin',
      kind: 'drugInteraction',
      severity: 'serious',
      text: 'Vitamin K can interfere with blood thinners such as warfarin.',
      interactingSubstances: ['warfarin'],
      citations: [ref(citations[46]._id, 'c0')],
    },
  ]
  const block = (key: string, text: string, citationId?: string) => ({
    _type: 'block',
    _key: key,
    style: 'normal',
    markDefs: citationId
      ? [
          {
            _type: 'supplementContent.citationReference',
            _key: `m${key}`,
            citation: {_type: 'reference', _ref: citationId},
          },
        ]
      : [],
    children: [{_type: 'span', _key: `s${key}`, text, marks: citationId ? [`m${key}`] : []}],
  })
  const supplement = {
    _id: 'supplement-vitamin-d3-k2',
    _type: 'supplementContent.supplement',
    name: 'Vitamin D3 and K2',
    slug: {_type: 'slug', current: 'vitamin-d3-k2'},
    headline: 'The Power of Two: Why Vitamin D3 and K2 Are Better Together',
    summary: 'Vitamin D3 and K2 work together to put calcium where it belongs.',
    body: [
      block(
        'b1',
        'Vitamin D3 helps you absorb calcium; K2 directs it to your bones.',
        citations[0]._id,
      ),
      block('b2', 'Supplementing both improved bone mineral density.', citations[3]._id),
    ],
    disclaimer: 'This information is not medical advice.',
    benefits: benefits.map((benefit, index) => ref(benefit._id, `b${index}`)),
    audiences: audiences.map((audience, index) => ref(audience._id, `a${index}`)),
    warnings: warnings.map((warning, index) => ref(warning._id, `w${index}`)),
    citations: citations.map((citation, index) => ref(citation._id, `c${index}`)),
    review: {_type: 'supplementContent.medicalReview', status: 'draft'},
  }
  const tx = client.transaction()
  for (const doc of [...citations, ...benefits, ...audiences, ...warnings, supplement]) {
    tx.createOrReplace(doc as IdentifiedSanityDocumentStub)
  }
  await tx.commit()
}

/**
 * Fills an empty lake with the seed article's content (through the importer once it exists: as
 * drafts, not yet reviewed) and adds the fixtures the editor-flow tests need: a pair of published
 * possible duplicates linked from the supplement's draft, and a citation a benefit relies on.
 */
export async function seedStudioContent(client: SanityClient): Promise<{importer: boolean}> {
  let importer = false
  if (existsSync(IMPORTER)) {
    const module = (await import(IMPORTER)) as Partial<ImporterModule>
    if (typeof module.importArticleFile === 'function') {
      await module.importArticleFile(SEED_ARTICLE, {client})
      importer = true
    }
  }
  if (!importer) await seedWithoutImporter(client)

  // The importer writes drafts: the supplement is `drafts.<id>` until a reviewer publishes it.
  const supplementId = await client.fetch<string>(
    '*[_type == "supplementContent.supplement"][0]._id',
    {},
    {perspective: 'raw'},
  )
  const tx = client.transaction()
  tx.createOrReplace({
    _id: FIXTURE.citedCitation,
    _type: 'supplementContent.citation',
    title: 'Fixture: a study a benefit relies on',
    url: 'https://example.org/fixture-study',
    publisher: 'Example Journal',
    sourceType: 'peerReviewedJournal',
    issued: 2021,
    accessed: '2025-06-27',
  })
  for (const [id, other, title] of [
    [FIXTURE.duplicateKeep, FIXTURE.duplicateMerge, 'Better calcium use'],
    [FIXTURE.duplicateMerge, FIXTURE.duplicateKeep, 'Better use of calcium'],
  ] as const) {
    tx.createOrReplace({
      _id: id,
      _type: 'supplementContent.benefit',
      title,
      slug: {_type: 'slug', current: id},
      summary: 'Calcium goes where it is needed most.',
      healthArea: 'nutrientAbsorption',
      evidenceStrength: 'limited',
      citations: id === FIXTURE.duplicateKeep ? [ref(FIXTURE.citedCitation, 'c0')] : [],
      possibleDuplicates: [{...ref(other, 'd0'), _weak: true}],
    })
  }
  tx.patch(supplementId, (patch) =>
    patch
      .setIfMissing({benefits: []})
      .append('benefits', [ref(FIXTURE.duplicateMerge, 'fixture-dup')]),
  )
  await tx.commit()
  return {importer}
}
