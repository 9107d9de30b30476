import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {
  benefitsByHealthAreaQuery,
  citationsBySourceTypeQuery,
  supplementListQuery,
  supplementPageQuery,
  supplementSlugsQuery,
  supplementsForAudienceQuery,
  warningsBySubstanceQuery,
} from '../../schemas/queries/index.ts'
import {siteFetch} from '../../schemas/queries/options.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {markSupplementReviewed} from '../../studio/lib/approval.ts'
import {fixtureDocuments, reviewedSupplement} from './fixtures.ts'

// Every query runs through the real @sanity/client against a local content lake.
let t: TestLake
let client: SanityClient
const site = siteFetch({preview: false})
const preview = siteFetch({preview: true})

beforeAll(async () => {
  t = await startTestLake()
  client = t.client
  const transaction = client.transaction()
  for (const doc of fixtureDocuments) transaction.createOrReplace(doc)
  await transaction.commit()
  // Only a medical reviewer's approval makes a page public: it records the revisions it approved.
  await markSupplementReviewed(client, reviewedSupplement._id, {
    reviewer: 'Dr. Jane Doe, MD',
    date: '2025-07-01',
  })
})

afterAll(() => t?.close())

describe('supplementPageQuery', () => {
  it('returns a reviewed page with everything expanded in one round trip', async () => {
    const page = await client.fetch(
      supplementPageQuery,
      {...site.params, slug: 'vitamin-d3-k2'},
      site.options,
    )
    expect(page).not.toBeNull()
    expect(page!.name).toBe('Vitamin D3 & K2')
    expect(page!.benefits.map((b) => b.title)).toEqual(['Stronger bones', 'Heart health'])
    expect(page!.audiences.map((a) => a.slug)).toEqual(['postmenopausal-women'])
    expect(page!.warnings.map((w) => w.kind)).toEqual([
      'doseLimit',
      'drugInteraction',
      'contraindication',
      'sideEffect',
    ])
    expect(page!.warnings[0].doseLimit).toMatchObject({amount: 4000, unit: 'IU', per: 'day'})
    expect(page!.review).toEqual({
      status: 'reviewed',
      reviewer: 'Dr. Jane Doe, MD',
      lastReviewed: '2025-07-01',
    })
  })

  it('returns who a contraindication applies to and the effects a side effect lists', async () => {
    const page = await client.fetch(
      supplementPageQuery,
      {...site.params, slug: 'vitamin-d3-k2'},
      site.options,
    )
    // A value left in a field hidden for the warning's kind is not returned.
    expect(
      page!.warnings.map((w) => [
        w.kind,
        w.population,
        w.effects,
        w.interactingSubstances,
        w.doseLimit?.amount ?? null,
      ]),
    ).toEqual([
      ['doseLimit', null, [], [], 4000],
      ['drugInteraction', null, [], ['Warfarin (Coumadin)', 'anticoagulants'], null],
      ['contraindication', 'pregnant women', [], [], null],
      ['sideEffect', null, ['nausea', 'constipation'], [], null],
    ])
  })

  it('de-duplicates citations: works cited in order, then the others by title', async () => {
    const page = await client.fetch(
      supplementPageQuery,
      {...site.params, slug: 'vitamin-d3-k2'},
      site.options,
    )
    // citation-k2 is in the works cited, a benefit and an annotation: listed once.
    expect(page!.citations.map((c) => c._id)).toEqual([
      'citation-ods',
      'citation-k2',
      'citation-annotation-only',
      'citation-warfarin',
    ])
    expect(page!.citations[1]).toMatchObject({
      pmcid: 'PMC4566462',
      alternateUrls: ['https://pubmed.ncbi.nlm.nih.gov/26770129/'],
    })
  })

  it('hides a page whose medical review is not complete unless $preview is set', async () => {
    const params = {slug: 'another-supplement'}
    expect(await client.fetch(supplementPageQuery, {...site.params, ...params}, site.options)).toBe(
      null,
    )
    const draft = await client.fetch(
      supplementPageQuery,
      {...preview.params, ...params},
      preview.options,
    )
    expect(draft?.review.status).toBe('draft')
    // Its works cited, then what its benefits and warnings cite, by title.
    expect(draft?.citations.map((c) => c._id)).toEqual([
      'citation-unreviewed',
      'citation-k2',
      'citation-warfarin',
    ])
  })

  it('reads published documents only, drafts in preview', async () => {
    await client.createOrReplace({
      _id: 'drafts.supplement-d3-k2',
      _type: 'supplementContent.supplement',
      name: 'Draft name',
      slug: {_type: 'slug', current: 'vitamin-d3-k2'},
      disclaimer: 'Not medical advice.',
      review: {_type: 'supplementContent.medicalReview', status: 'inReview'},
    })
    try {
      const params = {slug: 'vitamin-d3-k2'}
      const published = await client.fetch(
        supplementPageQuery,
        {...site.params, ...params},
        site.options,
      )
      expect(published?.name).toBe('Vitamin D3 & K2')
      const drafted = await client.fetch(
        supplementPageQuery,
        {...preview.params, ...params},
        preview.options,
      )
      expect(drafted?.name).toBe('Draft name')
      expect(drafted?.benefits).toEqual([])
      expect(drafted?.citations).toEqual([])
    } finally {
      await client.delete('drafts.supplement-d3-k2')
    }
  })
})

describe('what a review covers', () => {
  const page = () =>
    client.fetch(supplementPageQuery, {...site.params, slug: 'vitamin-d3-k2'}, site.options)

  it('hides a page whose linked warning, or the page itself, was published after the review, until approved again', async () => {
    expect(await page()).not.toBeNull()
    await client.createOrReplace({
      ...fixtureDocuments.find((doc) => doc._id === 'warning-upper-limit')!,
      text: 'EDITED AFTER REVIEW: no upper limit.',
    })
    expect(await page()).toBeNull()
    expect(await client.fetch(supplementListQuery, site.params, site.options)).toEqual([])
    expect(
      await t.anonClient.fetch(
        supplementsForAudienceQuery,
        {...site.params, audience: 'postmenopausal-women'},
        site.options,
      ),
    ).toBeNull()
    expect(
      await client.fetch(
        warningsBySubstanceQuery,
        {...site.params, substance: 'warfarin'},
        site.options,
      ),
    ).toEqual([])
    // The preview still shows editors the change.
    const drafted = await client.fetch(
      supplementPageQuery,
      {...preview.params, slug: 'vitamin-d3-k2'},
      preview.options,
    )
    expect(JSON.stringify(drafted)).toContain('EDITED AFTER REVIEW')
    await markSupplementReviewed(client, reviewedSupplement._id, {
      reviewer: 'Dr. Jane Doe, MD',
      date: '2025-07-01',
    })
    expect(JSON.stringify(await page())).toContain('EDITED AFTER REVIEW')
    // Put the fixture back, approved, for the other tests.
    await client.createOrReplace(fixtureDocuments.find((doc) => doc._id === 'warning-upper-limit')!)
    await client.patch(reviewedSupplement._id).set({'review.reviewer': 'Someone else'}).commit()
    expect(await page()).toBeNull()
    await markSupplementReviewed(client, reviewedSupplement._id, {
      reviewer: 'Dr. Jane Doe, MD',
      date: '2025-07-01',
    })
    expect(JSON.stringify(await page())).not.toContain('EDITED AFTER REVIEW')
  })

  it('never returns an audience that only unreviewed supplements are aimed at', async () => {
    await client.createOrReplace({
      _id: 'audience-unreviewed-only',
      _type: 'supplementContent.audience',
      name: 'Only an unreviewed page is for them',
      slug: {_type: 'slug', current: 'unreviewed-only'},
    })
    await client
      .patch('supplement-unreviewed')
      .setIfMissing({audiences: []})
      .append('audiences', [{_type: 'reference', _ref: 'audience-unreviewed-only', _key: 'uo'}])
      .commit()
    const params = {audience: 'unreviewed-only'}
    expect(
      await t.anonClient.fetch(
        supplementsForAudienceQuery,
        {...site.params, ...params},
        site.options,
      ),
    ).toBeNull()
    const previewed = await client.fetch(
      supplementsForAudienceQuery,
      {...preview.params, ...params},
      preview.options,
    )
    expect(previewed?.supplements.map((s) => s.slug)).toEqual(['another-supplement'])
  })
})

describe('lists', () => {
  it('lists reviewed supplements for the index page, all of them in preview', async () => {
    const list = await client.fetch(supplementListQuery, site.params, site.options)
    expect(list.map((s) => s.slug)).toEqual(['vitamin-d3-k2'])
    expect(list[0]).toMatchObject({
      ingredients: ['Vitamin D3', 'Vitamin K2'],
      healthAreas: ['bone', 'cardiovascular'],
      benefitCount: 2,
      warningCount: 4,
      reviewStatus: 'reviewed',
    })
    const all = await client.fetch(supplementListQuery, preview.params, preview.options)
    expect(all.map((s) => s.slug)).toEqual(['another-supplement', 'vitamin-d3-k2'])
    expect(await client.fetch(supplementSlugsQuery, site.params, site.options)).toEqual([
      'vitamin-d3-k2',
    ])
  })

  it('finds benefits by health area with the supplements that claim them', async () => {
    const bone = await client.fetch(
      benefitsByHealthAreaQuery,
      {...site.params, healthArea: 'bone'},
      site.options,
    )
    expect(bone.map((b) => [b.title, b.supplements.map((s) => s.slug)])).toEqual([
      ['Stronger bones', ['vitamin-d3-k2']],
    ])
    const bonePreview = await client.fetch(
      benefitsByHealthAreaQuery,
      {...preview.params, healthArea: 'bone'},
      preview.options,
    )
    expect(bonePreview.map((b) => b.title)).toEqual(['Stronger bones', 'Unreviewed bone claim'])
  })

  it('finds the supplements for an audience', async () => {
    const audience = await client.fetch(
      supplementsForAudienceQuery,
      {...site.params, audience: 'postmenopausal-women'},
      site.options,
    )
    expect(audience?.name).toBe('Postmenopausal women')
    expect(audience?.supplements.map((s) => s.slug)).toEqual(['vitamin-d3-k2'])
    expect(
      await client.fetch(
        supplementsForAudienceQuery,
        {...site.params, audience: 'nobody'},
        site.options,
      ),
    ).toBeNull()
  })

  it('finds every supplement that interacts with warfarin', async () => {
    const found = await client.fetch(
      warningsBySubstanceQuery,
      {...site.params, substance: 'warfarin'},
      site.options,
    )
    expect(found.map((w) => [w._id, w.supplements.map((s) => s.slug)])).toEqual([
      ['warning-warfarin', ['vitamin-d3-k2']],
    ])
    const all = await client.fetch(
      warningsBySubstanceQuery,
      {...preview.params, substance: 'WARFARIN'},
      preview.options,
    )
    expect(all[0].supplements.map((s) => s.slug)).toEqual(['another-supplement', 'vitamin-d3-k2'])
    expect(
      await client.fetch(
        warningsBySubstanceQuery,
        {...site.params, substance: 'aspirin'},
        site.options,
      ),
    ).toEqual([])
  })

  it('finds citations by source type among reviewed pages', async () => {
    const government = await client.fetch(
      citationsBySourceTypeQuery,
      {...site.params, sourceType: 'government'},
      site.options,
    )
    expect(government.map((c) => c._id)).toEqual(['citation-ods'])
    const all = await client.fetch(
      citationsBySourceTypeQuery,
      {...preview.params, sourceType: 'government'},
      preview.options,
    )
    expect(all.map((c) => c._id)).toEqual(['citation-unreviewed', 'citation-ods'])
  })

  it('shows anonymous readers the same public result', async () => {
    const list = await t.anonClient.fetch(supplementListQuery, site.params, site.options)
    expect(list.map((s) => s.slug)).toEqual(['vitamin-d3-k2'])
  })
})
