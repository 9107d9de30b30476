import {defineField, defineType} from 'sanity'

/**
 * One document a medical review approved, at the revision it approved. The site shows a supplement
 * only while it and every document it approved are still at these revisions, so an edit published
 * after the review never reaches readers until a reviewer approves it again.
 */
export const reviewedDocumentType = defineType({
  name: 'supplementContent.reviewedDocument',
  title: 'Reviewed document',
  type: 'object',
  readOnly: true,
  fields: [
    defineField({
      name: 'document',
      title: 'Document',
      type: 'reference',
      // Weak: a review's bookkeeping must never stop an editor from unlinking or deleting.
      weak: true,
      to: [
        {type: 'supplementContent.benefit'},
        {type: 'supplementContent.audience'},
        {type: 'supplementContent.warning'},
        {type: 'supplementContent.citation'},
      ],
    }),
    defineField({
      name: 'revision',
      title: 'Approved revision',
      type: 'string',
      description: 'The published revision (`_rev`) the reviewer approved.',
    }),
  ],
  preview: {select: {title: 'document.title', name: 'document.name', subtitle: 'revision'}},
})
