import {readFile} from 'node:fs/promises'

import {at, create, defineMigration, patch, set, transaction, unset} from 'sanity/migrate'

import {mergeDocument, type StoredDocument} from '../../scripts/import/merge.ts'
import {planImport} from '../../scripts/import/plan.ts'
import {baseHashes, type ImportRecord, recordContent} from '../../scripts/import/record.ts'
import {readArticleSource} from '../../scripts/import/source.ts'

/**
 * `npm run import` through Sanity's migration runner: same plan, same three-way merge, yielded
 * as one transaction so it lands whole or not at all. Fields are set whole (the runner has no
 * diff-match-patch), which is the same result with larger patches.
 */
export default defineMigration({
  title: 'Import a supplement article (IMPORT_ARTICLE=<article.txt>)',
  // Documents are read by id through the context client; the runner's scan is not needed.
  documentTypes: ['supplementContent.importRecord'],
  async *migrate(_documents, context) {
    const path = process.env.IMPORT_ARTICLE
    if (!path) throw new Error('Set IMPORT_ARTICLE to the article file to import.')
    await readFile(path) // fail early with the OS error for a missing file
    const source = await readArticleSource(path)
    const plan = planImport(source.text, {
      sourceFile: source.sourceFile,
      checksum: source.checksum,
      importedAt: new Date().toISOString(),
    })
    const ids = plan.documents.map((doc) => doc._id)
    const stored = await context.client.getDocuments<StoredDocument>(ids)
    const record = (await context.client.getDocument<ImportRecord>(plan.recordId)) ?? undefined
    const base = baseHashes(record)
    const mutations = []
    const hashes = []
    for (const [index, doc] of plan.documents.entries()) {
      const current = (stored[index] ?? undefined) as StoredDocument | undefined
      const merge = mergeDocument(doc, current, base.get(doc._id), false)
      hashes.push({documentId: doc._id, documentType: doc._type, hashes: merge.hashes})
      if (merge.action === 'create') mutations.push(create(doc))
      if (merge.action !== 'update' || !current) continue
      const changed = Object.keys({...doc, ...current}).filter(
        (field) =>
          !field.startsWith('_') &&
          merge.hashes[field] !== undefined &&
          base.get(doc._id)?.[field] !== merge.hashes[field] &&
          JSON.stringify(current[field]) !== JSON.stringify(doc[field]),
      )
      const operations = changed.map((field) =>
        doc[field] === undefined ? at(field, unset()) : at(field, set(doc[field])),
      )
      if (operations.length > 0)
        mutations.push(patch(doc._id, operations, {ifRevision: current._rev}))
    }
    if (mutations.length === 0) return
    const content = recordContent(source.sourceFile, source.checksum, plan.supplementId, hashes)
    mutations.push(
      record
        ? patch(plan.recordId, [
            at('documents', set(content.documents)),
            at('checksum', set(content.checksum)),
          ])
        : create({_id: plan.recordId, _type: 'supplementContent.importRecord', ...content}),
    )
    yield transaction(mutations)
  },
})
