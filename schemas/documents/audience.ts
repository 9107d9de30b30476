import {UsersIcon} from '@sanity/icons/Users'
import {defineField, defineType} from 'sanity'

import {possibleDuplicatesField} from '../lib/fields.ts'

/** schema.org `targetPopulation`: a group of people a supplement is meant for. */
export const audienceType = defineType({
  name: 'supplementContent.audience',
  title: 'Audience',
  type: 'document',
  icon: UsersIcon,
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description: 'e.g. "Postmenopausal women".',
      validation: (rule) => rule.required().error('Name the audience.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: {source: 'name', maxLength: 96},
      validation: (rule) => rule.required().error('Generate a slug for this audience.'),
    }),
    defineField({
      name: 'description',
      title: 'Description',
      type: 'text',
      rows: 3,
      description: 'Who they are and why the supplement may help them.',
    }),
    defineField({
      name: 'lifeStage',
      title: 'Life stage',
      type: 'string',
      description: 'e.g. "postmenopausal", "older adults", "pregnancy".',
    }),
    defineField({
      name: 'condition',
      title: 'Condition or concern',
      type: 'string',
      description: 'e.g. "osteoporosis", "low sun exposure".',
    }),
    possibleDuplicatesField('supplementContent.audience'),
  ],
  preview: {
    select: {title: 'name', lifeStage: 'lifeStage', condition: 'condition'},
    prepare: ({title, lifeStage, condition}) => ({
      title,
      subtitle: [lifeStage, condition].filter(Boolean).join(' · '),
    }),
  },
})
