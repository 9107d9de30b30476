import {Mutation} from '@sanity/mutator'

import type {Dataset} from './dataset.ts'
import {type Doc, isDraftId, isVersionId, randomId, strongReferences} from './documents.ts'
import {mutationError} from './errors.ts'
import {checkDocument, checkId, type DocumentRules} from './validate.ts'

export type Operation = 'create' | 'update' | 'delete' | 'none'

export interface Change {
  id: string
  before: Doc | null
  after: Doc | null
  operation: Exclude<Operation, 'none'>
  /** The mutations of this transaction that touched the document, for `listen` events. */
  mutations: unknown[]
  /** `after` as JSON, made once by the validation and reused by the store and the query workers. */
  body?: string
}

export interface Result {
  id: string
  operation: Operation
  document?: Doc
}

type PatchBody = Record<string, unknown> & {id?: string; ifRevisionID?: string}

/** What a patch may hold besides the operations: anything else is refused, not ignored. */
const PATCH_OPERATIONS = new Set([
  'set',
  'setIfMissing',
  'unset',
  'insert',
  'inc',
  'dec',
  'diffMatchPatch',
])
const PATCH_FIELDS = new Set(['id', 'query', 'params', 'ifRevisionID'])

/**
 * Stages a transaction's writes over a dataset without touching it: every mutation reads what the
 * earlier ones staged, and `changes()` checks reference integrity on the final state. Nothing reaches
 * the dataset or disk unless the whole transaction passes.
 */
export class Transaction {
  readonly id: string
  readonly timestamp: string
  readonly dataset: Dataset
  readonly results: Result[] = []
  private readonly staged = new Map<string, Doc | null>()
  private readonly touchedBy = new Map<string, unknown[]>()
  /** Index of the mutation or action being applied, named in errors. */
  index = 0

  private readonly rules: DocumentRules

  constructor(dataset: Dataset, rules: DocumentRules, id?: string) {
    this.dataset = dataset
    this.rules = rules
    this.id = id || randomId()
    this.timestamp = new Date().toISOString()
  }

  get(id: string): Doc | null {
    return this.staged.has(id) ? this.staged.get(id)! : (this.dataset.get(id) ?? null)
  }

  create(input: unknown, source: unknown): Result {
    const {id, doc} = this.validDocument(input)
    if (this.get(id)) {
      throw mutationError(409, this.index, {
        description: `Document by ID "${id}" already exists`,
        id,
        type: 'documentAlreadyExistsError',
      })
    }
    return this.write(id, doc, source)
  }

  createIfNotExists(input: unknown, source: unknown): Result {
    const {id, doc} = this.validDocument(input)
    const existing = this.get(id)
    if (existing) return {id, operation: 'none', document: existing}
    return this.write(id, doc, source)
  }

  createOrReplace(input: unknown, source: unknown): Result {
    const {id, doc} = this.validDocument(input)
    return this.write(id, doc, source)
  }

  delete(id: string, source: unknown): Result {
    this.staged.set(id, null)
    this.touch(id, source)
    return {id, operation: 'delete'}
  }

  /** Applies one patch (set, unset, insert, inc, dec, diffMatchPatch, ...) with @sanity/mutator. */
  patch(id: string, patch: PatchBody, source: unknown): Result {
    const current = this.get(id)
    if (!current) {
      throw mutationError(404, this.index, {
        description: `Cannot modify document "${id}": it does not exist`,
        id,
        type: 'documentNotFoundError',
      })
    }
    if (patch.ifRevisionID !== undefined && patch.ifRevisionID !== current._rev) {
      throw mutationError(409, this.index, {
        description: `Document "${id}" has unexpected revision ID ("${current._rev}"), expected "${patch.ifRevisionID}"`,
        id,
        currentRevisionID: current._rev,
        expectedRevisionID: patch.ifRevisionID,
        type: 'documentRevisionIDDoesNotMatchError',
      })
    }
    for (const key of Object.keys(patch)) {
      if (!PATCH_OPERATIONS.has(key) && !PATCH_FIELDS.has(key)) {
        throw mutationError(400, this.index, {
          description: `Unknown patch operation "${key}" for "${id}"`,
          id,
          type: 'invalidPatchError',
        })
      }
      const problem = operationProblem(key, (patch as Record<string, unknown>)[key])
      if (problem) {
        throw mutationError(400, this.index, {
          description: `Invalid patch for "${id}": ${problem}`,
          id,
          type: 'invalidPatchError',
        })
      }
    }
    const {ifRevisionID: _ignored, ...operations} = patch
    let next: Doc | null
    try {
      const mutation = new Mutation({mutations: [{patch: {...operations, id} as never}]})
      next = mutation.apply(structuredClone(current) as never) as Doc | null
    } catch (error) {
      throw mutationError(400, this.index, {
        description: `Invalid patch for "${id}": ${(error as Error).message}`,
        id,
        type: 'invalidPatchError',
      })
    }
    if (!next || next._id !== id) {
      throw mutationError(400, this.index, {
        description: `A patch may not change or remove the _id of "${id}"`,
        id,
        type: 'invalidPatchError',
      })
    }
    return this.write(id, next, source, 'update')
  }

  /** Writes a whole document, keeping `_createdAt` and stamping the transaction's revision. */
  write(id: string, doc: Doc, source: unknown, operation?: Operation): Result {
    checkId(id, this.index)
    const before = this.get(id)
    const next: Doc = {
      ...doc,
      _id: id,
      _rev: this.id,
      _createdAt: (before?._createdAt as string) || doc._createdAt || this.timestamp,
      _updatedAt: this.timestamp,
    }
    this.staged.set(id, next)
    this.touch(id, source)
    return {id, operation: operation ?? (before ? 'update' : 'create'), document: next}
  }

  /** The net change per document, after checking that no strong reference breaks. */
  changes(): Change[] {
    const changes: Change[] = []
    for (const [id, after] of this.staged) {
      const before = this.dataset.get(id) ?? null
      if (!before && !after) continue
      const operation: Change['operation'] = !after ? 'delete' : before ? 'update' : 'create'
      const body = after ? checkDocument(after, this.index, this.rules) : undefined
      changes.push({id, before, after, operation, mutations: this.touchedBy.get(id) ?? [], body})
    }
    this.checkReferences(changes)
    return changes
  }

  private checkReferences(changes: Change[]): void {
    for (const change of changes) {
      if (change.operation === 'delete') {
        const blocking = this.dataset
          .blockingReferrers(change.id)
          .filter((source) => strongReferences(this.get(source)).has(change.id))
        const staged = changes
          .filter((other) => other.after && !isDraftOrVersion(other.id))
          .filter((other) => strongReferences(other.after).has(change.id))
          .map((other) => other.id)
        const referencingIDs = [...new Set([...blocking, ...staged])]
        if (referencingIDs.length > 0) {
          throw mutationError(409, this.index, {
            description: `Document "${change.id}" cannot be deleted as there are references to it from "${referencingIDs[0]}"`,
            id: change.id,
            referencingIDs,
            type: 'documentHasExistingReferencesError',
          })
        }
      } else if (change.after && !isDraftOrVersion(change.id)) {
        for (const target of strongReferences(change.after)) {
          if (!this.get(target)) {
            throw mutationError(409, this.index, {
              description: `Document "${change.id}" references non-existent document "${target}"`,
              id: change.id,
              referencedID: target,
              type: 'documentReferenceMissingError',
            })
          }
        }
      }
    }
  }

  /**
   * The document a create names, and its id (a random one when absent, or appended to a prefix
   * ending in "."). The input is not copied: `write` makes the staged document a new top-level
   * object with the system fields, and staged and stored documents are never modified in place
   * (a patch works on a clone), so sharing the nested values the caller parsed is safe. Cloning
   * each document was a third of the validation's cost on a bulk import.
   */
  private validDocument(input: unknown): {id: string; doc: Doc} {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw mutationError(400, this.index, {
        description: 'Document must be an object',
        type: 'invalidDocumentError',
      })
    }
    const doc = input as Doc
    let id: unknown = doc._id ?? randomId()
    if (typeof id === 'string' && id.endsWith('.')) id += randomId()
    checkId(id, this.index)
    if (typeof doc._type !== 'string' || doc._type === '') {
      throw mutationError(400, this.index, {
        description: `Document "${id}" is missing the required _type attribute`,
        id,
        type: 'invalidDocumentError',
      })
    }
    return {id, doc}
  }

  private touch(id: string, source: unknown): void {
    const list = this.touchedBy.get(id)
    if (list) list.push(source)
    else this.touchedBy.set(id, [source])
  }
}

/**
 * What is wrong with one patch operation's value, if anything. @sanity/mutator applies what it can
 * and skips the rest, so a `set: null` or an `insert` whose `items` is not an array would succeed
 * without doing what was asked, and an `inc` by a string would store null.
 */
function operationProblem(operation: string, value: unknown): string | undefined {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value)
  switch (operation) {
    case 'set':
    case 'setIfMissing':
    case 'diffMatchPatch':
      return isObject ? undefined : `"${operation}" must be an object of paths and values`
    case 'inc':
    case 'dec':
      return isObject && Object.values(value as object).every((n) => typeof n === 'number')
        ? undefined
        : `"${operation}" must map paths to numbers`
    case 'unset':
      return Array.isArray(value) && value.every((path) => typeof path === 'string')
        ? undefined
        : '"unset" must be an array of paths'
    case 'insert': {
      if (!isObject) return '"insert" must be an object'
      const insert = value as Record<string, unknown>
      const positions = ['before', 'after', 'replace'].filter((key) => insert[key] !== undefined)
      if (positions.length !== 1 || typeof insert[positions[0]] !== 'string')
        return '"insert" needs exactly one of "before", "after" or "replace", a path'
      return Array.isArray(insert.items) ? undefined : '"insert.items" must be an array'
    }
    case 'ifRevisionID':
      return typeof value === 'string' ? undefined : '"ifRevisionID" must be a string'
    default:
      return undefined
  }
}

function isDraftOrVersion(id: string): boolean {
  return isDraftId(id) || isVersionId(id)
}
