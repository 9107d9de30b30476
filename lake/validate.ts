import {type Doc, isValidId, nestingExceeds} from './documents.ts'
import {mutationError} from './errors.ts'

export interface DocumentRules {
  maxDocumentBytes: number
  maxDocumentDepth: number
}

/**
 * The one check every stored document passes, whichever route wrote it (mutations, actions, the
 * raw import): an object with a valid `_id` and a `_type`, within the depth and size limits.
 * Returns the document's JSON, which the store then writes as is.
 */
export function checkDocument(doc: unknown, index: number, rules: DocumentRules): string {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw mutationError(400, index, {
      description: 'Document must be an object',
      type: 'invalidDocumentError',
    })
  }
  const {_id: id, _type: type} = doc as Doc
  checkId(id, index)
  if (typeof type !== 'string' || type.trim() === '') {
    throw mutationError(400, index, {
      description: `Document "${id}" is missing the required _type attribute`,
      id,
      type: 'invalidDocumentError',
    })
  }
  if (nestingExceeds(doc, rules.maxDocumentDepth)) {
    throw mutationError(400, index, {
      description: `Document "${id}" nests deeper than ${rules.maxDocumentDepth} levels`,
      id,
      type: 'invalidDocumentError',
    })
  }
  const body = JSON.stringify(doc)
  // One UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the length can't decide.
  const bytes = body.length * 3 <= rules.maxDocumentBytes ? body.length : Buffer.byteLength(body)
  if (bytes > rules.maxDocumentBytes) {
    throw mutationError(413, index, {
      description: `Document "${id}" is ${bytes} bytes, over the limit of ${rules.maxDocumentBytes}`,
      id,
      type: 'documentTooLargeError',
    })
  }
  return body
}

/** Sanity's document id rules: 1-128 of `A-Za-z0-9._-`, not starting with `-` or `.`, no `..`. */
export function checkId(id: unknown, index: number): asserts id is string {
  if (!isValidId(id)) {
    const shown = typeof id === 'string' ? id.slice(0, 200) : JSON.stringify(id ?? null)
    throw mutationError(400, index, {
      description: `Malformed document ID: "${shown}"`,
      id: typeof id === 'string' ? id.slice(0, 200) : undefined,
      type: 'invalidDocumentIdError',
    })
  }
}

const TRANSACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** A client-chosen transaction id becomes every written document's `_rev`: it must look like one. */
export function checkTransactionId(id: unknown): string | undefined {
  if (id === undefined || id === null) return undefined
  if (typeof id !== 'string' || !TRANSACTION_ID.test(id)) {
    throw mutationError(400, 0, {
      description: 'transactionId must be 1-128 characters of A-Z, a-z, 0-9, ".", "_" and "-"',
      type: 'invalidTransactionIdError',
    })
  }
  return id
}
