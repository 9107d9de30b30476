import {describe, expect, it} from 'vitest'

import {changesSinceReview, planApproval} from '../../studio/lib/approval.ts'
import {citationNumber} from '../../studio/lib/citations.ts'
import {
  DEFAULT_CONFIG,
  isEditorType,
  resolveConfig,
  withoutHiddenTypes,
} from '../../studio/lib/config.ts'
import {appendReference, creatableFrom, INCOMING_LINKS} from '../../studio/lib/links.ts'
import {planMerge, repointReferences} from '../../studio/lib/merge.ts'
import {cutoffDate, isReviewDue} from '../../studio/lib/review.ts'

describe('resolveConfig', () => {
  it('fills in defaults', () => {
    expect(resolveConfig(undefined)).toEqual(DEFAULT_CONFIG)
    expect(resolveConfig({reviewPeriodMonths: 6})).toEqual({
      ...DEFAULT_CONFIG,
      reviewPeriodMonths: 6,
    })
  })

  it('names the option that is wrong', () => {
    expect(() => resolveConfig({reviewPeriod: 6} as never)).toThrow(/unknown option "reviewPeriod"/)
    expect(() => resolveConfig({reviewPeriodMonths: 0})).toThrow(/reviewPeriodMonths.*got 0/)
    expect(() => resolveConfig({reviewPeriodMonths: 1.5})).toThrow(/whole number/)
    expect(() => resolveConfig({structure: 'yes' as never})).toThrow(/"structure" must be true/)
    expect(() => resolveConfig('x' as never)).toThrow(/must be an object/)
  })
})

describe('hidden bookkeeping types', () => {
  it('keeps importRecord out of the structure and every create menu', () => {
    expect(isEditorType('supplementContent.importRecord')).toBe(false)
    expect(isEditorType('supplementContent.supplement')).toBe(true)
    const templates = [
      {id: 'supplementContent.supplement', schemaType: 'supplementContent.supplement'},
      {id: 'supplementContent.importRecord', schemaType: 'supplementContent.importRecord'},
    ]
    expect(withoutHiddenTypes(templates).map((template) => template.id)).toEqual([
      'supplementContent.supplement',
    ])
  })
})

describe('review dates', () => {
  it('counts calendar months back, clamping to the month end', () => {
    expect(cutoffDate(12, new Date('2026-11-25T10:00:00Z'))).toBe('2025-11-25')
    expect(cutoffDate(1, new Date('2026-03-31T00:00:00Z'))).toBe('2026-02-28')
    expect(cutoffDate(12, new Date('2024-02-29T00:00:00Z'))).toBe('2023-02-28')
  })

  it('treats a missing or old review as due', () => {
    const now = new Date('2026-11-25T00:00:00Z')
    expect(isReviewDue(undefined, 12, now)).toBe(true)
    expect(isReviewDue('2025-11-24', 12, now)).toBe(true)
    expect(isReviewDue('2025-11-25', 12, now)).toBe(false)
  })
})

describe('incoming links', () => {
  it('covers every linked type and offers creation from citations only', () => {
    expect(Object.keys(INCOMING_LINKS).sort()).toEqual([
      'supplementContent.audience',
      'supplementContent.benefit',
      'supplementContent.citation',
      'supplementContent.warning',
    ])
    expect(creatableFrom('supplementContent.benefit').map((link) => link.field)).toEqual([
      'citations',
    ])
    expect(creatableFrom('supplementContent.supplement')).toEqual([])
  })

  it('appends a reference once', () => {
    const ref = {_type: 'reference' as const, _ref: 'b1'}
    const doc = {_id: 's', benefits: [{_type: 'reference', _ref: 'b0', _key: 'k0'}]}
    expect(appendReference(doc, 'benefits', ref, 'k1')).toEqual({
      _id: 's',
      benefits: [...doc.benefits, {...ref, _key: 'k1'}],
    })
    expect(appendReference({benefits: [ref]}, 'benefits', ref, 'k')).toBe(false)
  })
})

describe('citation numbers', () => {
  it('numbers by position in Works cited', () => {
    const cited = [{_ref: 'c1'}, {_ref: 'c2'}]
    expect(citationNumber(cited, 'c2')).toBe(2)
    expect(citationNumber(cited, 'c9')).toBeUndefined()
    expect(citationNumber(undefined, 'c1')).toBeUndefined()
  })
})

describe('planMerge', () => {
  const ref = (id: string, key: string, extra = {}) => ({
    _type: 'reference',
    _ref: id,
    _key: key,
    ...extra,
  })

  it('repoints references everywhere, drops duplicates and self-links, deletes the duplicate', () => {
    const supplement = {
      _id: 'supp',
      _rev: 'r1',
      _type: 'supplementContent.supplement',
      benefits: [ref('keep', 'a'), ref('dup', 'b')],
      body: [
        {
          _type: 'block',
          _key: 'p',
          markDefs: [
            {
              _type: 'supplementContent.citationReference',
              _key: 'm',
              citation: {_type: 'reference', _ref: 'dup'},
            },
          ],
          children: [],
        },
      ],
    }
    const otherSupplement = {_id: 'drafts.supp2', _rev: 'r2', benefits: [ref('dup', 'x')]}
    const keeper = {_id: 'keep', _rev: 'r3', possibleDuplicates: [ref('dup', 'w', {_weak: true})]}
    const plan = planMerge({
      keepId: 'keep',
      duplicateId: 'dup',
      referring: [supplement, otherSupplement, keeper],
    })
    expect(plan.patched).toEqual(['supp', 'drafts.supp2', 'keep'])
    expect(plan.mutations).toEqual([
      {
        patch: {
          id: 'supp',
          ifRevisionID: 'r1',
          set: {
            benefits: [ref('keep', 'a')],
            body: [
              {
                ...supplement.body[0],
                markDefs: [
                  {
                    _type: 'supplementContent.citationReference',
                    _key: 'm',
                    citation: {_type: 'reference', _ref: 'keep'},
                  },
                ],
              },
            ],
          },
        },
      },
      {patch: {id: 'drafts.supp2', ifRevisionID: 'r2', set: {benefits: [ref('keep', 'x')]}}},
      {patch: {id: 'keep', ifRevisionID: 'r3', set: {possibleDuplicates: []}}},
      {delete: {id: 'drafts.dup'}},
      {delete: {id: 'dup'}},
    ])
  })

  it('keeps a weak reference weak and refuses merging a document into itself', () => {
    const moved = repointReferences([ref('dup', 'a', {_weak: true})], new Set(['dup']), 'keep', 'x')
    expect(moved).toEqual([ref('keep', 'a', {_weak: true})])
    expect(() => planMerge({keepId: 'drafts.a', duplicateId: 'a', referring: []})).toThrow(/itself/)
  })
})

describe('approval (Mark reviewed)', () => {
  const ref = (id: string, type: string) => ({
    _type: 'reference',
    _key: id,
    _ref: id,
    _weak: true,
    _strengthenOnPublish: {type},
  })
  const supplement = {
    _id: 'drafts.supplement-x',
    _type: 'supplementContent.supplement',
    _rev: 's1',
    name: 'X',
    benefits: [ref('benefit-a', 'supplementContent.benefit')],
    warnings: [{_type: 'reference', _key: 'w', _ref: 'warning-b'}],
    // A suggestion is weak for good: not needed on the page, not published by the review.
    suggested: [{_type: 'reference', _key: 's', _ref: 'citation-s', _weak: true}],
  }
  const versions = () =>
    new Map([
      ['supplement-x', {draft: supplement}],
      [
        'benefit-a',
        {
          draft: {
            _id: 'drafts.benefit-a',
            _type: 'supplementContent.benefit',
            _rev: 'b2',
            title: 'New title',
            citations: [ref('citation-c', 'supplementContent.citation')],
          },
          published: {
            _id: 'benefit-a',
            _type: 'supplementContent.benefit',
            _rev: 'b1',
            title: 'Old title',
          },
        },
      ],
      [
        'warning-b',
        {published: {_id: 'warning-b', _type: 'supplementContent.warning', _rev: 'w1', title: 'W'}},
      ],
      [
        'citation-c',
        {draft: {_id: 'drafts.citation-c', _type: 'supplementContent.citation', _rev: 'c1'}},
      ],
    ])

  it('publishes the supplement with the drafts its page needs, and records each approved revision', () => {
    const plan = planApproval(versions(), 'supplement-x', {
      reviewer: 'Dr. A',
      date: '2025-01-01',
      transactionId: 'tx1',
    })
    expect(plan.published).toEqual(['benefit-a', 'citation-c'])
    expect(plan.actions.map((a) => [a.actionType, a.publishedId])).toEqual([
      ['sanity.action.document.publish', 'benefit-a'],
      ['sanity.action.document.publish', 'citation-c'],
      ['sanity.action.document.edit', 'supplement-x'],
      ['sanity.action.document.publish', 'supplement-x'],
    ])
    expect(plan.actions[0]).toMatchObject({ifDraftRevisionId: 'b2', ifPublishedRevisionId: 'b1'})
    expect(plan.approved.map((entry) => [entry.document._ref, entry.revision]).sort()).toEqual([
      ['benefit-a', 'tx1'],
      ['citation-c', 'tx1'],
      ['warning-b', 'w1'],
    ])
    expect(plan.actions[2]).toMatchObject({
      patch: {ifRevisionID: 's1', set: {review: {status: 'reviewed', revision: 'tx1'}}},
    })
  })

  it('refuses a link to a document that does not exist', () => {
    const missing = versions()
    missing.delete('warning-b')
    expect(() =>
      planApproval(missing, 'supplement-x', {reviewer: 'Dr. A', date: '2025-01-01'}),
    ).toThrow(/"warning-b".*does not exist/)
  })

  it("lists what changed since the review, with the fields that differ from readers' version", () => {
    const changes = changesSinceReview(versions(), 'supplement-x')
    expect(changes.find((c) => c.id === 'benefit-a')).toMatchObject({
      state: 'edited',
      fields: ['citations', 'title'],
    })
    expect(changes.find((c) => c.id === 'citation-c')).toMatchObject({state: 'new'})
    // Published by hand before any review: the first review approves it, so the reviewer sees it.
    expect(changes.find((c) => c.id === 'warning-b')).toMatchObject({state: 'publishedAfterReview'})
  })
})
