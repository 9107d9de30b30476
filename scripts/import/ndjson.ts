import {writeFile} from 'node:fs/promises'

import {getDraftId} from '@sanity/id-utils'

import {toDraftForm} from './merge.ts'
import type {ImportDocument, ImportPlan} from './plan.ts'

/** One document per line, the format `sanity dataset import` reads; referenced documents first. */
export function toNdjson(documents: ImportDocument[]): string {
  return documents.map((doc) => JSON.stringify(doc)).join('\n') + '\n'
}

/**
 * The plan as drafts, as the importer writes them: a dataset import of the file publishes nothing
 * a medical reviewer has not approved.
 */
export function draftDocuments(plan: ImportPlan): ImportDocument[] {
  const typeOf = new Map(plan.documents.map((doc) => [doc._id, doc._type]))
  return plan.documents.map((doc) => ({
    ...toDraftForm(doc, (id) => typeOf.get(id)),
    _id: getDraftId(doc._id as never) as string,
  }))
}

export async function writeNdjson(path: string, documents: ImportDocument[]): Promise<void> {
  await writeFile(path, toNdjson(documents), 'utf8')
}
