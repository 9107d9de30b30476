import {LinkIcon} from '@sanity/icons/Link'
import {defineField, defineType} from 'sanity'

/** Annotation that ties a span of the narrative to the citation that supports it. */
export const citationReferenceType = defineType({
  name: 'supplementContent.citationReference',
  title: 'Citation',
  type: 'object',
  icon: LinkIcon,
  fields: [
    defineField({
      name: 'citation',
      title: 'Citation',
      type: 'reference',
      to: [{type: 'supplementContent.citation'}],
      validation: (rule) => rule.required().error('Pick the citation this text is based on.'),
    }),
  ],
})
