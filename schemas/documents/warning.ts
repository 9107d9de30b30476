import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {defineArrayMember, defineField, defineType} from 'sanity'

import {suggestedCitationsField, supportingCitationsField} from '../lib/fields.ts'
import {plural} from '../lib/labels.ts'
import {SEVERITIES, titleFor, WARNING_KINDS} from '../lib/vocabularies.ts'

interface WarningParent {
  kind?: string
}

/**
 * schema.org `safetyConsideration`; a dose-limit warning also feeds `maximumIntake`. Who a
 * contraindication applies to lives here, not in `doseLimit.population`, which only qualifies a
 * limit.
 */
export const warningType = defineType({
  name: 'supplementContent.warning',
  title: 'Warning',
  type: 'document',
  icon: WarningOutlineIcon,
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      validation: (rule) => rule.required().error('Give the warning a short title.'),
    }),
    defineField({
      name: 'needsReview',
      title: 'Needs review',
      type: 'boolean',
      description:
        'On when the importer kept this statement but could not read it with confidence. Compare the kind, substances, people and dose with the text below, correct them, then switch this off. Warnings with this on are listed under Needs attention → Warnings to review.',
      // A warning left flagged is a question nobody answered; it never blocks publishing.
      validation: (rule) =>
        rule
          .custom((value) =>
            value === true
              ? 'The importer could not read this statement with confidence: check it, then switch "Needs review" off.'
              : true,
          )
          .warning(),
    }),
    defineField({
      name: 'kind',
      title: 'Kind',
      type: 'string',
      options: {list: [...WARNING_KINDS], layout: 'radio'},
      validation: (rule) => rule.required().error('Choose what kind of warning this is.'),
    }),
    defineField({
      name: 'severity',
      title: 'Severity',
      type: 'string',
      options: {list: [...SEVERITIES], layout: 'radio', direction: 'horizontal'},
      initialValue: 'caution',
      validation: (rule) => rule.required().error('Choose how serious this warning is.'),
    }),
    defineField({
      name: 'text',
      title: 'Text',
      type: 'text',
      rows: 4,
      description: 'The warning as readers see it.',
      validation: (rule) => rule.required().error('Write the warning text readers will see.'),
    }),
    defineField({
      name: 'doseLimit',
      title: 'Dose limit',
      type: 'supplementContent.doseLimit',
      hidden: ({parent}) => (parent as WarningParent | undefined)?.kind !== 'doseLimit',
      validation: (rule) =>
        rule
          .custom((value, context) =>
            (context.parent as WarningParent | undefined)?.kind === 'doseLimit' && !value
              ? 'A dose-limit warning needs the dose: amount, unit and period.'
              : true,
          )
          .error(),
    }),
    defineField({
      name: 'interactingSubstances',
      title: 'Interacting substances',
      type: 'array',
      description: 'Medicines or substances this interacts with, e.g. "warfarin".',
      hidden: ({parent}) => (parent as WarningParent | undefined)?.kind !== 'drugInteraction',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) =>
        rule
          .custom((value: string[] | undefined, context) =>
            (context.parent as WarningParent | undefined)?.kind === 'drugInteraction' &&
            (!value || value.length === 0)
              ? 'An interaction warning needs at least one interacting substance.'
              : true,
          )
          .error(),
    }),
    defineField({
      name: 'population',
      title: 'Who this applies to',
      type: 'string',
      description:
        'The people who should not take it, as readers would say it, e.g. "pregnant women" or "people with kidney disease".',
      hidden: ({parent}) => (parent as WarningParent | undefined)?.kind !== 'contraindication',
      validation: (rule) =>
        rule
          .custom((value: string | undefined, context) =>
            (context.parent as WarningParent | undefined)?.kind === 'contraindication' &&
            !value?.trim()
              ? 'A contraindication needs to say who it applies to, e.g. "pregnant women".'
              : true,
          )
          .error(),
    }),
    defineField({
      name: 'effects',
      title: 'Effects',
      type: 'array',
      description:
        'Each effect readers may notice, one per tag, e.g. "nausea" or "mild digestive upset".',
      hidden: ({parent}) => (parent as WarningParent | undefined)?.kind !== 'sideEffect',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) =>
        rule
          .custom((value: string[] | undefined, context) =>
            (context.parent as WarningParent | undefined)?.kind === 'sideEffect' &&
            !value?.some((effect) => effect.trim())
              ? 'A side-effect warning needs at least one effect, e.g. "nausea".'
              : true,
          )
          .error(),
    }),
    supportingCitationsField(),
    suggestedCitationsField(),
  ],
  preview: {
    select: {
      title: 'title',
      kind: 'kind',
      severity: 'severity',
      needsReview: 'needsReview',
      suggested: 'suggestedCitations',
    },
    prepare: ({title, kind, severity, needsReview, suggested}) => ({
      title,
      subtitle: [
        needsReview ? 'Needs review' : undefined,
        titleFor(WARNING_KINDS, kind),
        titleFor(SEVERITIES, severity),
        Array.isArray(suggested) && suggested.length > 0
          ? `${plural(suggested.length, 'suggested citation')} to confirm`
          : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
    }),
  },
})
