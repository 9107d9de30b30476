import {HeartIcon} from '@sanity/icons/Heart'
import {defineField, defineType} from 'sanity'

import {
  possibleDuplicatesField,
  suggestedCitationsField,
  supportingCitationsField,
} from '../lib/fields.ts'
import {citationCountLabel, slugHint} from '../lib/labels.ts'
import {EVIDENCE_STRENGTHS, HEALTH_AREAS, titleFor} from '../lib/vocabularies.ts'

export const benefitType = defineType({
  name: 'supplementContent.benefit',
  title: 'Benefit',
  type: 'document',
  icon: HeartIcon,
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      validation: (rule) => rule.required().error('Give the benefit a short title.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: {source: 'title', maxLength: 96},
      validation: (rule) => rule.required().error('Generate a slug for this benefit.'),
    }),
    defineField({
      name: 'summary',
      title: 'Summary',
      type: 'text',
      rows: 4,
      description: 'The claim as readers see it. Keep it as strong as the evidence, no stronger.',
      validation: (rule) => rule.required().error('Describe the benefit in a sentence or two.'),
    }),
    defineField({
      name: 'healthArea',
      title: 'Health area',
      type: 'string',
      options: {list: [...HEALTH_AREAS]},
      validation: (rule) =>
        rule.required().error('Choose the health area this benefit belongs to.'),
    }),
    defineField({
      name: 'evidenceStrength',
      title: 'Evidence strength',
      type: 'string',
      options: {list: [...EVIDENCE_STRENGTHS], layout: 'radio'},
      initialValue: 'unrated',
    }),
    {
      ...supportingCitationsField(),
      validation: (rule) => [
        rule.unique().error('A citation is listed twice.'),
        rule
          .custom((value: unknown[] | undefined) =>
            value && value.length > 0
              ? true
              : 'This benefit has no supporting citation. Add one before publishing a health claim.',
          )
          .warning(),
      ],
    },
    suggestedCitationsField(),
    possibleDuplicatesField('supplementContent.benefit'),
  ],
  preview: {
    select: {
      title: 'title',
      area: 'healthArea',
      evidence: 'evidenceStrength',
      cited: 'citations',
      suggested: 'suggestedCitations',
      slug: 'slug.current',
    },
    prepare: ({title, area, evidence, cited, suggested, slug}) => ({
      title,
      // What sets it apart first, then why it may be on a to-do list, then what it is about.
      subtitle: [
        slugHint(title, slug),
        citationCountLabel(cited, suggested),
        titleFor(HEALTH_AREAS, area),
        titleFor(EVIDENCE_STRENGTHS, evidence)?.replace(/ \(.*\)$/, ''),
      ]
        .filter(Boolean)
        .join(' · '),
    }),
  },
})
