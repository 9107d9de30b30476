/**
 * Lake bench: a 100k-document import through the real @sanity/client in batched transactions (the
 * lake in its own process, so its RSS is its own), then query latency through HTTP against groq-js
 * evaluating the same documents in this process, then the latency of normal traffic while
 * pathological anonymous queries run beside it.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {createClient, type SanityClient} from '@sanity/client'
import {evaluate, parse} from 'groq-js'

import {DEFAULT_LIMITS} from '../lake/limits.ts'
import {spawnLakeProcess} from '../lake/spawn.ts'
import {loadRows, makeDoc, millionRows, rssOf} from './lake-load.ts'
import {API_VERSION} from '../scripts/lib/env.ts'
import {historyRows} from './lake-history.ts'
import {type BenchRow, median, quantile} from './stats.ts'

const DOCS = Number(process.env.BENCH_LAKE_DOCS || 100_000)
/** `BENCH_LAKE_MILLION=0` skips the million-document rows (minutes, and ~1.5 GB). */
const MILLION = Number(process.env.BENCH_LAKE_MILLION ?? 1_000_000)
const SMALL_DOCS = 10_000
const BATCH = 1000
const BRANDS = 100
const QUERY_RUNS = 200
const SLUG_QUERY = '*[_type == "page" && slug.current == $slug][0]{title, "brand": brand->name}'
const LIST_QUERY =
  '*[_type == "supplementContent.supplement" && brand._ref == $brand] | order(name asc)[0...20]{_id, name}'
/**
 * Quadratic over sliced arrays: escaped the old budget and froze the lake for minutes. Each run
 * changes a bound, so the lake can't refuse it as a repeat: every run costs a full budget.
 */
const runawayQuery = (run: number) =>
  `*[0...${20000 + run}][count(*[0...20000][doses[0].doseValue > ^.doses[0].doseValue]) > 0]._id`
const TRAFFIC_RUNS = 400

async function importDocs(
  client: SanityClient,
  count: number,
  onBatch?: () => void,
): Promise<number> {
  const started = performance.now()
  for (let start = 0; start < count; start += BATCH) {
    const mutations = []
    for (let index = start; index < Math.min(start + BATCH, count); index++) {
      mutations.push({createOrReplace: makeDoc(index)})
    }
    await client.mutate(mutations as never, {returnDocuments: false, visibility: 'async'})
    onBatch?.()
  }
  return (performance.now() - started) / 1000
}

async function latencies(
  run: () => Promise<unknown>,
  runs = QUERY_RUNS,
): Promise<{median: number; p95: number}> {
  for (let i = 0; i < 5; i++) await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  return {median: median(times), p95: quantile(times, 0.95)}
}

async function queryRows(client: SanityClient, count: number, label: string): Promise<BenchRow[]> {
  const docs = Array.from({length: count}, (_, index) => makeDoc(index)).sort((a, b) =>
    String(a._id) < String(b._id) ? -1 : 1,
  )
  const rows: BenchRow[] = []
  for (const [name, query, params] of [
    [
      'page by slug',
      SLUG_QUERY,
      (i: number) => ({slug: `page-${((i * 7919) % (count / 10)) * 10}`}),
    ],
    ['list by brand', LIST_QUERY, (i: number) => ({brand: `brand-${i % BRANDS}`})],
  ] as const) {
    let i = 0
    const viaLake = await latencies(() => client.fetch(query, params(i++)))
    const tree = parse(query)
    let j = 0
    // groq-js scans everything on each run: fewer runs at 100k keep the bench within minutes.
    const inProcessRuns = count > 20_000 ? 30 : QUERY_RUNS
    const inProcess = await latencies(
      async () => (await evaluate(tree, {dataset: docs, params: params(j++)})).get(),
      inProcessRuns,
    )
    rows.push(
      {
        area: 'lake',
        metric: `${name} @${label}: median`,
        value: viaLake.median,
        unit: 'ms',
        note: `HTTP + client; groq-js in-process ${inProcess.median.toFixed(2)} ms`,
      },
      {
        area: 'lake',
        metric: `${name} @${label}: p95`,
        value: viaLake.p95,
        unit: 'ms',
        note: `groq-js in-process p95 ${inProcess.p95.toFixed(2)} ms`,
      },
      {
        area: 'lake',
        metric: `${name} @${label}: lake/groq-js median`,
        value: viaLake.median / inProcess.median,
        unit: 'x',
        note: '< 1: the lake is faster (equality index + id lookup for ->)',
      },
    )
  }
  return rows
}

/**
 * Normal traffic as one client sees it, alone and then while anonymous runaway queries run back to
 * back beside it: reads (page by slug with a join, list by brand) and, separately, small writes.
 * Reads and writes are timed apart because the first query after a write rebuilds the views and
 * indexes (see issue 15), which is not what this measures.
 */
async function runawayRows(
  url: string,
  client: SanityClient,
  count: number,
  label: string,
): Promise<BenchRow[]> {
  const reads = async () => {
    const times: number[] = []
    for (let i = 0; i < TRAFFIC_RUNS; i++) {
      const started = performance.now()
      if (i % 2 === 0) {
        await client.fetch(SLUG_QUERY, {slug: `page-${((i * 7919) % (count / 10)) * 10}`})
      } else {
        await client.fetch(LIST_QUERY, {brand: `brand-${i % BRANDS}`})
      }
      times.push(performance.now() - started)
    }
    return times
  }
  const writes = async () => {
    const times: number[] = []
    for (let i = 0; i < TRAFFIC_RUNS / 4; i++) {
      const started = performance.now()
      await client
        .patch(`brand-${i % BRANDS}`)
        .set({visits: i})
        .commit({visibility: 'async'})
      times.push(performance.now() - started)
    }
    return times
  }
  const traffic = async () => {
    const written = await writes()
    // Queries right after the writes take the view and index rebuilds (one per query worker,
    // concurrently); the timed reads don't.
    await Promise.all(
      Array.from({length: 4}, (_, i) =>
        Promise.all([
          client.fetch(SLUG_QUERY, {slug: 'page-10'}),
          client.fetch(LIST_QUERY, {brand: `brand-${i}`}),
        ]),
      ),
    )
    return {written, read: await reads()}
  }
  await traffic()
  const {written: writesAlone, read: alone} = await traffic()
  process.stderr.write(`bench lake: traffic alone done; starting runaway queries\n`)

  let running = true
  const outcomes: Array<{status: number; ms: number}> = []
  const runaway = (async () => {
    while (running) {
      const started = performance.now()
      const response = await fetch(
        `${url}/v${API_VERSION}/data/query/${client.config().dataset}?query=${encodeURIComponent(runawayQuery(outcomes.length))}`,
      )
      await response.arrayBuffer()
      outcomes.push({status: response.status, ms: performance.now() - started})
    }
  })()
  await new Promise((done) => setTimeout(done, 200))
  const {written: writesBeside, read: beside} = await traffic()
  running = false
  await runaway

  const describe = (times: number[]) =>
    `p50 ${quantile(times, 0.5).toFixed(2)}, p95 ${quantile(times, 0.95).toFixed(2)}, p99 ${quantile(times, 0.99).toFixed(2)}, max ${Math.max(...times).toFixed(0)} ms`
  const stopped = outcomes.filter((outcome) => outcome.status === 408)
  return [
    {
      area: 'lake',
      metric: `normal traffic @${label}, alone: p99`,
      value: quantile(alone, 0.99),
      unit: 'ms',
      note: `${TRAFFIC_RUNS} queries (page by slug with a join, list by brand): ${describe(alone)}`,
    },
    {
      area: 'lake',
      metric: `normal traffic @${label}, beside runaway queries: p99`,
      value: quantile(beside, 0.99),
      unit: 'ms',
      note: `target < 50 ms; ${describe(beside)}`,
    },
    {
      area: 'lake',
      metric: `normal traffic @${label}, beside runaway queries: p50`,
      value: quantile(beside, 0.5),
      unit: 'ms',
      note: `alone p50 ${quantile(alone, 0.5).toFixed(2)} ms; p95 ${quantile(beside, 0.95).toFixed(2)} vs ${quantile(alone, 0.95).toFixed(2)} ms alone`,
    },
    {
      area: 'lake',
      metric: `writes @${label}, beside runaway queries: p99`,
      value: quantile(writesBeside, 0.99),
      unit: 'ms',
      note: `${writesBeside.length} patches: ${describe(writesBeside)}; alone ${describe(writesAlone)}`,
    },
    {
      area: 'lake',
      metric: 'runaway anonymous query: stopped after',
      value: stopped.length > 0 ? median(stopped.map((outcome) => outcome.ms)) : NaN,
      unit: 'ms',
      note: `${stopped.length} of ${outcomes.length} runs answered 408 (anonymous budget), worker terminated and replaced`,
    },
  ]
}

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-'))
  // The evaluation itself: no kept answers, so a repeated query is evaluated again each time.
  let lake = await spawnLakeProcess(dataDir, {SANITY_LAKE_QUERY_CACHE_MB: '0'})
  try {
    const config = {
      projectId: 'local',
      apiVersion: API_VERSION,
      apiHost: lake.url,
      useProjectHostname: false,
      useCdn: false,
      token: lake.token,
    }
    const rows: BenchRow[] = []

    await fetch(`${lake.url}/v1/projects/local/datasets/small`, {
      method: 'PUT',
      headers: {authorization: `Bearer ${lake.token}`},
    })
    const small = createClient({...config, dataset: 'small'})
    await importDocs(small, SMALL_DOCS)
    rows.push(...(await queryRows(small, SMALL_DOCS, '10k')))
    // Before the 100k import: each stopped worker reloads every dataset (see lake/README.md).
    rows.push(...(await runawayRows(lake.url, small, SMALL_DOCS, '10k')))

    const client = createClient({...config, dataset: 'production'})
    const samples: number[] = []
    let batches = 0
    const before = rssOf(lake.pid)
    const seconds = await importDocs(client, DOCS, () => {
      if (++batches % 10 === 0) samples.push(rssOf(lake.pid).rss)
    })
    const after = rssOf(lake.pid)
    rows.push(
      {
        area: 'lake',
        metric: `import ${DOCS / 1000}k docs via client`,
        value: DOCS / seconds,
        unit: 'mutations/s',
        note: `${BATCH} per transaction, each fsynced; ${seconds.toFixed(1)} s`,
      },
      {
        area: 'lake',
        metric: 'peak RSS while importing',
        value: after.peak,
        unit: 'MB',
        note: `RSS ${before.rss.toFixed(0)} MB before, every 10k docs: ${samples.map((mb) => mb.toFixed(0)).join(' ')}`,
      },
      {
        area: 'lake',
        metric: 'RSS per document held',
        value: ((after.rss - before.rss) * 1024) / DOCS,
        unit: 'KB',
        note: 'RSS growth over the import per document: views, indexes and the parsed documents the query workers keep (up to their budget), SQLite page cache',
      },
    )
    rows.push(...(await queryRows(client, DOCS, `${DOCS / 1000}k`)))

    const restartStarted = performance.now()
    // From here on the lake as it runs by default, answers kept until the next write.
    lake = await lake.restart({SANITY_LAKE_QUERY_CACHE_MB: String(DEFAULT_LIMITS.queryCacheMb)})
    rows.push({
      area: 'lake',
      metric: `restart with ${(DOCS + SMALL_DOCS) / 1000}k docs`,
      value: (performance.now() - restartStarted) / 1000,
      unit: 's',
      note: 'until the restarted process answers (workers read ids from SQLite; documents on demand)',
    })
    // Reads while an editor writes, and 100 concurrent site clients (issue: the lake at scale).
    rows.push(...(await loadRows(lake)))
    lake.stop()
    rows.push(...(await historyRows()))
    if (MILLION > 0) rows.push(...(await millionRows(MILLION)))
    return rows
  } finally {
    lake.stop()
    rmSync(dataDir, {recursive: true, force: true})
  }
}

if (import.meta.main || process.argv[1] === import.meta.filename) {
  console.table(
    await run().catch(async (error) => {
      await new Promise((done) => setTimeout(done, 1000))
      throw error
    }),
  )
}
