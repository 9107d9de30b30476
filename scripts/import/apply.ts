import type {SanityClient} from '@sanity/client'

import {ImportError} from './errors.ts'
import {acquireLock, type HeldLock, releaseLock} from './lock.ts'
import {
  type Conflict,
  type DocumentMerge,
  mergeDocument,
  type Mutation,
  type StoredDocument,
} from './merge.ts'
import {type ImportPlan, planImport, type PossibleDuplicate} from './plan.ts'
import {baseHashes, type ImportRecord, recordContent, sameRecordContent} from './record.ts'
import {readArticleSource} from './source.ts'
import {validatePlan} from './validate.ts'

export interface ImportOptions {
  client: SanityClient
  /** Compute and return the mutations without sending them. */
  dryRun?: boolean
  /** Overwrite fields editors changed since the last import. */
  force?: boolean
  /** Skip Sanity's validation of the planned documents (it loads the Studio's schema: ~1 s). */
  skipValidation?: boolean
  now?: () => Date
}

export type TypeCounts = Record<string, {created: number; updated: number; unchanged: number}>

export interface ImportSummary {
  sourceFile: string
  supplementId: string
  dryRun: boolean
  counts: TypeCounts
  /** Mutations sent (or, in a dry run, that would be sent); 0 for an unchanged article. */
  mutationCount: number
  mutations: Mutation[]
  conflicts: Conflict[]
  possibleDuplicates: PossibleDuplicate[]
  /** Documents the last import wrote that this article no longer produces; left for editors. */
  stale: string[]
  transactionId?: string
}

interface Merged {
  merges: DocumentMerge[]
  mutations: Mutation[]
  stale: string[]
}

async function mergeWithDataset(
  client: SanityClient,
  plan: ImportPlan,
  checksum: string,
  force: boolean,
  importedAt: string,
  lockRev?: string,
): Promise<Merged> {
  const ids = plan.documents.map((doc) => doc._id)
  const [stored, record] = await Promise.all([
    client.getDocuments<StoredDocument>(ids),
    client.getDocument<ImportRecord>(plan.recordId),
  ])
  const base = baseHashes(record)
  const merges = plan.documents.map((doc, index) =>
    mergeDocument(
      doc,
      (stored[index] ?? undefined) as StoredDocument | undefined,
      base.get(doc._id),
      force,
    ),
  )
  const content = recordContent(
    plan.article.sourceFile,
    String(
      (plan.documents.at(-1)?.provenance as {checksum?: string} | undefined)?.checksum ?? checksum,
    ),
    plan.supplementId,
    merges.map((m) => ({documentId: m.documentId, documentType: m.documentType, hashes: m.hashes})),
  )
  const mutations = merges.flatMap((m) => m.mutations)
  if (mutations.length > 0 || !sameRecordContent(record ?? undefined, content)) {
    mutations.push(
      lockRev
        ? {
            patch: {
              id: plan.recordId,
              ifRevisionID: lockRev,
              set: {...content, importedAt},
              unset: ['lock'],
            },
          }
        : record
          ? {patch: {id: plan.recordId, ifRevisionID: record._rev, set: {...content, importedAt}}}
          : {
              create: {
                _id: plan.recordId,
                _type: 'supplementContent.importRecord',
                ...content,
                importedAt,
              },
            },
    )
  }
  const stale = [...base.keys()].filter((id) => !ids.includes(id))
  return {merges, mutations, stale}
}

function countByType(merges: DocumentMerge[]): TypeCounts {
  const counts: TypeCounts = {}
  for (const merge of merges) {
    const entry = (counts[merge.documentType] ??= {created: 0, updated: 0, unchanged: 0})
    entry[
      merge.action === 'create' ? 'created' : merge.action === 'update' ? 'updated' : 'unchanged'
    ]++
  }
  return counts
}

function summary(
  plan: ImportPlan,
  merged: Merged,
  dryRun: boolean,
  transactionId?: string,
): ImportSummary {
  return {
    sourceFile: plan.article.sourceFile,
    supplementId: plan.supplementId,
    dryRun,
    counts: countByType(merged.merges),
    mutationCount: merged.mutations.length,
    mutations: merged.mutations,
    conflicts: merged.merges.flatMap((m) => m.conflicts),
    possibleDuplicates: plan.possibleDuplicates,
    stale: merged.stale,
    transactionId,
  }
}

/**
 * Imports one article into the client's dataset in a single transaction: all of it lands or none
 * of it does. An unchanged article sends nothing; fields editors changed are kept.
 */
export async function importArticleFile(
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const {client, dryRun = false, force = false} = options
  const now = options.now ?? (() => new Date())
  const source = await readArticleSource(path)
  const importedAt = now().toISOString()
  const plan = planImport(source.text, {
    sourceFile: source.sourceFile,
    checksum: source.checksum,
    importedAt,
  })
  if (!options.skipValidation) await validatePlan(plan, path)

  const first = await mergeWithDataset(client, plan, source.checksum, force, importedAt)
  if (dryRun || first.mutations.length === 0) return summary(plan, first, dryRun)

  let held: HeldLock | undefined
  try {
    held = await acquireLock(client, plan.recordId, path, now())
    // Read again under the lock: another import may have landed between the first read and now.
    const merged = await mergeWithDataset(
      client,
      plan,
      source.checksum,
      force,
      importedAt,
      held.rev,
    )
    const result = await client.mutate(merged.mutations as never, {visibility: 'sync'})
    held = undefined
    return summary(plan, merged, false, result.transactionId)
  } catch (error) {
    if (error instanceof ImportError) throw error
    const status = (error as {statusCode?: number}).statusCode
    if (status === 409 || status === 412) {
      throw new ImportError(
        'a document changed while importing (an editor or another import); nothing was written, run the import again',
        path,
      )
    }
    throw error
  } finally {
    if (held) await releaseLock(client, plan.recordId, held)
  }
}
