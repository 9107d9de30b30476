import {defineField, defineType} from 'sanity'

/**
 * schema.org `mechanismOfAction`: one step of how the supplement acts. Articles often list steps
 * without naming a protein or pathway ("Lowers the stress hormone cortisol"), so only the step's
 * text is required.
 */
export const mechanismStepType = defineType({
  name: 'supplementContent.mechanismStep',
  title: 'Mechanism step',
  type: 'object',
  fields: [
    defineField({
      name: 'target',
      title: 'Protein or pathway',
      type: 'string',
      description:
        'e.g. "Osteocalcin" or "Matrix Gla-Protein (MGP)". Optional: leave it empty when the step names no single protein or pathway.',
    }),
    defineField({
      name: 'effect',
      title: 'What it does',
      type: 'text',
      rows: 3,
      validation: (rule) => rule.required().error('Say what happens in this step.'),
    }),
  ],
  preview: {
    select: {target: 'target', effect: 'effect'},
    prepare: ({target, effect}: {target?: string; effect?: string}) =>
      target ? {title: target, subtitle: effect} : {title: effect},
  },
})
