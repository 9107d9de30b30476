import {performance} from 'node:perf_hooks'

import {LOCAL_PROJECT_ID} from '../../scripts/lib/env.ts'
import {isPrivateId} from '../documents.ts'
import {badRequest} from '../errors.ts'
import type {Context} from '../http/context.ts'
import type {Router} from '../http/router.ts'
import type {Lake} from '../lake.ts'
import {applyMutations, withArrayKeys} from '../mutations.ts'
import {needsToken, parsePerspective, PUBLISHED} from '../perspectives.ts'
import type {QueryPool} from '../query-pool.ts'
import {contentSourceMap} from '../source-map.ts'
import {requireToken} from './access.ts'

/** Query, document, mutate and import endpoints of the Data API. */
export function dataRoutes(router: Router, lake: Lake, queries: QueryPool): void {
  router.on(['GET', 'POST'], '/data/query/:dataset', async (ctx) => {
    const dataset = lake.dataset(ctx.params.dataset)
    const {query, params} = ctx.method === 'POST' ? await postedQuery(ctx) : queryFromUrl(ctx)
    checkQuerySize(ctx, query, params)
    const perspective = parsePerspective(ctx.query('perspective'), ctx.apiVersion)
    // A reader without the token asking for drafts sees what anyone may see: published documents.
    const anonymous = !ctx.authenticated
    const started = performance.now()
    const seen = anonymous && needsToken(perspective) ? PUBLISHED : perspective
    const result = await queries.run(ctx.params.dataset, {
      query,
      params,
      perspective: seen,
      anonymous,
      projectId: LOCAL_PROJECT_ID,
    })
    const ms = Math.round((performance.now() - started) * 1000) / 1000
    const returnQuery = ctx.query('returnQuery') !== 'false'
    const sourceMap = ctx.query('resultSourceMap')
    // Stega needs the source map, which reads the result; otherwise the worker's JSON goes out as
    // is and the main thread never parses a result.
    const map =
      sourceMap && sourceMap !== 'false'
        ? `,"resultSourceMap":${JSON.stringify(
            contentSourceMap(JSON.parse(result), (id) => dataset.resolve(seen, anonymous, id)),
          )}`
        : ''
    const payload =
      `{${returnQuery ? `"query":${JSON.stringify(query)},` : ''}` +
      `"result":${result},"ms":${ms},"syncTags":[]${map}}`
    ctx.sendJson(200, payload)
  })

  router.on('GET', '/data/doc/:dataset/:ids', (ctx) => {
    const dataset = lake.dataset(ctx.params.dataset)
    const documents = []
    const omitted = []
    for (const id of ctx.params.ids.split(',').filter(Boolean)) {
      const doc = dataset.get(id)
      if (doc && (ctx.authenticated || !isPrivateId(id))) documents.push(doc)
      else omitted.push({id, reason: doc ? 'permission' : 'existence'})
    }
    ctx.send(200, {documents, omitted})
  })

  router.on('POST', '/data/mutate/:dataset', async (ctx) => {
    requireToken(ctx)
    const body = await ctx.json()
    const returnDocuments = ctx.flag('returnDocuments')
    const autoKeys = ctx.flag('autoGenerateArrayKeys')
    const mutations = autoKeys ? withArrayKeys(body.mutations) : body.mutations
    const select = (input: Parameters<QueryPool['evaluate']>[1]) =>
      queries.evaluate(ctx.params.dataset, input)
    const {tx} = await lake.transact(
      ctx.params.dataset,
      (tx) => applyMutations(tx, mutations, select),
      {
        transactionId: body.transactionId,
        dryRun: ctx.flag('dryRun'),
      },
    )
    const results = tx.results.map(({id, operation, document}) =>
      returnDocuments && document ? {id, operation, document} : {id, operation},
    )
    ctx.send(200, {transactionId: tx.id, results})
  })

  // Lake-only: writes documents exactly as given (no _rev or timestamps), for fixtures and the
  // conformance suite, whose expected answers assume the documents are stored untouched.
  router.on('POST', '/lake/import/:dataset', async (ctx) => {
    requireToken(ctx)
    const text = await ctx.text()
    const docs = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        try {
          return JSON.parse(line) as unknown
        } catch {
          throw badRequest(`Invalid NDJSON line: ${line.slice(0, 80)}`)
        }
      })
    ctx.checkNesting(docs)
    ctx.send(200, {imported: await lake.importRaw(ctx.params.dataset, docs)})
  })

  // Lake-only: what the bench reads to report how many answers came from the kept ones.
  router.on('GET', '/lake/status', (ctx) => {
    requireToken(ctx)
    const {cache} = queries
    ctx.send(200, {
      queryCache: {hits: cache.hits, misses: cache.misses, bytes: cache.size},
      queryWorkers: queries.size,
      rssBytes: process.memoryUsage.rss(),
    })
  })
}

function checkQuerySize(ctx: Context, query: string, params: Record<string, unknown>): void {
  const limit = ctx.budget.limits.maxQueryBytes
  if (query.length + JSON.stringify(params).length > limit) {
    throw badRequest(`Query and parameters are larger than ${limit} bytes`, 'queryTooLargeError')
  }
}

async function postedQuery(ctx: Context) {
  const body = await ctx.json()
  if (typeof body.query !== 'string') throw badRequest('Missing "query" in request body')
  const params = body.params ?? {}
  if (typeof params !== 'object' || Array.isArray(params))
    throw badRequest('"params" must be an object')
  return {query: body.query, params: params as Record<string, unknown>}
}

/** A GROQ query and its `$params` from a GET URL, as the query and listen endpoints take them. */
export function queryFromUrl(ctx: Context) {
  const query = ctx.query('query')
  if (query === null) throw badRequest('Missing "query" parameter', 'queryParseError')
  const params: Record<string, unknown> = {}
  for (const [key, value] of ctx.url.searchParams) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw badRequest(`Invalid JSON in parameter "${key}"`, 'queryParseError')
    }
  }
  return {query, params}
}
