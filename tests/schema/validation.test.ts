import type {SanityDocument} from 'sanity'
import {describe, expect, it} from 'vitest'

import {validateContent} from '../../schemas/validate.ts'

const base = {_createdAt: '2025-06-27T00:00:00Z', _updatedAt: '2025-06-27T00:00:00Z', _rev: 'r1'}
const ref = (id: string, key: string) => ({_type: 'reference', _ref: id, _key: key})

function doc(fields: Record<string, unknown>): SanityDocument {
  return {...base, _id: `test-${String(fields._type)}`, ...fields} as SanityDocument
}

const citationOne = doc({_id: 'citation-1', _type: 'supplementContent.citation'})

async function problems(document: SanityDocument) {
  const markers = await validateContent(document, {dataset: [document, citationOne]})
  return markers.map((marker) => ({
    level: marker.level,
    path: marker.path.map((segment) => (typeof segment === 'object' ? '[]' : segment)).join('.'),
    message: marker.message,
  }))
}

const validCitation = {
  _type: 'supplementContent.citation',
  title: 'Vitamin D - Health Professional Fact Sheet',
  url: 'https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/',
  accessed: '2025-06-27',
  publisher: 'NIH Office of Dietary Supplements',
  sourceType: 'government',
}

const validWarning = {
  _type: 'supplementContent.warning',
  title: 'Upper limit for vitamin D',
  kind: 'doseLimit',
  severity: 'caution',
  text: 'The tolerable upper limit for Vitamin D is 4,000 IU per day.',
  doseLimit: {
    _type: 'supplementContent.doseLimit',
    amount: 4000,
    unit: 'IU',
    per: 'day',
    population: 'adults',
  },
}

const validBenefit = {
  _type: 'supplementContent.benefit',
  title: 'Stronger bones',
  slug: {_type: 'slug', current: 'stronger-bones'},
  summary: 'Supplementing D3 with K2 improved bone mineral density.',
  healthArea: 'bone',
  citations: [ref('citation-1', 'a')],
}

const validSupplement = {
  _type: 'supplementContent.supplement',
  name: 'Vitamin D3 + K2',
  slug: {_type: 'slug', current: 'vitamin-d3-k2'},
  disclaimer: 'This content is for information only.',
  review: {_type: 'supplementContent.medicalReview', status: 'draft'},
}

describe('validation editors rely on', () => {
  it('accepts well-formed documents of every type', async () => {
    for (const fields of [validCitation, validWarning, validBenefit, validSupplement]) {
      expect(await problems(doc(fields))).toEqual([])
    }
    expect(
      await problems(
        doc({
          _type: 'supplementContent.audience',
          name: 'Postmenopausal women',
          slug: {current: 'pm'},
        }),
      ),
    ).toEqual([])
  })

  it('rejects a citation url that is not a web address', async () => {
    // One message, about the address given: not "Enter the web address" as if it were empty.
    for (const url of [
      'ftp://x',
      'ftp://example.org/paper.pdf',
      'pmc.ncbi.nlm.nih.gov/a',
      'http://',
    ]) {
      expect(await problems(doc({...validCitation, url})), url).toEqual([
        {
          level: 'error',
          path: 'url',
          message: 'Enter a full web address starting with http:// or https://.',
        },
      ])
    }
    const {url: _omitted, ...withoutUrl} = validCitation
    expect(await problems(doc(withoutUrl))).toEqual([
      {level: 'error', path: 'url', message: 'Enter the web address of the cited work.'},
    ])
    const alternate = await problems(
      doc({...validCitation, alternateUrls: ['javascript:alert(1)']}),
    )
    expect(alternate).toEqual([
      {
        level: 'error',
        path: 'alternateUrls.0',
        message: 'Enter a full web address starting with http:// or https://.',
      },
    ])
  })

  it('rejects an accessed date in the future', async () => {
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`
    expect(await problems(doc({...validCitation, accessed: nextYear}))).toContainEqual({
      level: 'error',
      path: 'accessed',
      message: 'The accessed date cannot be in the future.',
    })
  })

  it('checks DOI, PMID and PMCID formats', async () => {
    const found = await problems(
      doc({...validCitation, doi: '11.1/x', pmid: 'PMC123', pmcid: '123'}),
    )
    expect(found.map((p) => p.path).sort()).toEqual(['doi', 'pmcid', 'pmid'])
    expect(
      await problems(
        doc({
          ...validCitation,
          doi: '10.1161/01.cir.0000063575.17904.4e',
          pmid: '31234567',
          pmcid: 'PMC4566462',
        }),
      ),
    ).toEqual([])
  })

  it('accepts a mechanism step without a protein or pathway, but not one without its text', async () => {
    const withSteps = (mechanism: unknown[]) => doc({...validSupplement, mechanism})
    expect(
      await problems(
        withSteps([
          {
            _type: 'supplementContent.mechanismStep',
            _key: 'a',
            effect: 'Lowers the stress hormone cortisol.',
          },
        ]),
      ),
    ).toEqual([])
    expect(
      await problems(
        withSteps([{_type: 'supplementContent.mechanismStep', _key: 'a', target: 'Cortisol'}]),
      ),
    ).toEqual([
      {level: 'error', path: 'mechanism.[].effect', message: 'Say what happens in this step.'},
    ])
  })

  it('requires a dose on a dose-limit warning', async () => {
    const {doseLimit: _omitted, ...withoutDose} = validWarning
    expect(await problems(doc(withoutDose))).toContainEqual({
      level: 'error',
      path: 'doseLimit',
      message: 'A dose-limit warning needs the dose: amount, unit and period.',
    })
    const found = await problems(
      doc({...validWarning, doseLimit: {_type: 'supplementContent.doseLimit', unit: 'IU'}}),
    )
    expect(found).toContainEqual(
      expect.objectContaining({level: 'error', path: 'doseLimit.amount'}),
    )
  })

  it('requires at least one substance on an interaction warning', async () => {
    const interaction = {
      ...validWarning,
      kind: 'drugInteraction',
      doseLimit: undefined,
      title: 'Warfarin',
    }
    expect(await problems(doc({...interaction, interactingSubstances: []}))).toContainEqual({
      level: 'error',
      path: 'interactingSubstances',
      message: 'An interaction warning needs at least one interacting substance.',
    })
    expect(await problems(doc({...interaction, interactingSubstances: ['warfarin']}))).toEqual([])
  })

  it('requires who a contraindication applies to', async () => {
    const contraindication = {
      ...validWarning,
      kind: 'contraindication',
      severity: 'serious',
      doseLimit: undefined,
      title: 'Not recommended in pregnancy',
      text: 'Not recommended for pregnant women.',
    }
    for (const population of [undefined, '', '   ']) {
      expect(await problems(doc({...contraindication, population})), String(population)).toEqual([
        {
          level: 'error',
          path: 'population',
          message: 'A contraindication needs to say who it applies to, e.g. "pregnant women".',
        },
      ])
    }
    expect(await problems(doc({...contraindication, population: 'pregnant women'}))).toEqual([])
  })

  it('requires at least one effect on a side-effect warning', async () => {
    const sideEffect = {
      ...validWarning,
      kind: 'sideEffect',
      doseLimit: undefined,
      title: 'Side effects: nausea',
      text: 'Some people notice nausea.',
    }
    for (const effects of [undefined, [], ['  ']]) {
      expect(await problems(doc({...sideEffect, effects})), JSON.stringify(effects)).toEqual([
        {
          level: 'error',
          path: 'effects',
          message: 'A side-effect warning needs at least one effect, e.g. "nausea".',
        },
      ])
    }
    expect(await problems(doc({...sideEffect, effects: ['nausea']}))).toEqual([])
  })

  it('asks for who and which effects only on the kind they belong to', async () => {
    // The dose limit's own population qualifies the limit; the warning needs none of its own.
    for (const kind of ['drugInteraction', 'general']) {
      const warning = {...validWarning, kind, doseLimit: undefined, interactingSubstances: ['x']}
      expect(await problems(doc(warning)), kind).toEqual([])
    }
    expect(await problems(doc(validWarning))).toEqual([])
  })

  it('flags a benefit without any citation for editors', async () => {
    const found = await problems(doc({...validBenefit, citations: []}))
    expect(found).toEqual([
      {
        level: 'warning',
        path: 'citations',
        message:
          'This benefit has no supporting citation. Add one before publishing a health claim.',
      },
    ])
  })

  it('needs a reviewer and a date before a supplement counts as reviewed', async () => {
    const reviewed = (review: object) =>
      doc({
        ...validSupplement,
        review: {_type: 'supplementContent.medicalReview', status: 'reviewed', ...review},
      })
    expect(await problems(reviewed({}))).toContainEqual({
      level: 'error',
      path: 'review',
      message: 'A supplement marked "Reviewed" needs a reviewer and a review date.',
    })
    expect(await problems(reviewed({reviewer: 'Dr. Jane Doe'}))).toContainEqual(
      expect.objectContaining({message: 'A supplement marked "Reviewed" needs a review date.'}),
    )
    expect(
      await problems(reviewed({reviewer: 'Dr. Jane Doe', lastReviewed: '2025-07-01'})),
    ).toEqual([])
  })

  it('refuses a second document of a type with the same slug', async () => {
    const first = doc({...validBenefit, _id: 'benefit-a'})
    const second = doc({...validBenefit, _id: 'benefit-b'})
    const markers = await validateContent(second, {dataset: [first, second, citationOne]})
    expect(markers.map((m) => m.message)).toEqual(['Slug is already in use'])
  })

  it('reports a reference to a citation that does not exist', async () => {
    const benefit = doc({...validBenefit, citations: [ref('citation-missing', 'a')]})
    const markers = await validateContent(benefit, {dataset: [benefit]})
    expect(markers).toContainEqual(expect.objectContaining({level: 'error'}))
  })
})
