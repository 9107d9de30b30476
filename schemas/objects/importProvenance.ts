import {defineField, defineType} from 'sanity'

/** Where an imported document came from, so editors and re-imports can trace it back. */
export const importProvenanceType = defineType({
  name: 'supplementContent.importProvenance',
  title: 'Import provenance',
  type: 'object',
  readOnly: true,
  fields: [
    defineField({name: 'sourceFile', title: 'Source file', type: 'string'}),
    defineField({
      name: 'checksum',
      title: 'Checksum (SHA-256)',
      type: 'string',
      description: 'Of the article file as imported; a changed file gets a new checksum.',
    }),
    defineField({name: 'importedAt', title: 'Imported at', type: 'datetime'}),
  ],
})
