import {defineField, defineType} from 'sanity'

/** schema.org `mechanismOfAction`: a protein or pathway the supplement acts through. */
export const mechanismStepType = defineType({
  name: 'supplementContent.mechanismStep',
  title: 'Mechanism step',
  type: 'object',
  fields: [
    defineField({
      name: 'target',
      title: 'Protein or pathway',
      type: 'string',
      description: 'e.g. "Osteocalcin" or "Matrix Gla-Protein (MGP)".',
      validation: (rule) => rule.required().error('Name the protein or pathway.'),
    }),
    defineField({
      name: 'effect',
      title: 'What it does',
      type: 'text',
      rows: 3,
      validation: (rule) => rule.required().error('Say what this protein or pathway does.'),
    }),
  ],
  preview: {select: {title: 'target', subtitle: 'effect'}},
})
