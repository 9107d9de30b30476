import {defineArrayMember, defineField} from 'sanity'

/**
 * Citations the importer matched to this claim by wording. They are weak references so an
 * unconfirmed suggestion never blocks deleting a citation; an editor confirms one by moving it
 * to "Supporting citations".
 */
export function suggestedCitationsField(group?: string) {
  return defineField({
    name: 'suggestedCitations',
    title: 'Suggested citations',
    type: 'array',
    group,
    description: 'Suggested by the importer from matching wording. Confirm by adding to Citations.',
    of: [
      defineArrayMember({
        type: 'reference',
        weak: true,
        to: [{type: 'supplementContent.citation'}],
      }),
    ],
  })
}

export function supportingCitationsField(group?: string) {
  return defineField({
    name: 'citations',
    title: 'Supporting citations',
    type: 'array',
    group,
    of: [defineArrayMember({type: 'reference', to: [{type: 'supplementContent.citation'}]})],
    validation: (rule) => rule.unique().error('A citation is listed twice.'),
  })
}

/** Documents the importer could not tell apart from this one; editors merge or dismiss them. */
export function possibleDuplicatesField(type: string, group?: string) {
  return defineField({
    name: 'possibleDuplicates',
    title: 'Possible duplicates',
    type: 'array',
    group,
    description:
      'The importer was unsure whether these are the same. Merge them or clear this list.',
    of: [defineArrayMember({type: 'reference', weak: true, to: [{type}]})],
  })
}
