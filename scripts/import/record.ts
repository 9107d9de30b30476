import {keyFor} from './ids.ts'
import type {FieldHashes} from './merge.ts'
import {stableJson} from './text.ts'

export interface ImportedDocumentEntry {
  _key: string
  _type: 'importedDocument'
  documentId: string
  documentType: string
  /** JSON object of field name to hash of the value the importer last wrote. */
  fieldHashes: string
}

export interface ImportLock {
  holder: string
  acquiredAt: string
  expiresAt: string
}

export interface ImportRecord {
  _id: string
  _type: 'supplementContent.importRecord'
  _rev?: string
  sourceFile?: string
  checksum?: string
  importedAt?: string
  supplement?: {_type: 'reference'; _ref: string; _weak: true}
  documents?: ImportedDocumentEntry[]
  lock?: ImportLock
}

/** The fields of the record that describe content; comparing them tells if it must be rewritten. */
export interface RecordContent {
  sourceFile: string
  checksum: string
  supplement: {_type: 'reference'; _ref: string; _weak: true}
  documents: ImportedDocumentEntry[]
}

export function recordContent(
  sourceFile: string,
  checksum: string,
  supplementId: string,
  hashes: Array<{documentId: string; documentType: string; hashes: FieldHashes}>,
): RecordContent {
  return {
    sourceFile,
    checksum,
    supplement: {_type: 'reference', _ref: supplementId, _weak: true},
    documents: hashes.map(({documentId, documentType, hashes: fields}) => ({
      _key: keyFor(documentId),
      _type: 'importedDocument',
      documentId,
      documentType,
      fieldHashes: stableJson(fields),
    })),
  }
}

export function baseHashes(record: ImportRecord | undefined): Map<string, FieldHashes> {
  const map = new Map<string, FieldHashes>()
  for (const entry of record?.documents ?? []) {
    try {
      map.set(entry.documentId, JSON.parse(entry.fieldHashes) as FieldHashes)
    } catch {
      // A damaged entry means "not written by the importer": its fields become conflicts.
    }
  }
  return map
}

export function sameRecordContent(
  record: ImportRecord | undefined,
  content: RecordContent,
): boolean {
  if (!record) return false
  const stored: RecordContent = {
    sourceFile: record.sourceFile ?? '',
    checksum: record.checksum ?? '',
    supplement: record.supplement ?? {_type: 'reference', _ref: '', _weak: true},
    documents: record.documents ?? [],
  }
  return stableJson(stored) === stableJson(content)
}
