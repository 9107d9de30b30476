import {isValidId} from '../documents.ts'
import {badRequest} from '../errors.ts'
import type {TransactionQuery} from '../history.ts'
import type {Context} from '../http/context.ts'
import type {Router} from '../http/router.ts'
import type {Lake} from '../lake.ts'
import {requireToken} from './access.ts'

/** Documents one history request may name. */
const MAX_IDS = 100
/** Transactions one request may list (the Studio asks for 50 at a time). */
const MAX_TRANSACTIONS = 10_000
const DEFAULT_TRANSACTIONS = 1000
/** Events one request may list (the Studio asks for 100, and 10 on reloads). */
const MAX_EVENTS = 1000
/** An answer stops growing past this many bytes; the client pages on from the last line. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024

/**
 * The History API (/data/history): documents at a revision or a time, the transactions that changed
 * documents (NDJSON, with mendoza effects), and the Events API's document-group events the
 * Studio's History inspector lists. Every request needs the token, as on Sanity's API.
 */
export function historyRoutes(router: Router, lake: Lake): void {
  router.on('GET', '/data/history/:dataset/documents/:ids', (ctx) => {
    requireToken(ctx)
    const name = ctx.params.dataset
    const dataset = lake.dataset(name)
    const ids = idList(ctx.params.ids)
    const revision = ctx.query('revision')
    const time = ctx.query('time')
    const last = ctx.flag('lastRevision')
    if ([revision !== null, time !== null, last].filter(Boolean).length > 1) {
      throw badRequest('Only one of revision, time and lastRevision may be given')
    }
    if (revision !== null && !isValidId(revision))
      throw badRequest(`Invalid revision "${cut(revision)}"`)
    const at = time === null ? undefined : isoTime(time, 'time')
    const current = (id: string) => dataset.get(id)
    const documents = ids.flatMap((id) => {
      if (revision !== null) return lake.history.atRevision(name, id, revision, current) ?? []
      if (at !== undefined) return lake.history.atTime(name, id, at, current) ?? []
      return lake.history.lastRevision(name, id, current) ?? []
    })
    ctx.send(200, {documents})
  })

  router.on('GET', '/data/history/:dataset/transactions/:ids', (ctx) => {
    requireToken(ctx)
    const name = ctx.params.dataset
    const dataset = lake.dataset(name)
    const query = transactionQuery(ctx, lake, name)
    ctx.res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8'})
    if (!query) {
      ctx.res.end('')
      return
    }
    let out = ''
    for (const transaction of lake.history.transactions(name, query, (id) => dataset.get(id))) {
      out += JSON.stringify(transaction) + '\n'
      if (out.length > MAX_ANSWER_BYTES) break
    }
    ctx.res.end(out)
  })

  router.on('GET', '/data/history/:dataset/events/documents/:ids', (ctx) => {
    requireToken(ctx)
    const name = ctx.params.dataset
    const dataset = lake.dataset(name)
    const ids = idList(ctx.params.ids)
    const limit = count(ctx, 'limit', 100, MAX_EVENTS)
    const cursor = ctx.query('nextCursor')
    if (cursor && !/^\d{1,15}$/.test(cursor))
      throw badRequest(`Invalid nextCursor "${cut(cursor)}"`)
    const before = cursor ? Number(cursor) : undefined
    const events: Record<string, unknown[]> = {}
    let nextCursor = ''
    for (const id of ids) {
      const page = lake.history.events(name, id, limit, before, (doc) => dataset.get(doc))
      events[id] = page.events
      // With several ids the cursor follows the first: the Studio always asks for one.
      if (!nextCursor) nextCursor = page.nextCursor
    }
    ctx.send(200, {events, nextCursor})
  })
}

/** The parameters of a transactions request, or undefined when a named bound is not in the history. */
function transactionQuery(ctx: Context, lake: Lake, dataset: string): TransactionQuery | undefined {
  const ids = idList(ctx.params.ids)
  const authors = ctx.query('authors')?.split(',').filter(Boolean)
  if (authors && (authors.length > MAX_IDS || authors.some((author) => !isValidId(author)))) {
    throw badRequest('authors must be a comma-separated list of up to 100 user ids')
  }
  const query: TransactionQuery = {
    ids,
    authors,
    reverse: ctx.flag('reverse'),
    limit: count(ctx, 'limit', DEFAULT_TRANSACTIONS, MAX_TRANSACTIONS),
    effects: ctx.query('effectFormat') === 'mendoza',
    mutations: !ctx.flag('excludeMutations'),
    excludeContent: ctx.flag('excludeContent'),
    identifiedOnly: ctx.flag('includeIdentifiedDocumentsOnly'),
  }
  const effectFormat = ctx.query('effectFormat')
  if (effectFormat !== null && effectFormat !== 'mendoza') {
    throw badRequest(`Unknown effectFormat "${cut(effectFormat)}": only "mendoza" is supported`)
  }
  const fromTime = ctx.query('fromTime')
  const toTime = ctx.query('toTime')
  if (fromTime) query.fromTime = isoTime(fromTime, 'fromTime')
  if (toTime) query.toTime = isoTime(toTime, 'toTime')
  for (const [param, bound] of [
    ['fromTransaction', 'fromSeq'],
    ['toTransaction', 'toSeq'],
  ] as const) {
    const id = ctx.query(param)
    if (!id) continue
    if (!isValidId(id)) throw badRequest(`Invalid ${param} "${cut(id)}"`)
    const range = lake.history.transactionRange(dataset, id)
    // A transaction the lake never saw, or has pruned, bounds the range to nothing.
    if (!range) return undefined
    query[bound] = bound === 'fromSeq' ? range.first : range.last
  }
  return query
}

function idList(value: string): string[] {
  const ids = value.split(',').filter(Boolean)
  if (ids.length === 0 || ids.length > MAX_IDS) {
    throw badRequest(`Name between 1 and ${MAX_IDS} document ids, comma-separated`)
  }
  for (const id of ids) if (!isValidId(id)) throw badRequest(`Invalid document id "${cut(id)}"`)
  return [...new Set(ids)]
}

function count(ctx: Context, name: string, fallback: number, max: number): number {
  const value = ctx.query(name)
  if (value === null || value === '') return fallback
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw badRequest(`${name} must be a whole number from 1 to ${max}`)
  }
  return Number(value)
}

/** A timestamp as the ISO string the history compares against. */
function isoTime(value: string, name: string): string {
  const ms = Date.parse(value)
  if (!Number.isFinite(ms))
    throw badRequest(`${name} must be an ISO 8601 date-time, got "${cut(value)}"`)
  return new Date(ms).toISOString()
}

function cut(value: string): string {
  return value.slice(0, 100)
}
