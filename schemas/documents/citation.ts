import {BookIcon} from '@sanity/icons/Book'
import {defineArrayMember, defineField, defineType, type UrlRule} from 'sanity'

import {possibleDuplicatesField} from '../lib/fields.ts'
import {DOI_PATTERN, PMCID_PATTERN, PMID_PATTERN, todayIsoDate} from '../lib/validators.ts'
import {SOURCE_TYPES, titleFor} from '../lib/vocabularies.ts'

/*
 * One pattern, not ['http', 'https']: that list equals the url type's built-in URI check, and
 * Sanity then leaves the built-in check in every other rule of the field, so an address like
 * ftp://x also failed the "required" rule and read "Enter the web address..." as if it were empty.
 */
const httpUrl = (rule: UrlRule) =>
  rule
    .uri({scheme: [/^https?$/]})
    .error('Enter a full web address starting with http:// or https://.')

/** One cited work (CSL-JSON vocabulary); copies of it on other sites are its alternate URLs. */
export const citationType = defineType({
  name: 'supplementContent.citation',
  title: 'Citation',
  type: 'document',
  icon: BookIcon,
  groups: [
    {name: 'source', title: 'Source', default: true},
    {name: 'identifiers', title: 'Identifiers'},
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'source',
      validation: (rule) => rule.required().error('Enter the title of the cited work.'),
    }),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      group: 'source',
      validation: (rule) => [
        rule.required().error('Enter the web address of the cited work.'),
        httpUrl(rule),
      ],
    }),
    defineField({
      name: 'alternateUrls',
      title: 'Other copies of the same work',
      type: 'array',
      group: 'source',
      description: 'e.g. the PubMed, PMC and publisher pages of one article.',
      of: [defineArrayMember({type: 'url', validation: httpUrl})],
      validation: (rule) => rule.unique().error('An address is listed twice.'),
    }),
    defineField({
      name: 'accessed',
      title: 'Accessed',
      type: 'date',
      group: 'source',
      validation: (rule) =>
        rule
          .custom((value) =>
            typeof value === 'string' && value > todayIsoDate()
              ? 'The accessed date cannot be in the future.'
              : true,
          )
          .error(),
    }),
    defineField({
      name: 'publisher',
      title: 'Publisher or site',
      type: 'string',
      group: 'source',
      description: 'CSL container-title or publisher, e.g. "PMC" or "Cleveland Clinic".',
    }),
    defineField({
      name: 'sourceType',
      title: 'Source type',
      type: 'string',
      group: 'source',
      options: {list: [...SOURCE_TYPES]},
      validation: (rule) =>
        rule.required().warning('Choose a source type so readers can weigh the evidence.'),
    }),
    defineField({
      name: 'issued',
      title: 'Year published',
      type: 'number',
      group: 'source',
      validation: (rule) =>
        rule.integer().min(1800).max(2100).error('Enter a four-digit year, e.g. 2021.'),
    }),
    defineField({
      name: 'doi',
      title: 'DOI',
      type: 'string',
      group: 'identifiers',
      validation: (rule) =>
        rule
          .regex(DOI_PATTERN, {name: 'DOI'})
          .error('A DOI looks like 10.1161/01.CIR.0000063575 (starts with "10.").'),
    }),
    defineField({
      name: 'pmid',
      title: 'PubMed ID (PMID)',
      type: 'string',
      group: 'identifiers',
      validation: (rule) =>
        rule.regex(PMID_PATTERN, {name: 'PMID'}).error('A PMID is digits only, e.g. 31234567.'),
    }),
    defineField({
      name: 'pmcid',
      title: 'PubMed Central ID (PMCID)',
      type: 'string',
      group: 'identifiers',
      validation: (rule) =>
        rule
          .regex(PMCID_PATTERN, {name: 'PMCID'})
          .error('A PMCID is "PMC" followed by digits, e.g. PMC4566462.'),
    }),
    possibleDuplicatesField('supplementContent.citation', 'identifiers'),
  ],
  preview: {
    select: {
      title: 'title',
      publisher: 'publisher',
      sourceType: 'sourceType',
      issued: 'issued',
      accessed: 'accessed',
    },
    prepare: ({title, publisher, sourceType, issued, accessed}) => ({
      title,
      subtitle: [
        publisher,
        titleFor(SOURCE_TYPES, sourceType),
        issued,
        // The date the "re-check" list goes by, in full.
        typeof accessed === 'string' ? `accessed ${accessed}` : 'never accessed',
      ]
        .filter(Boolean)
        .join(' · '),
    }),
  },
})
