import {LOCAL_PROJECT_ID} from '../scripts/lib/env.ts'
import type {Doc} from './documents.ts'
import type {Lake} from './lake.ts'
import {RAW} from './perspectives.ts'

export interface ReferenceTo {
  documentId: string
  datasetName: string
  projectId: string
  /** Where in the referring document the references sit (`excludePaths=false`). */
  paths?: string[]
}

/** Enough for any dialog; the count stays exact up to here. */
const MAX_REFERENCES = 1000

/**
 * Documents that refer to `id` of `dataset`: cross-dataset references (`_dataset` naming this
 * dataset, `_projectId` absent or this project) from every other dataset, and, unless excluded,
 * plain references from within the dataset.
 */
export function referencesTo(
  lake: Lake,
  dataset: string,
  id: string,
  options: {internal: boolean; paths: boolean},
): ReferenceTo[] {
  const found: ReferenceTo[] = []
  for (const name of lake.datasetNames()) {
    const internal = name === dataset
    if (internal && !options.internal) continue
    for (const doc of lake.dataset(name).view(RAW, false)) {
      const paths = referencePaths(doc, (value) =>
        internal
          ? value._ref === id && value._dataset === undefined
          : value._ref === id &&
            value._dataset === dataset &&
            (value._projectId === undefined || value._projectId === LOCAL_PROJECT_ID),
      )
      if (paths.length === 0) continue
      const reference: ReferenceTo = {
        documentId: String(doc._id),
        datasetName: name,
        projectId: LOCAL_PROJECT_ID,
      }
      if (options.paths) reference.paths = paths
      found.push(reference)
      if (found.length >= MAX_REFERENCES) return found
    }
  }
  return found
}

function referencePaths(doc: Doc, matches: (value: Record<string, unknown>) => boolean): string[] {
  const paths: string[] = []
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const key = item && typeof item === 'object' && (item as {_key?: unknown})._key
        walk(item, typeof key === 'string' ? `${path}[_key=="${key}"]` : `${path}[${index}]`)
      })
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      if (typeof record._ref === 'string' && matches(record)) paths.push(path)
      for (const [name, child] of Object.entries(record)) {
        if (child && typeof child === 'object') walk(child, path ? `${path}.${name}` : name)
      }
    }
  }
  walk(doc, '')
  return paths
}
