import {defineField, defineType} from 'sanity'

import {DOSE_PERIODS, DOSE_UNITS, titleFor} from '../lib/vocabularies.ts'

/** schema.org `maximumIntake` (a `MaximumDoseSchedule`): an upper limit set by an authority. */
export const doseLimitType = defineType({
  name: 'supplementContent.doseLimit',
  title: 'Dose limit',
  type: 'object',
  options: {columns: 2},
  fields: [
    defineField({
      name: 'amount',
      title: 'Amount',
      type: 'number',
      validation: (rule) =>
        rule.required().positive().error('Enter the limit as a positive number, e.g. 4000.'),
    }),
    defineField({
      name: 'unit',
      title: 'Unit',
      type: 'string',
      options: {list: [...DOSE_UNITS]},
      validation: (rule) => rule.required().error('Choose the unit the limit is given in.'),
    }),
    defineField({
      name: 'per',
      title: 'Per',
      type: 'string',
      // No initialValue: a default here would give every new warning a hidden, half-filled
      // dose limit whose required amount and unit block publishing.
      options: {list: [...DOSE_PERIODS]},
      validation: (rule) => rule.required().error('Say what period the limit applies to.'),
    }),
    defineField({
      name: 'perKg',
      title: 'Per kg of body weight',
      type: 'boolean',
      description:
        'On when the amount is per kilogram of body weight, e.g. "0.3 g per kg of body weight per day".',
    }),
    defineField({
      name: 'nutrient',
      title: 'Nutrient',
      type: 'string',
      description:
        'What the limit is for, when it is not the supplement itself, e.g. "folic acid" in a vitamin B12 article.',
    }),
    defineField({
      name: 'population',
      title: 'Population',
      type: 'string',
      description:
        'Who the limit applies to, e.g. "adults". Leave empty if it applies to everyone.',
    }),
    defineField({
      name: 'authority',
      title: 'Authority',
      type: 'string',
      description: 'Who set the limit, e.g. "NIH Office of Dietary Supplements".',
    }),
  ],
  preview: {
    select: {
      amount: 'amount',
      unit: 'unit',
      per: 'per',
      perKg: 'perKg',
      nutrient: 'nutrient',
      population: 'population',
    },
    prepare: ({amount, unit, per, perKg, nutrient, population}) => ({
      title: [
        nutrient,
        amount ?? '?',
        unit,
        perKg ? 'per kg of body weight' : undefined,
        titleFor(DOSE_PERIODS, per),
      ]
        .filter(Boolean)
        .join(' '),
      subtitle: population,
    }),
  },
})
