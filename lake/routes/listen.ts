import type {ExprNode} from 'groq-js'

import {isPrivateId, randomId} from '../documents.ts'
import {LakeError} from '../errors.ts'
import type {Context} from '../http/context.ts'
import type {Router} from '../http/router.ts'
import type {CommittedTransaction, Lake} from '../lake.ts'
import {listenerFilter, matchesFilter} from '../listen-filter.ts'
import {parseQuery} from '../query.ts'
import type {Change} from '../transaction.ts'
import {queryFromUrl} from './data.ts'

const KEEPALIVE_MS = 20_000
/** How long a dropped listener's last event may take to leave before its stream is destroyed. */
const DROP_GRACE_MS = 10_000

interface ListenOptions {
  includeResult: boolean
  includePrevious: boolean
  includeMutations: boolean
  mendoza: boolean
}

type Response = Context['res']

/**
 * Listeners with the same dataset, filter, parameters, visibility and options: their filter runs
 * once per change and each event is serialized once, whatever the number of subscribers.
 */
interface Group {
  key: string
  dataset: string
  filter: ExprNode
  params: Record<string, unknown>
  anonymous: boolean
  options: ListenOptions
  subscribers: Set<Response>
  /** Changes in a row whose filtering overran the budget: two drop the group (one may be a GC pause). */
  overruns: number
}

/** Server-sent events for every committed change that matches the listener's GROQ filter. */
export function listenRoutes(router: Router, lake: Lake): void {
  const {limits} = lake
  const groups = new Map<string, Group>()
  let listeners = 0
  let anonymousListeners = 0

  const drop = (group: Group, res: Response, event: string, data: unknown) => {
    if (!group.subscribers.delete(res)) return
    if (group.subscribers.size === 0) groups.delete(group.key)
    if (!res.writableEnded && !res.destroyed) {
      res.end(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    }
    // A reader that stopped reading never drains what is buffered for it: free it anyway.
    setTimeout(() => destroy(res), DROP_GRACE_MS).unref()
  }

  const onTransaction = (event: CommittedTransaction) => {
    for (const group of groups.values()) {
      if (group.dataset !== event.dataset) continue
      const started = performance.now()
      const matching = matchingChanges(event, group)
      const spent = performance.now() - started
      group.overruns = spent > limits.listenerFilterBudgetMs ? group.overruns + 1 : 0
      if (group.overruns >= 2) {
        const message = `The listener's filter took ${Math.round(spent)} ms for one change, over the limit of ${limits.listenerFilterBudgetMs} ms`
        for (const res of [...group.subscribers]) drop(group, res, 'channelError', {message})
        continue
      }
      if (matching.length === 0) continue
      const frames = eventFrames(event, group, matching)
      for (const res of [...group.subscribers]) {
        if (buffered(res) > limits.listenerBufferBytes) {
          const reason = `the listener fell more than ${limits.listenerBufferBytes} bytes behind`
          drop(group, res, 'disconnect', {reason})
        } else if (!res.writableEnded && !res.destroyed) res.write(frames)
      }
    }
  }
  lake.events.on('transaction', onTransaction)

  router.on('GET', '/data/listen/:dataset', (ctx) => {
    const datasetName = ctx.params.dataset
    lake.dataset(datasetName)
    const anonymous = !ctx.authenticated
    if (listeners >= limits.maxListeners) throw tooMany(limits.maxListeners, '')
    if (anonymous && anonymousListeners >= limits.maxAnonymousListeners) {
      throw tooMany(limits.maxAnonymousListeners, ' without a token')
    }
    const {query, params} = queryFromUrl(ctx)
    const filter = listenerFilter(parseQuery(query), query)
    const options: ListenOptions = {
      includeResult: ctx.flag('includeResult', true),
      includePrevious: ctx.flag('includePreviousRevision'),
      includeMutations: ctx.flag('includeMutations', true),
      mendoza: ctx.query('effectFormat') === 'mendoza',
    }
    const key = JSON.stringify([datasetName, anonymous, query, params, options])
    let group = groups.get(key)
    if (!group) {
      group = {
        key,
        dataset: datasetName,
        filter,
        params,
        anonymous,
        options,
        subscribers: new Set(),
        overruns: 0,
      }
      groups.set(key, group)
    }
    const {res} = ctx
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    })
    res.write(frame('welcome', {listenerName: randomId()}))
    group.subscribers.add(res)
    listeners++
    if (anonymous) anonymousListeners++

    const keepalive = setInterval(() => {
      if (buffered(res) <= limits.listenerBufferBytes) res.write(': keepalive\n\n')
    }, KEEPALIVE_MS)
    const joined = group
    res.on('close', () => {
      clearInterval(keepalive)
      listeners--
      if (anonymous) anonymousListeners--
      if (joined.subscribers.delete(res) && joined.subscribers.size === 0) {
        groups.delete(joined.key)
      }
    })
  })
}

type Matching = Array<{change: Change; before: boolean; after: boolean}>

/** The changes of one transaction the group's filter matches, before or after. */
function matchingChanges(event: CommittedTransaction, group: Group): Matching {
  const matching: Matching = []
  for (const change of event.changes) {
    if (group.anonymous && isPrivateId(change.id)) continue
    const before = matchesFilter(group.filter, change.before, group.params)
    const after = matchesFilter(group.filter, change.after, group.params)
    if (before || after) matching.push({change, before, after})
  }
  return matching
}

/** The frames of one transaction for one group, serialized once for all its subscribers. */
function eventFrames(event: CommittedTransaction, group: Group, matching: Matching): string {
  const {options} = group
  return matching
    .map(({change, before, after}, index) => {
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
      return frame('mutation', data, data.eventId as string)
    })
    .join('')
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

function frame(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/** Bytes written to this stream that its reader hasn't taken yet (HTTP/1.1 and HTTP/2 alike). */
function buffered(res: Response): number {
  const stream = res as Response & {writableLength?: number; stream?: {writableLength?: number}}
  return stream.writableLength ?? stream.stream?.writableLength ?? 0
}

function destroy(res: Response): void {
  const stream = res as Response & {destroy?: () => void; stream?: {destroy?: () => void}}
  if (stream.destroy) stream.destroy()
  else stream.stream?.destroy?.()
}

function tooMany(limit: number, who: string): LakeError {
  const description = `Too many open listeners${who} (the limit is ${limit}): close some first`
  return new LakeError(429, description, {error: {description, type: 'tooManyListenersError'}})
}
