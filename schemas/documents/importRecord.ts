import {DatabaseIcon} from '@sanity/icons/Database'
import {defineArrayMember, defineField, defineType} from 'sanity'

/**
 * What the importer last wrote for one article (a hash per field of each document), so a
 * re-import only updates fields editors have not changed. Its `lock` keeps two imports of the
 * same article from running at once, across machines. Written by scripts/import only.
 */
export const importRecordType = defineType({
  name: 'supplementContent.importRecord',
  title: 'Import record',
  type: 'document',
  icon: DatabaseIcon,
  readOnly: true,
  // Bookkeeping, not content: kept out of global search and its type filter.
  __experimental_omnisearch_visibility: false,
  fields: [
    defineField({name: 'sourceFile', title: 'Source file', type: 'string'}),
    defineField({name: 'checksum', title: 'Checksum (SHA-256)', type: 'string'}),
    defineField({name: 'importedAt', title: 'Imported at', type: 'datetime'}),
    defineField({
      name: 'supplement',
      title: 'Supplement',
      type: 'reference',
      weak: true,
      to: [{type: 'supplementContent.supplement'}],
    }),
    defineField({
      name: 'documents',
      title: 'Documents written',
      type: 'array',
      of: [
        defineArrayMember({
          name: 'importedDocument',
          type: 'object',
          fields: [
            defineField({name: 'documentId', title: 'Document id', type: 'string'}),
            defineField({name: 'documentType', title: 'Document type', type: 'string'}),
            defineField({
              name: 'fieldHashes',
              title: 'Field hashes',
              type: 'text',
              description: 'JSON: field name to a hash of the value the importer wrote.',
            }),
            defineField({
              name: 'links',
              title: 'Linked ids',
              type: 'text',
              description: 'JSON: reference-list field to the ids the article linked.',
            }),
            defineField({
              name: 'fingerprint',
              title: 'Wording',
              type: 'text',
              description: 'What the article said, to recognise the item when it is reworded.',
            }),
          ],
          preview: {select: {title: 'documentId', subtitle: 'documentType'}},
        }),
      ],
    }),
    defineField({
      name: 'lock',
      title: 'Import in progress',
      type: 'object',
      fields: [
        defineField({name: 'holder', title: 'Held by', type: 'string'}),
        defineField({name: 'acquiredAt', title: 'Since', type: 'datetime'}),
        defineField({name: 'expiresAt', title: 'Expires', type: 'datetime'}),
      ],
    }),
  ],
  preview: {select: {title: 'sourceFile', subtitle: 'importedAt'}},
})
