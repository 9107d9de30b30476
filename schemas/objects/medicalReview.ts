import {defineArrayMember, defineField, defineType} from 'sanity'

import {todayIsoDate} from '../lib/validators.ts'
import {REVIEW_STATUSES} from '../lib/vocabularies.ts'

interface MedicalReviewValue {
  status?: string
  reviewer?: string
  lastReviewed?: string
}

/** schema.org `MedicalWebPage.reviewedBy` / `lastReviewed`. */
export const medicalReviewType = defineType({
  name: 'supplementContent.medicalReview',
  title: 'Medical review',
  type: 'object',
  fields: [
    defineField({
      name: 'status',
      title: 'Status',
      type: 'string',
      options: {list: [...REVIEW_STATUSES], layout: 'radio', direction: 'horizontal'},
      initialValue: 'draft',
      validation: (rule) => rule.required().error('Choose a review status.'),
    }),
    defineField({
      name: 'reviewer',
      title: 'Reviewer',
      type: 'string',
      description: 'Name and credentials of the medical reviewer, e.g. "Dr. Jane Doe, MD".',
    }),
    defineField({
      name: 'lastReviewed',
      title: 'Last reviewed',
      type: 'date',
      validation: (rule) =>
        rule
          .custom((value) =>
            typeof value === 'string' && value > todayIsoDate()
              ? 'The review date cannot be in the future.'
              : true,
          )
          .error(),
    }),
    defineField({
      name: 'revision',
      title: 'Approved revision of the supplement',
      type: 'string',
      readOnly: true,
      description:
        'Set by "Mark reviewed". Readers see the supplement only while its published revision is this one.',
    }),
    defineField({
      name: 'approved',
      title: 'Approved linked documents',
      type: 'array',
      readOnly: true,
      description:
        'Set by "Mark reviewed": each benefit, audience, warning and citation the page shows, at the revision the reviewer approved.',
      of: [defineArrayMember({type: 'supplementContent.reviewedDocument'})],
    }),
  ],
  validation: (rule) =>
    rule
      .custom((value: MedicalReviewValue | undefined) => {
        if (value?.status !== 'reviewed') return true
        const missing = [!value.reviewer && 'a reviewer', !value.lastReviewed && 'a review date']
          .filter(Boolean)
          .join(' and ')
        return missing ? `A supplement marked "Reviewed" needs ${missing}.` : true
      })
      .error(),
  preview: {select: {title: 'status', subtitle: 'reviewer'}},
})
