import {keyFor} from './ids.ts'
import type {PreviousDocument} from './identity.ts'
import type {FieldHashes} from './merge.ts'
import {stableJson} from './text.ts'

export interface ImportedDocumentEntry {
  _key: string
  _type: 'importedDocument'
  documentId: string
  documentType: string
  /** JSON object of field name to hash of the value the importer last wrote. */
  fieldHashes: string
  /** JSON object of reference-list field to the ids the article linked, for item-level merges. */
  links?: string
  /** The document's wording, to recognise it when the article rewords it. */
  fingerprint?: string
}

/** What the previous import knew about one document. */
export interface BaseEntry {
  hashes: FieldHashes
  links?: Record<string, string[]>
  fingerprint?: string
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
  entries: Array<{
    documentId: string
    documentType: string
    hashes: FieldHashes
    links?: Record<string, string[]>
    fingerprint?: string
  }>,
): RecordContent {
  return {
    sourceFile,
    checksum,
    supplement: {_type: 'reference', _ref: supplementId, _weak: true},
    documents: entries.map(({documentId, documentType, hashes, links, fingerprint}) => ({
      _key: keyFor(documentId),
      _type: 'importedDocument',
      documentId,
      documentType,
      fieldHashes: stableJson(hashes),
      ...(links && Object.keys(links).length > 0 ? {links: stableJson(links)} : {}),
      ...(fingerprint ? {fingerprint} : {}),
    })),
  }
}

export function baseEntries(record: ImportRecord | undefined): Map<string, BaseEntry> {
  const map = new Map<string, BaseEntry>()
  for (const entry of record?.documents ?? []) {
    try {
      map.set(entry.documentId, {
        hashes: JSON.parse(entry.fieldHashes) as FieldHashes,
        links: entry.links ? (JSON.parse(entry.links) as Record<string, string[]>) : undefined,
        fingerprint: entry.fingerprint,
      })
    } catch {
      // A damaged entry means "not written by the importer": its fields become conflicts.
    }
  }
  return map
}

/** The previous import's documents, for matching reworded items to them. */
export function previousDocuments(record: ImportRecord | undefined): PreviousDocument[] {
  return (record?.documents ?? []).map(({documentId, documentType, fingerprint}) => ({
    documentId,
    documentType,
    fingerprint,
  }))
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
