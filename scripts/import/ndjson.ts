import {writeFile} from 'node:fs/promises'

import type {ImportDocument} from './plan.ts'

/** One document per line, the format `sanity dataset import` reads; referenced documents first. */
export function toNdjson(documents: ImportDocument[]): string {
  return documents.map((doc) => JSON.stringify(doc)).join('\n') + '\n'
}

export async function writeNdjson(path: string, documents: ImportDocument[]): Promise<void> {
  await writeFile(path, toNdjson(documents), 'utf8')
}
