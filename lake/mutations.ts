import {addMissingArrayKeys} from './documents.ts'
import {RAW} from './perspectives.ts'
import {mutationError} from './errors.ts'
import type {QueryInput} from './query.ts'
import type {Transaction} from './transaction.ts'

interface Selection {
  id?: string
  query?: string
  params?: Record<string, unknown>
}

/** Applies Mutations-API mutations (create*, patch, delete by id or query) to a staged transaction. */
export type Selector = (input: QueryInput) => Promise<unknown>

export async function applyMutations(
  tx: Transaction,
  mutations: unknown,
  select: Selector,
): Promise<void> {
  if (!Array.isArray(mutations)) {
    throw mutationError(400, 0, {
      description: '"mutations" must be an array',
      type: 'invalidMutationError',
    })
  }
  tx.dataset.prefetch(idsNamedIn(mutations))
  for (const [index, mutation] of mutations.entries()) {
    tx.index = index
    if (!mutation || typeof mutation !== 'object') {
      throw mutationError(400, index, {
        description: 'A mutation must be an object',
        type: 'invalidMutationError',
      })
    }
    const [kind, ...rest] = Object.keys(mutation)
    const body = (mutation as Record<string, unknown>)[kind]
    if (rest.length > 0) {
      throw mutationError(400, index, {
        description: 'A mutation must have exactly one operation',
        type: 'invalidMutationError',
      })
    }
    const add = (result: ReturnType<Transaction['create']>) => tx.results.push(result)
    switch (kind) {
      case 'create':
        add(tx.create(body, mutation))
        break
      case 'createIfNotExists':
        add(tx.createIfNotExists(body, mutation))
        break
      case 'createOrReplace':
        add(tx.createOrReplace(body, mutation))
        break
      case 'delete':
        for (const id of await selectIds(tx, body as Selection, select)) {
          if (tx.get(id)) add(tx.delete(id, mutation))
        }
        break
      case 'patch': {
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          throw mutationError(400, index, {
            description: 'A patch must be an object',
            type: 'invalidMutationError',
          })
        }
        const patch = body as Selection & Record<string, unknown>
        const {query: _query, params: _params, ...operations} = patch
        for (const id of await selectIds(tx, patch, select)) {
          add(tx.patch(id, {...operations, id}, {patch: {...operations, id}}))
        }
        break
      }
      default:
        throw mutationError(400, index, {
          description: `Unknown mutation type "${kind}"`,
          type: 'invalidMutationError',
        })
    }
  }
}

async function selectIds(
  tx: Transaction,
  selection: Selection | undefined,
  select: Selector,
): Promise<string[]> {
  if (selection && typeof selection.id === 'string') return [selection.id]
  if (selection && typeof selection.query === 'string') {
    const params = selection.params ?? {}
    if (typeof params !== 'object' || Array.isArray(params)) {
      throw mutationError(400, tx.index, {
        description: '"params" must be an object',
        type: 'invalidMutationError',
      })
    }
    const result = await select({
      query: selection.query,
      params,
      perspective: RAW,
      anonymous: false,
      projectId: 'local',
    })
    const items = Array.isArray(result) ? result : [result]
    return items
      .map((item) => (typeof item === 'string' ? item : (item as {_id?: unknown})?._id))
      .filter((id): id is string => typeof id === 'string')
  }
  throw mutationError(400, tx.index, {
    description: 'A delete or patch needs an "id" or a "query"',
    type: 'invalidMutationError',
  })
}

const DOCUMENT_MUTATIONS = new Set(['create', 'createIfNotExists', 'createOrReplace'])

/**
 * `autoGenerateArrayKeys`: a `_key` for every object in the arrays of the documents and patch
 * values the mutations carry (as `sanity migration run` asks for), never for the mutation objects
 * themselves, which are not array members of any document.
 */
export function withArrayKeys(mutations: unknown): unknown {
  if (!Array.isArray(mutations)) return mutations
  return mutations.map((mutation) => {
    if (!mutation || typeof mutation !== 'object' || Array.isArray(mutation)) return mutation
    const copy: Record<string, unknown> = {...mutation}
    for (const [kind, body] of Object.entries(copy)) {
      if (!body || typeof body !== 'object') continue
      if (DOCUMENT_MUTATIONS.has(kind)) {
        const doc = structuredClone(body)
        addMissingArrayKeys(doc)
        copy[kind] = doc
      } else if (kind === 'patch') {
        const patch: Record<string, unknown> = {...body}
        for (const operation of ['set', 'setIfMissing', 'insert']) {
          if (!patch[operation] || typeof patch[operation] !== 'object') continue
          const value = structuredClone(patch[operation]) as Record<string, unknown>
          // `insert.items` are array members themselves; set values hold arrays inside.
          addMissingArrayKeys(operation === 'insert' ? value.items : value)
          patch[operation] = value
        }
        copy[kind] = patch
      }
    }
    return copy
  })
}

/** The ids mutations name directly: read from the store in one go before they are applied. */
function idsNamedIn(mutations: unknown[]): string[] {
  const ids: string[] = []
  for (const mutation of mutations) {
    if (!mutation || typeof mutation !== 'object') continue
    for (const body of Object.values(mutation)) {
      const id = body && typeof body === 'object' ? (body as {_id?: unknown; id?: unknown}) : {}
      if (typeof id._id === 'string') ids.push(id._id)
      if (typeof id.id === 'string') ids.push(id.id)
    }
  }
  return ids
}
