import {BottleIcon} from '@sanity/icons/Bottle'
import {defineArrayMember, defineField, defineType} from 'sanity'

import {plural, reviewStateLabel} from '../lib/labels.ts'

/** schema.org `DietarySupplement`, published as a `MedicalWebPage`. */
export const supplementType = defineType({
  name: 'supplementContent.supplement',
  title: 'Supplement',
  type: 'document',
  icon: BottleIcon,
  groups: [
    {name: 'overview', title: 'Overview', default: true},
    {name: 'article', title: 'Article'},
    {name: 'links', title: 'Benefits, audiences & safety'},
    {name: 'review', title: 'Medical review'},
    {name: 'provenance', title: 'Import'},
  ],
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      group: 'overview',
      validation: (rule) => rule.required().error('Give the supplement a name.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'overview',
      options: {source: 'name', maxLength: 96},
      validation: (rule) => rule.required().error('Generate a slug so the page has an address.'),
    }),
    defineField({
      name: 'headline',
      title: 'Article headline',
      type: 'string',
      group: 'overview',
      description: 'The article title as published, e.g. "The Power of Two: ...".',
    }),
    defineField({
      name: 'summary',
      title: 'Short summary',
      type: 'text',
      rows: 3,
      group: 'overview',
      validation: (rule) =>
        rule.max(400).warning('Keep the summary under 400 characters; it is shown in lists.'),
    }),
    defineField({
      name: 'ingredients',
      title: 'Active ingredients',
      type: 'array',
      group: 'overview',
      description: 'schema.org activeIngredient',
      of: [defineArrayMember({type: 'supplementContent.ingredient'})],
    }),
    defineField({
      name: 'mechanism',
      title: 'How it works',
      type: 'array',
      group: 'overview',
      description: 'schema.org mechanismOfAction: the key proteins and pathways.',
      of: [defineArrayMember({type: 'supplementContent.mechanismStep'})],
    }),
    defineField({
      name: 'body',
      title: 'Article',
      type: 'supplementContent.articleBody',
      group: 'article',
      description: 'The full article. Select text and add a Citation to link it to its source.',
    }),
    defineField({
      name: 'takeaway',
      title: 'Takeaway',
      type: 'text',
      rows: 4,
      group: 'article',
    }),
    defineField({
      name: 'disclaimer',
      title: 'Content disclaimer',
      type: 'text',
      rows: 4,
      group: 'article',
      validation: (rule) =>
        rule.required().warning('Health content should carry a disclaimer before publishing.'),
    }),
    defineField({
      name: 'benefits',
      title: 'Benefits',
      type: 'array',
      group: 'links',
      of: [defineArrayMember({type: 'reference', to: [{type: 'supplementContent.benefit'}]})],
      validation: (rule) => rule.unique().error('A benefit is linked twice.'),
    }),
    defineField({
      name: 'audiences',
      title: 'Who may benefit',
      type: 'array',
      group: 'links',
      description: 'schema.org targetPopulation',
      of: [defineArrayMember({type: 'reference', to: [{type: 'supplementContent.audience'}]})],
      validation: (rule) => rule.unique().error('An audience is linked twice.'),
    }),
    defineField({
      name: 'warnings',
      title: 'Safety considerations',
      type: 'array',
      group: 'links',
      description: 'schema.org safetyConsideration; dose-limit warnings become maximumIntake.',
      of: [defineArrayMember({type: 'reference', to: [{type: 'supplementContent.warning'}]})],
      validation: (rule) => rule.unique().error('A warning is linked twice.'),
    }),
    defineField({
      name: 'citations',
      title: 'Works cited',
      type: 'array',
      group: 'links',
      of: [defineArrayMember({type: 'reference', to: [{type: 'supplementContent.citation'}]})],
      validation: (rule) => rule.unique().error('A citation is listed twice.'),
    }),
    defineField({
      name: 'review',
      title: 'Medical review',
      type: 'supplementContent.medicalReview',
      group: 'review',
      initialValue: {status: 'draft'},
    }),
    defineField({
      name: 'provenance',
      title: 'Import provenance',
      type: 'supplementContent.importProvenance',
      group: 'provenance',
    }),
  ],
  preview: {
    select: {
      title: 'name',
      status: 'review.status',
      approvedRevision: 'review.revision',
      rev: '_rev',
      benefits: 'benefits',
    },
    prepare: ({title, status, approvedRevision, rev, benefits}) => ({
      title,
      subtitle: [
        reviewStateLabel({status, approvedRevision, rev}),
        Array.isArray(benefits) ? plural(benefits.length, 'benefit') : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
    }),
  },
})
