import {Mutation} from '@sanity/mutator'
import {evaluate, parse} from 'groq-js'
import {listenerFilter} from '../../lake/listen-filter.ts'
import {describe, expect, it} from 'vitest'

import {citationCountLabel, plural, reviewStateLabel, slugHint} from '../../schemas/lib/labels.ts'
import {compiledSchema} from '../../schemas/validate.ts'
import {namesById} from '../../studio/lib/linked-supplements.ts'
import {
  BENEFITS_WITHOUT_CITATIONS,
  POSSIBLE_DUPLICATES,
  STALE_CITATIONS,
  SUGGESTED_CITATIONS_TO_CONFIRM,
  SUPPLEMENTS_DUE_FOR_REVIEW,
  UNUSED_CITATIONS,
} from '../../studio/lib/queries.ts'
import {deleteRefusal} from '../../studio/lib/refusal.ts'
import {cutoffDate} from '../../studio/lib/review.ts'
import {
  applySuggestionDecision,
  type SuggestionPatch,
  suggestionPatches,
} from '../../studio/lib/suggestions.ts'

const ref = (id: string, key = id) => ({_type: 'reference', _ref: id, _key: key})

async function listed(filter: string, dataset: object[], params: Record<string, unknown> = {}) {
  const result = await evaluate(parse(`*[${filter}]._id`), {dataset, params})
  return ((await result.get()) as string[]).sort()
}

function preview(type: string, value: Record<string, unknown>) {
  const schemaType = compiledSchema.get(type) as {
    preview: {prepare: (value: Record<string, unknown>) => {title?: string; subtitle?: string}}
  }
  return schemaType.preview.prepare(value)
}

describe('words editors read', () => {
  it('counts in the right plural', () => {
    expect(plural(1, 'citation')).toBe('1 citation')
    expect(plural(0, 'citation')).toBe('0 citations')
    expect(plural(2, 'benefit')).toBe('2 benefits')
    expect(
      preview('supplementContent.benefit', {title: 'Heart health', cited: [ref('a')]}).subtitle,
    ).toBe('1 citation')
    expect(
      preview('supplementContent.supplement', {title: 'D3', benefits: [ref('b')]}).subtitle,
    ).toBe('Not reviewed · 1 benefit')
  })

  it('never calls the review status "Draft", next to Sanity\'s own Draft/Published', () => {
    expect(reviewStateLabel({status: 'draft'})).toBe('Not reviewed')
    expect(reviewStateLabel({})).toBe('Not reviewed')
    expect(reviewStateLabel({status: 'inReview'})).toBe('In review')
    expect(reviewStateLabel({status: 'reviewed', approvedRevision: 'r1', rev: 'r1'})).toBe(
      'Reviewed',
    )
    expect(reviewStateLabel({status: 'reviewed', approvedRevision: 'r1', rev: 'r2'})).toBe(
      'Changed since review',
    )
    const options = (
      compiledSchema.get('supplementContent.medicalReview') as {
        fields: Array<{name: string; type: {options?: {list?: Array<{title: string}>}}}>
      }
    ).fields.find((field) => field.name === 'status')?.type.options?.list
    expect(options?.map((option) => option.title)).toEqual([
      'Not reviewed',
      'In review',
      'Reviewed',
    ])
    for (const status of ['draft', 'inReview', 'reviewed', undefined]) {
      expect(preview('supplementContent.supplement', {title: 'D3', status}).subtitle).not.toMatch(
        /draft/i,
      )
    }
  })

  it('says why a claim or a citation is on a to-do list', () => {
    expect(citationCountLabel(undefined, [ref('a'), ref('b')])).toBe(
      'No citations · 2 suggested to confirm',
    )
    expect(citationCountLabel([ref('a')], [])).toBe('1 citation')
    expect(
      preview('supplementContent.citation', {
        title: 'Fact sheet',
        publisher: 'NIH',
        accessed: '2025-06-27',
      }).subtitle,
    ).toBe('NIH · accessed 2025-06-27')
    expect(
      preview('supplementContent.warning', {title: 'Warfarin', suggested: [ref('a')]}).subtitle,
    ).toBe('1 suggested citation to confirm')
  })

  it('hides the import record from global search and its type filter', () => {
    const type = compiledSchema.get('supplementContent.importRecord') as {
      __experimental_omnisearch_visibility?: boolean
    }
    expect(type.__experimental_omnisearch_visibility).toBe(false)
    for (const name of [
      'supplementContent.supplement',
      'supplementContent.benefit',
      'supplementContent.citation',
    ]) {
      expect(
        (compiledSchema.get(name) as {__experimental_omnisearch_visibility?: boolean})
          .__experimental_omnisearch_visibility,
      ).not.toBe(false)
    }
  })
})

describe('needs-attention lists hold only what an editor can act on', () => {
  const now = new Date('2026-12-01T09:00:00Z')
  const cutoff = cutoffDate(12, now)
  const citation = (id: string, accessed?: string) => ({
    _id: id,
    _type: 'supplementContent.citation',
    accessed,
  })
  const reviewed = {
    _id: 'supplement-reviewed',
    _type: 'supplementContent.supplement',
    review: {
      status: 'reviewed',
      approved: [{document: ref('citation-old-approved')}, {document: ref('citation-new')}],
    },
  }
  const imported = {
    _id: 'supplement-imported',
    _type: 'supplementContent.supplement',
    review: {status: 'draft'},
    citations: [ref('citation-old-imported')],
  }
  const dataset = [
    reviewed,
    imported,
    citation('citation-old-approved', '2025-06-27'),
    citation('citation-old-imported', '2025-06-27'),
    citation('citation-new', '2026-11-30'),
    citation('citation-edge', cutoff),
  ]

  it('lists a citation to re-check when readers see it and it was accessed before the cut-off', async () => {
    expect(await listed(STALE_CITATIONS, dataset, {cutoff})).toEqual(['citation-old-approved'])
    // A citation accessed exactly on the cut-off day is not due yet; once approved, one a day older is.
    const approvedEdge = {
      ...reviewed,
      review: {...reviewed.review, approved: [{document: ref('citation-edge')}]},
    }
    expect(
      await listed(STALE_CITATIONS, [approvedEdge, citation('citation-edge', cutoff)], {cutoff}),
    ).toEqual([])
    expect(
      await listed(STALE_CITATIONS, [approvedEdge, citation('citation-edge', '2025-11-30')], {
        cutoff,
      }),
    ).toEqual(['citation-edge'])
  })

  it('are filters the Studio can also listen with (the lake refuses nested traversals there)', () => {
    for (const filter of [
      BENEFITS_WITHOUT_CITATIONS,
      SUGGESTED_CITATIONS_TO_CONFIRM,
      UNUSED_CITATIONS,
      POSSIBLE_DUPLICATES,
      SUPPLEMENTS_DUE_FOR_REVIEW,
      STALE_CITATIONS,
    ]) {
      expect(() => listenerFilter(parse(`*[${filter}]`), filter), filter).not.toThrow()
    }
  })

  it('keeps benefits with suggestions to confirm apart from benefits nobody cited', async () => {
    const benefits = [
      {_id: 'uncited', _type: 'supplementContent.benefit'},
      {
        _id: 'suggested',
        _type: 'supplementContent.benefit',
        suggestedCitations: [{...ref('c1'), _weak: true}],
      },
      {_id: 'cited', _type: 'supplementContent.benefit', citations: [ref('c1')]},
      {
        _id: 'warning-suggested',
        _type: 'supplementContent.warning',
        suggestedCitations: [ref('c2')],
      },
    ]
    expect(await listed(BENEFITS_WITHOUT_CITATIONS, benefits)).toEqual(['uncited'])
    expect(await listed(SUGGESTED_CITATIONS_TO_CONFIRM, benefits)).toEqual([
      'suggested',
      'warning-suggested',
    ])
  })
})

describe('confirming suggested citations', () => {
  let n = 0
  const newKey = () => `k${++n}`
  const weak = (id: string) => ({...ref(id), _weak: true})

  it('moves a confirmed suggestion to the supporting citations and drops a dismissed one', () => {
    const result = applySuggestionDecision(
      {citations: [ref('c0')], suggestedCitations: [weak('c1'), weak('c2'), weak('c3')]},
      {confirm: ['c1'], dismiss: ['c3']},
      {published: new Set(['c1']), newKey},
    )
    expect(result.citations.map((item) => item._ref)).toEqual(['c0', 'c1'])
    expect(result.citations[1]).toEqual({_type: 'reference', _ref: 'c1', _key: 'k1'})
    expect(result.suggestedCitations.map((item) => item._ref)).toEqual(['c2'])
  })

  it('links an unpublished citation weakly until it is published, as Sanity does', () => {
    const result = applySuggestionDecision(
      {suggestedCitations: [weak('drafts.c9'), weak('c9')]},
      {confirm: ['c9'], dismiss: []},
      {published: new Set(), newKey},
    )
    expect(result.citations).toHaveLength(1)
    expect(result.citations[0]).toMatchObject({
      _ref: 'c9',
      _weak: true,
      _strengthenOnPublish: {type: 'supplementContent.citation'},
    })
    expect(result.suggestedCitations).toEqual([])
  })

  it('does not list a citation twice when it is already supporting', () => {
    const result = applySuggestionDecision(
      {citations: [ref('c1')], suggestedCitations: [weak('c1')]},
      {confirm: ['c1'], dismiss: []},
      {published: new Set(['c1']), newKey},
    )
    expect(result.citations.map((item) => item._ref)).toEqual(['c1'])
    expect(result.suggestedCitations).toEqual([])
  })
})

describe('confirming suggested citations by patches', () => {
  let n = 0
  const newKey = () => `p${++n}`
  const weak = (id: string) => ({...ref(id), _weak: true})
  type Benefit = {
    _id: string
    _type: string
    _rev: string
    citations?: Array<ReturnType<typeof ref>>
    suggestedCitations?: Array<ReturnType<typeof ref>>
  }
  /** The patches applied the way the Studio and the lake apply them: @sanity/mutator. */
  const apply = (doc: Benefit, patches: SuggestionPatch[]): Benefit =>
    new Mutation({mutations: patches.map((patch) => ({patch: {id: doc._id, ...patch}}))}).apply(
      doc,
    ) as Benefit
  const stored: Benefit = {
    _id: 'drafts.b1',
    _type: 'supplementContent.benefit',
    _rev: 'r1',
    suggestedCitations: [weak('c1'), weak('c2'), weak('c3')],
  }

  it('gives the same result as the decision, on a benefit without citations yet', () => {
    const decision = {confirm: ['c1', 'c3'], dismiss: ['c2']}
    const options = {published: new Set(['c1', 'c3']), newKey}
    const patched = apply(stored, suggestionPatches(stored, decision, options))
    expect(patched.citations?.map((item) => item._ref)).toEqual(['c1', 'c3'])
    expect(patched.suggestedCitations).toEqual([])
  })

  it('never brings back a suggestion decided a moment ago (a second click on a stale copy)', () => {
    const options = {published: new Set(['c1', 'c2', 'c3']), newKey}
    const afterConfirm = apply(
      stored,
      suggestionPatches(stored, {confirm: ['c1'], dismiss: []}, options),
    )
    // The dialog still shows the document as it was before the confirmation came back.
    const afterDismiss = apply(
      afterConfirm,
      suggestionPatches(stored, {confirm: [], dismiss: ['c2']}, options),
    )
    expect(afterDismiss.citations?.map((item) => item._ref)).toEqual(['c1'])
    expect(afterDismiss.suggestedCitations?.map((item) => item._ref)).toEqual(['c3'])
  })

  it('keeps a citation another editor added meanwhile', () => {
    const options = {published: new Set(['c1']), newKey}
    const meanwhile = {...stored, citations: [ref('c7')]}
    const patched = apply(
      meanwhile,
      suggestionPatches(stored, {confirm: ['c1'], dismiss: []}, options),
    )
    expect(patched.citations?.map((item) => item._ref)).toEqual(['c7', 'c1'])
  })
})

describe('a refused delete, explained', () => {
  const details = {
    description:
      'The mutation(s) failed: Document "c1" cannot be deleted as there are references to it from "b1"',
    type: 'mutationError',
    items: [
      {
        error: {
          description: 'Document "c1" cannot be deleted as there are references to it from "b1"',
          id: 'c1',
          referencingIDs: ['b1', 'b2'],
          type: 'documentHasExistingReferencesError',
        },
        index: 0,
      },
    ],
  }

  it('reads the referring documents from the lake answer', () => {
    const error = Object.assign(new Error(details.description), {statusCode: 409, details})
    expect(deleteRefusal(error)).toEqual({
      referencingIds: ['b1', 'b2'],
      description: 'Document "c1" cannot be deleted as there are references to it from "b1"',
    })
  })

  it('falls back to the message, and ignores other errors', () => {
    expect(deleteRefusal(new Error(details.description))?.referencingIds).toEqual(['b1'])
    expect(deleteRefusal(new Error('Network error'))).toBeNull()
  })
})

describe('previews that tell same-titled claims apart', () => {
  it('shows what sets a benefit apart in lists: the supplement prefix of its unique slug', () => {
    expect(slugHint('Heart Health', 'omega-3-heart-health')).toBe('omega-3')
    expect(slugHint('Heart Health', 'heart-health')).toBeUndefined()
    expect(slugHint('Heart Health', 'heart-health-2')).toBe('heart-health-2')
    expect(slugHint('Heart Health', undefined)).toBeUndefined()
    const d3 = preview('supplementContent.benefit', {
      title: 'Heart Health',
      slug: 'vitamin-d3-k2-heart-health',
      area: 'cardiovascular',
      suggested: [ref('c1')],
    })
    const omega = preview('supplementContent.benefit', {
      title: 'Heart Health',
      slug: 'heart-health',
      cited: [ref('c')],
    })
    expect(d3.subtitle).toBe(
      'vitamin-d3-k2 · No citations · 1 suggested to confirm · Heart and blood vessels',
    )
    expect(omega.subtitle).toBe('1 citation')
  })

  it('names the supplements linking each claim', () => {
    const names = namesById(
      ['b1', 'b2', 'b3'],
      [
        {name: 'Vitamin D3 and K2', refs: ['b1', 'w1']},
        {name: 'Omega-3', refs: ['b2', 'b1', null]},
      ],
    )
    expect(names.get('b1')).toEqual(['Omega-3', 'Vitamin D3 and K2'])
    expect(names.get('b2')).toEqual(['Omega-3'])
    expect(names.get('b3')).toEqual([])
  })
})
