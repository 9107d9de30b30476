import {basename} from 'node:path'

import type {SanityClient} from '@sanity/client'
import {getDraftId} from '@sanity/id-utils'

import {ImportError} from './errors.ts'
import {fingerprintOf} from './identity.ts'
import {acquireLock, type HeldLock, releaseLock} from './lock.ts'
import {
  type Conflict,
  type DocumentMerge,
  mergeDocument,
  type Mutation,
  type StoredDocument,
  toDraftForm,
  type Versions,
} from './merge.ts'
import {type ImportPlan, planImport, type PossibleDuplicate} from './plan.ts'
import {
  baseEntries,
  type ImportRecord,
  previousDocuments,
  recordContent,
  sameRecordContent,
} from './record.ts'
import {readArticleSource} from './source.ts'
import {validatePlan} from './validate.ts'

export interface ImportOptions {
  client: SanityClient
  /** Compute and return the mutations without sending them. */
  dryRun?: boolean
  /** Resolve the conflicts a plain run lists for the article, discarding those editor values. */
  force?: boolean
  /** Skip Sanity's validation of the planned documents (it loads the Studio's schema: ~1 s). */
  skipValidation?: boolean
  /** How long to wait for another import of the same article to finish; default 30 s. */
  lockWaitMs?: number
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
  /** Editor values kept although the article changed them too: resolve in the Studio or with --force. */
  conflicts: Conflict[]
  /** With --force: the editor values this import discarded. */
  overwritten: Conflict[]
  possibleDuplicates: PossibleDuplicate[]
  /** Documents the last import wrote that this article no longer produces; left for editors. */
  stale: string[]
  /** Documents the last import wrote that an editor has deleted (or merged) since: not recreated. */
  deletedByEditors: string[]
  /** Warnings the article no longer states that stay linked from the supplement for an editor to judge. */
  keptLinks: Array<{documentId: string; field: string; id: string}>
  transactionId?: string
}

interface Merged {
  merges: DocumentMerge[]
  mutations: Mutation[]
  stale: string[]
}

/** Provenance names the file, not where it was run from: a re-import from elsewhere is the same. */
export function provenanceName(path: string): string {
  return basename(path)
}

async function readVersions(client: SanityClient, ids: string[]): Promise<Map<string, Versions>> {
  const all = ids.flatMap((id) => [id, getDraftId(id as never) as string])
  const docs = await client.getDocuments<StoredDocument>(all)
  const map = new Map<string, Versions>()
  ids.forEach((id, index) =>
    map.set(id, {published: docs[index * 2] ?? undefined, draft: docs[index * 2 + 1] ?? undefined}),
  )
  return map
}

/**
 * Refuses to write an article over a supplement that another article (or an editor) made: the
 * same title gives the same ids, and merging two articles into one page is never what was meant.
 */
function checkSameArticle(
  plan: ImportPlan,
  versions: Versions | undefined,
  record: ImportRecord | undefined,
  path: string,
): void {
  const existing = versions?.draft ?? versions?.published
  if (!existing && !record?.sourceFile) return
  const name = provenanceName(plan.article.sourceFile)
  const other =
    record?.sourceFile ?? (existing?.provenance as {sourceFile?: string} | undefined)?.sourceFile
  if (other === undefined) {
    throw new ImportError(
      `"${plan.supplementId}" already exists and was not imported (an editor created it); rename the article's title, or delete or rename that supplement in the Studio, then import again`,
      path,
    )
  }
  if (provenanceName(other) !== name) {
    throw new ImportError(
      `"${plan.supplementId}" belongs to another article (${provenanceName(other)}); importing ${name} would overwrite it. If ${name} is a new version of that article, give it that file name; otherwise give the article its own title`,
      path,
    )
  }
}

async function mergeWithDataset(
  client: SanityClient,
  plan: ImportPlan,
  record: ImportRecord | undefined,
  force: boolean,
  importedAt: string,
  path: string,
  lockRev?: string,
): Promise<Merged> {
  const ids = plan.documents.map((doc) => doc._id)
  const versions = await readVersions(client, ids)
  checkSameArticle(plan, versions.get(plan.supplementId), record, path)
  const base = baseEntries(record)
  const typeOf = new Map(plan.documents.map((doc) => [doc._id, doc._type]))
  const merges = plan.documents.map((doc) =>
    mergeDocument(
      toDraftForm(doc, (id) => typeOf.get(id)),
      versions.get(doc._id) ?? {},
      base.get(doc._id),
      force,
    ),
  )
  const content = recordContent(
    plan.article.sourceFile,
    String((plan.documents.at(-1)?.provenance as {checksum?: string} | undefined)?.checksum),
    plan.supplementId,
    merges.map((m, index) => ({
      documentId: m.documentId,
      documentType: m.documentType,
      hashes: m.hashes,
      links: m.links,
      fingerprint: fingerprintOf(plan.documents[index]),
    })),
  )
  const mutations = merges.flatMap((m) => m.mutations)
  if (lockRev) {
    // Under the lock the record is always written: its revision check makes the transaction
    // conditional on still holding the lock, and the same patch gives the lock back.
    if (mutations.length > 0 || !sameRecordContent(record, content)) {
      mutations.push({
        patch: {
          id: plan.recordId,
          ifRevisionID: lockRev,
          set: {...content, importedAt},
          unset: ['lock'],
        },
      })
    }
  } else if (mutations.length > 0 || !sameRecordContent(record, content)) {
    mutations.push(
      record
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
    overwritten: merged.merges.flatMap((m) => m.overwritten),
    possibleDuplicates: plan.possibleDuplicates,
    stale: merged.stale,
    deletedByEditors: merged.merges.filter((m) => m.deleted).map((m) => m.documentId),
    keptLinks: merged.merges.flatMap((m) =>
      m.keptLinks.map((link) => ({documentId: m.documentId, ...link})),
    ),
    transactionId,
  }
}

/** The plan, with reworded items matched to what the previous import of the article wrote. */
function planAgainst(
  text: string,
  sourceFile: string,
  checksum: string,
  importedAt: string,
  record: ImportRecord | undefined,
): ImportPlan {
  return planImport(text, {sourceFile, checksum, importedAt, previous: previousDocuments(record)})
}

/**
 * Imports one article into the client's dataset in a single transaction: all of it lands or none
 * of it does. Everything lands in drafts: readers see it only once a medical reviewer approves
 * it. An unchanged article sends nothing; fields editors changed are kept, in their drafts too.
 */
export async function importArticleFile(
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const {client, dryRun = false, force = false} = options
  const now = options.now ?? (() => new Date())
  const source = await readArticleSource(path)
  const sourceFile = provenanceName(path)
  const importedAt = now().toISOString()
  const recordId = planImport(source.text, {sourceFile, checksum: source.checksum}).recordId
  const readRecord = async () => (await client.getDocument<ImportRecord>(recordId)) ?? undefined
  let record = await readRecord()
  let plan = planAgainst(source.text, sourceFile, source.checksum, importedAt, record)
  if (!options.skipValidation) await validatePlan(plan, path)

  const first = await mergeWithDataset(client, plan, record, force, importedAt, path)
  if (dryRun || first.mutations.length === 0) return summary(plan, first, dryRun)

  let held: HeldLock | undefined
  try {
    held = await acquireLock(client, recordId, path, {now, waitMs: options.lockWaitMs})
    // Read again under the lock: another import may have landed between the first read and now.
    record = await readRecord()
    plan = planAgainst(source.text, sourceFile, source.checksum, importedAt, record)
    const merged = await mergeWithDataset(client, plan, record, force, importedAt, path, held.rev)
    if (merged.mutations.length === 0) return summary(plan, merged, false) // finally gives the lock back
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
    if (held) await releaseLock(client, recordId, held)
  }
}
