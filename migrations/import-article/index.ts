import {readFile} from 'node:fs/promises'

import {at, create, defineMigration, patch, set, transaction, unset} from 'sanity/migrate'

import {provenanceName} from '../../scripts/import/apply.ts'
import {fingerprintOf} from '../../scripts/import/identity.ts'
import {mergeDocument, type StoredDocument, toDraftForm} from '../../scripts/import/merge.ts'
import {planImport} from '../../scripts/import/plan.ts'
import {
  baseEntries,
  type ImportRecord,
  previousDocuments,
  recordContent,
  sameRecordContent,
} from '../../scripts/import/record.ts'
import {readArticleSource} from '../../scripts/import/source.ts'

const TYPES = [
  'supplementContent.supplement',
  'supplementContent.benefit',
  'supplementContent.audience',
  'supplementContent.warning',
  'supplementContent.citation',
  'supplementContent.importRecord',
]

/**
 * `npm run import` through Sanity's migration runner: same plan, same three-way merge into
 * drafts, yielded as one transaction so it lands whole or not at all. Documents are read through
 * `context.filtered`, which the runner fills from the dataset's export (or, in a dry run
 * `--from-export`, from the archive), so a dry run on an export needs no live reads. Fields are
 * set whole (the runner has no diff-match-patch): the same result with larger patches.
 */
export default defineMigration({
  title: 'Import a supplement article (IMPORT_ARTICLE=<article.txt>)',
  documentTypes: TYPES,
  async *migrate(_documents, context) {
    const path = process.env.IMPORT_ARTICLE
    if (!path) throw new Error('Set IMPORT_ARTICLE to the article file to import.')
    await readFile(path) // fail early with the OS error for a missing file
    const source = await readArticleSource(path)
    const sourceFile = provenanceName(path)
    const options = {sourceFile, checksum: source.checksum, importedAt: new Date().toISOString()}
    const {recordId} = planImport(source.text, options)
    const record = ((await context.filtered.getDocument(recordId)) ?? undefined) as
      ImportRecord | undefined
    const plan = planImport(source.text, {...options, previous: previousDocuments(record)})
    const ids = plan.documents.flatMap((doc) => [doc._id, `drafts.${doc._id}`])
    const stored = (await context.filtered.getDocuments(ids)) as unknown as StoredDocument[]
    const byId = new Map(stored.filter(Boolean).map((doc) => [doc._id, doc]))
    const typeOf = new Map(plan.documents.map((doc) => [doc._id, doc._type]))
    const base = baseEntries(record)
    const mutations = []
    const entries = []
    for (const doc of plan.documents) {
      const merge = mergeDocument(
        toDraftForm(doc, (id) => typeOf.get(id)),
        {published: byId.get(doc._id), draft: byId.get(`drafts.${doc._id}`)},
        base.get(doc._id),
        false,
      )
      entries.push({
        documentId: doc._id,
        documentType: doc._type,
        hashes: merge.hashes,
        links: merge.links,
        fingerprint: fingerprintOf(doc),
      })
      if (merge.draftPatch) {
        const {id, ifRevisionID, set: fields, unset: removed} = merge.draftPatch
        mutations.push(
          patch(
            id,
            [
              ...Object.entries(fields).map(([field, value]) => at(field, set(value))),
              ...removed.map((field) => at(field, unset())),
            ],
            {ifRevision: ifRevisionID},
          ),
        )
      } else {
        for (const m of merge.mutations) {
          mutations.push(create((m as {create: StoredDocument}).create))
        }
      }
    }
    const content = recordContent(sourceFile, source.checksum, plan.supplementId, entries)
    if (mutations.length === 0 && sameRecordContent(record, content)) return
    mutations.push(
      record
        ? patch(
            plan.recordId,
            Object.entries(content).map(([field, value]) => at(field, set(value))),
          )
        : create({_id: plan.recordId, _type: 'supplementContent.importRecord', ...content}),
    )
    yield transaction(mutations)
  },
})
