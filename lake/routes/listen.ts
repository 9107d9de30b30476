import {evaluate, type ExprNode} from 'groq-js'

import type {Doc} from '../documents.ts'
import {isPrivateId, randomId} from '../documents.ts'
import type {Context} from '../http/context.ts'
import type {Router} from '../http/router.ts'
import type {CommittedTransaction, Lake} from '../lake.ts'
import {parseQuery} from '../query.ts'
import type {Change} from '../transaction.ts'
import {queryFromUrl} from './data.ts'

const KEEPALIVE_MS = 20_000

interface ListenOptions {
  tree: ExprNode
  params: Record<string, unknown>
  anonymous: boolean
  includeResult: boolean
  includePrevious: boolean
  includeMutations: boolean
  mendoza: boolean
}

/** Server-sent events for every committed change that matches the listener's GROQ filter. */
export function listenRoutes(router: Router, lake: Lake): void {
  router.on('GET', '/data/listen/:dataset', (ctx) => {
    const datasetName = ctx.params.dataset
    lake.dataset(datasetName)
    const options = listenOptions(ctx)
    const {res} = ctx
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    })
    send(res, 'welcome', {listenerName: randomId()})

    // Events of one transaction go out in order even though matching them is asynchronous.
    let pending: Promise<void> = Promise.resolve()
    const onTransaction = (event: CommittedTransaction) => {
      if (event.dataset !== datasetName) return
      pending = pending.then(() => deliver(res, event, options)).catch(() => undefined)
    }
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS)
    lake.events.on('transaction', onTransaction)
    res.on('close', () => {
      clearInterval(keepalive)
      lake.events.off('transaction', onTransaction)
    })
  })
}

function listenOptions(ctx: Context): ListenOptions {
  const {query, params} = queryFromUrl(ctx)
  return {
    tree: parseQuery(query),
    params,
    anonymous: !ctx.authenticated,
    includeResult: ctx.flag('includeResult', true),
    includePrevious: ctx.flag('includePreviousRevision'),
    includeMutations: ctx.flag('includeMutations', true),
    mendoza: ctx.query('effectFormat') === 'mendoza',
  }
}

async function deliver(res: Context['res'], event: CommittedTransaction, options: ListenOptions) {
  const matching: Array<{change: Change; before: boolean; after: boolean}> = []
  for (const change of event.changes) {
    if (options.anonymous && isPrivateId(change.id)) continue
    const before = await matches(change.before, options)
    const after = await matches(change.after, options)
    if (before || after) matching.push({change, before, after})
  }
  matching.forEach(({change, before, after}, index) => {
    const data: Record<string, unknown> = {
      eventId: `${event.transactionId}#${change.id}`,
      documentId: change.id,
      transactionId: event.transactionId,
      transition: !after ? 'disappear' : before ? 'update' : 'appear',
      identity: event.identity,
      previousRev: change.before?._rev,
      resultRev: change.after?._rev ?? event.transactionId,
      timestamp: event.timestamp,
      visibility: 'query',
      transactionTotalEvents: matching.length,
      transactionCurrentEvent: index + 1,
    }
    if (options.includeMutations) data.mutations = eventMutations(change)
    if (options.includeResult && change.after) data.result = change.after
    if (options.includePrevious && change.before) data.previous = change.before
    // Mendoza's opcode 0 yields a literal value: replacing the whole document is a valid patch.
    if (options.mendoza) data.effects = {apply: [0, change.after], revert: [0, change.before]}
    send(res, 'mutation', data, data.eventId as string)
  })
}

const MUTATION_KINDS = ['create', 'createIfNotExists', 'createOrReplace']

/**
 * The mutations a listen event carries for one document. The Studio replays them with
 * @sanity/mutator to keep its copy of the document (HEAD) in step, so they must be real mutations
 * that turn `before` into `after`: Mutations-API mutations aimed at this document by id go out as
 * sent; anything else (Actions, deletes and patches by query, creates with generated ids) goes
 * out as the document's resulting state, which the mutator applies exactly.
 */
export function eventMutations(change: Change): unknown[] {
  const asSent = change.mutations.every((mutation) => targetsById(mutation, change.id))
  if (asSent && change.mutations.length > 0) return change.mutations
  return change.after ? [{createOrReplace: change.after}] : [{delete: {id: change.id}}]
}

function targetsById(mutation: unknown, id: string): boolean {
  if (!mutation || typeof mutation !== 'object') return false
  const entries = Object.entries(mutation)
  if (entries.length !== 1) return false
  const [kind, body] = entries[0] as [string, Record<string, unknown> | undefined]
  if (!body || typeof body !== 'object') return false
  if (kind === 'delete') return body.id === id
  if (kind === 'patch') return body.id === id && body.query === undefined
  return MUTATION_KINDS.includes(kind) && body._id === id
}

async function matches(doc: Doc | null, options: ListenOptions): Promise<boolean> {
  if (!doc) return false
  try {
    const value = await evaluate(options.tree, {dataset: [doc], params: options.params})
    const result = await value.get()
    return Array.isArray(result) ? result.length > 0 : Boolean(result)
  } catch {
    return false
  }
}

function send(res: Context['res'], event: string, data: unknown, id?: string): void {
  if (res.writableEnded || res.destroyed) return
  res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}
