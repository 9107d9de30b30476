/**
 * The lake under load (issue: reads stay fast while editors write): the site's page query at 100k
 * documents of the content model alone and while an editor patches 10 times a second, the lake's
 * RSS as writes accumulate, and 100 concurrent site clients on a mix of page, list and ordered
 * queries. Each lake runs in its own process, so its RSS is its own.
 */
import {readFileSync} from 'node:fs'

import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type LakeProcess, spawnLakeProcess} from '../lake/spawn.ts'
import {siteFetch} from '../schemas/queries/options.ts'
import {supplementPageQuery} from '../schemas/queries/index.ts'
import {lakeClient} from '../scripts/lib/env.ts'
import {familyDocs, importSiteDocs} from './site.ts'
import {type BenchRow, quantile} from './stats.ts'

const FAMILY_SIZE = 20
const WINDOW_MS = Number(process.env.BENCH_LAKE_WINDOW_MS || 15_000)
const WRITES_PER_SECOND = 10
const CLIENTS = 100
/** Queries a second each paced client asks: 100 readers a page view's data every 200 ms. */
const PACED_RATE = 5

/** The citations a site lists newest first: the example of an ordered scan. */
export const ORDERED_SCAN =
  '*[_type == "supplementContent.citation"] | order(issued desc)[0...50]{_id, title, issued, url}'
/** Benefits of one health area by title: a list page. */
export const LIST_QUERY =
  '*[_type == "supplementContent.benefit" && healthArea == $area] | order(title asc)[0...20]{title, "slug": slug.current}'
const AREAS = ['bone', 'cardiovascular', 'immune', 'cognitive', 'metabolic', 'sleep']

export function rssOf(pid: number): {rss: number; peak: number} {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return {rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024}
}

/** Runs `query` back to back for `ms`, returning every latency. */
async function closedLoop(query: (i: number) => Promise<unknown>, ms: number): Promise<number[]> {
  const times: number[] = []
  const until = performance.now() + ms
  for (let i = 0; performance.now() < until; i++) {
    const started = performance.now()
    await query(i)
    times.push(performance.now() - started)
  }
  return times
}

const describe = (times: number[]) =>
  `p50 ${quantile(times, 0.5).toFixed(2)}, p95 ${quantile(times, 0.95).toFixed(2)}, p99 ${quantile(times, 0.99).toFixed(2)} ms; ${times.length} queries in ${WINDOW_MS / 1000} s`

export async function loadRows(lake: LakeProcess): Promise<BenchRow[]> {
  const dataset = 'site'
  await fetch(`${lake.url}/v1/projects/local/datasets/${dataset}`, {
    method: 'PUT',
    headers: {authorization: `Bearer ${lake.token}`},
  })
  const client = lakeClient(lake, dataset)
  const families = 100_000 / FAMILY_SIZE
  const docs = Array.from({length: families}, (_, family) => familyDocs(family)).flat()
  await importSiteDocs(client, docs)
  const {params, options} = siteFetch({preview: false})
  const slugOf = (i: number) => `supplement-${(i * 7919) % families}`
  const page = (i: number) =>
    client.fetch(supplementPageQuery, {...params, slug: slugOf(i)}, options)
  const found = await page(0)
  if (!found?.citations?.length) throw new Error('the page query found no page')
  await closedLoop(page, 2000)

  const rows: BenchRow[] = []
  const alone = await closedLoop(page, WINDOW_MS)
  const rssBefore = rssOf(lake.pid).rss

  // An editor typing: small patches to one supplement's headline, 10 a second, while pages load.
  let writes = 0
  const writeTimes: number[] = []
  let writing = true
  const writer = (async () => {
    const started = performance.now()
    while (writing) {
      const due = started + (writes * 1000) / WRITES_PER_SECOND
      const wait = due - performance.now()
      if (wait > 0) await new Promise((done) => setTimeout(done, wait))
      if (!writing) break
      const t0 = performance.now()
      await client
        .patch(`supplement-${writes % 50}`)
        .set({headline: `Why this matters, take ${writes}`})
        .commit({visibility: 'async', returnDocuments: false})
      writeTimes.push(performance.now() - t0)
      writes++
    }
  })().then(
    () => undefined,
    (error: unknown) => error,
  )
  const during = await closedLoop(page, WINDOW_MS)
  const writesFirst = writes
  const rssAfterFirst = rssOf(lake.pid).rss
  const duringAgain = await closedLoop(page, WINDOW_MS)
  writing = false
  const failed = await writer
  if (failed) throw failed
  const rssAfterSecond = rssOf(lake.pid).rss

  const p95 = (times: number[]) => quantile(times, 0.95)
  rows.push(
    {
      area: 'lake',
      metric: 'page query @100k, no writes: p95',
      value: p95(alone),
      unit: 'ms',
      note: `site page query via @sanity/client; ${describe(alone)}`,
    },
    {
      area: 'lake',
      metric: 'page query @100k, 10 patches/s: p95',
      value: p95(during),
      unit: 'ms',
      note: `target < 10 ms and <= 1.5x no writes (${(p95(during) / p95(alone)).toFixed(2)}x); ${describe(during)}; patch p50 ${quantile(writeTimes, 0.5).toFixed(1)} ms`,
    },
    {
      area: 'lake',
      metric: 'page query @100k, 10 patches/s, second window: p95',
      value: p95(duringAgain),
      unit: 'ms',
      note: describe(duringAgain),
    },
    {
      area: 'lake',
      metric: 'lake RSS @100k+, after writes',
      value: rssAfterSecond,
      unit: 'MB',
      note: `${rssBefore.toFixed(0)} MB before writes, ${rssAfterFirst.toFixed(0)} after ${writesFirst}, ${rssAfterSecond.toFixed(0)} after ${writes} patches`,
    },
  )

  // 100 site clients at once: 80% page and list queries, 20% ordered scans; then the same while
  // an editor writes (each write drops the kept answers), then with no answers kept at all.
  const mix = (i: number) => {
    const roll = (i * 37) % 10
    return roll < 5 ? 'page' : roll < 8 ? 'list' : 'ordered'
  }
  const ask = (i: number) => {
    const kind = mix(i)
    if (kind === 'page') return page(i)
    if (kind === 'list') return client.fetch(LIST_QUERY, {area: AREAS[i % 6]}, options)
    return client.fetch(ORDERED_SCAN, {}, options)
  }
  const statsBefore = await cacheStats(lake)
  const quiet = await mixedLoad(ask, mix)
  const statsAfter = await cacheStats(lake)
  const {result: editing} = await whileWriting(editHeadline(client), () => mixedLoad(ask, mix))
  const {result: paced} = await whileWriting(editHeadline(client), () =>
    mixedLoad(ask, mix, PACED_RATE),
  )
  rows.push(...mixedRows('', quiet, hitRate(statsBefore, statsAfter)))
  rows.push(...mixedRows(', 10 patches/s', editing, undefined))
  rows.push(
    ...mixedRows(
      `, ${PACED_RATE} queries/s each, 10 patches/s`,
      paced,
      undefined,
      `; each client asks every ${1000 / PACED_RATE} ms (${CLIENTS * PACED_RATE} req/s offered), latency counted from when it was due`,
    ),
  )

  const uncached = await lake.restart({SANITY_LAKE_QUERY_CACHE_MB: '0'})
  const uncachedClient = lakeClient(uncached, dataset)
  const askUncached = (i: number) => {
    const kind = mix(i)
    if (kind === 'page') {
      return uncachedClient.fetch(supplementPageQuery, {...params, slug: slugOf(i)}, options)
    }
    if (kind === 'list') return uncachedClient.fetch(LIST_QUERY, {area: AREAS[i % 6]}, options)
    return uncachedClient.fetch(ORDERED_SCAN, {}, options)
  }
  await askUncached(0)
  rows.push(...mixedRows(', no kept answers', await mixedLoad(askUncached, mix), 0))
  uncached.stop()
  return rows
}

interface MixedRun {
  times: number[]
  byKind: Record<string, number[]>
  failures: number
  seconds: number
}

/**
 * CLIENTS clients for WINDOW_MS, each asking its next query as soon as the last one answered, or,
 * with `rate`, when it is due (every 1/rate s); a late answer then counts from when the query was
 * due, so a stalled lake can't hide behind clients that stopped asking.
 */
async function mixedLoad(
  ask: (i: number) => Promise<unknown>,
  kindOf: (i: number) => string,
  rate?: number,
): Promise<MixedRun> {
  const times: number[] = []
  const byKind: Record<string, number[]> = {}
  let failures = 0
  const until = performance.now() + WINDOW_MS
  const started = performance.now()
  await Promise.all(
    Array.from({length: CLIENTS}, async (_, clientIndex) => {
      const interval = rate ? 1000 / rate : 0
      // Paced clients start spread over one interval, as independent readers would.
      let due = started + (interval * clientIndex) / CLIENTS
      for (let i = clientIndex; performance.now() < until; i += CLIENTS) {
        if (rate) {
          const wait = due - performance.now()
          if (wait > 0) await sleep(wait)
        }
        const t0 = rate ? due : performance.now()
        due += interval
        try {
          await ask(i)
        } catch {
          failures++
          continue
        }
        const ms = performance.now() - t0
        times.push(ms)
        ;(byKind[kindOf(i)] ??= []).push(ms)
      }
    }),
  )
  return {times, byKind, failures, seconds: (performance.now() - started) / 1000}
}

/**
 * Runs `work` while an editor writes 10 times a second (`write(n)` for the n-th write); a failed
 * write stops the writing and fails the run once `work` is done.
 */
async function whileWriting<T>(
  write: (n: number) => Promise<unknown>,
  work: () => Promise<T>,
): Promise<{result: T; writes: number}> {
  let writing = true
  let writes = 0
  const writer = (async () => {
    while (writing) {
      await sleep(1000 / WRITES_PER_SECOND)
      if (!writing) break
      await write(writes)
      writes++
    }
  })().then(
    () => undefined,
    (error: unknown) => error,
  )
  const result = await work().finally(() => (writing = false))
  const failed = await writer
  if (failed) throw failed
  return {result, writes}
}

/** An editor typing in a supplement's headline. */
const editHeadline = (client: ReturnType<typeof lakeClient>) => (n: number) =>
  client
    .patch(`supplement-${n % 50}`)
    .set({headline: `Edited while sites read, take ${n}`})
    .commit({visibility: 'async', returnDocuments: false})

function mixedRows(
  label: string,
  run: MixedRun,
  hits: number | undefined,
  how = '; each client asks again as soon as answered',
): BenchRow[] {
  const p95 = (times: number[] = []) => quantile(times, 0.95).toFixed(1)
  const kept = hits === undefined ? '' : `; ${(hits * 100).toFixed(0)} % answered from kept answers`
  return [
    {
      area: 'lake',
      metric: `mixed load @100k, ${CLIENTS} clients${label}: req/s`,
      value: run.times.length / run.seconds,
      unit: 'req/s',
      note: `50% page, 30% list (ordered by title), 20% ordered scan (citations by issued desc)${how}; ${run.failures} failed${kept}`,
    },
    {
      area: 'lake',
      metric: `mixed load @100k, ${CLIENTS} clients${label}: p95`,
      value: quantile(run.times, 0.95),
      unit: 'ms',
      note: `target < 50 ms; p50 ${quantile(run.times, 0.5).toFixed(1)}; p95 page ${p95(run.byKind.page)}, list ${p95(run.byKind.list)}, ordered ${p95(run.byKind.ordered)} ms`,
    },
  ]
}

/** The lake's kept-answer counters, read through its status route. */
async function cacheStats(lake: LakeProcess): Promise<{hits: number; misses: number}> {
  const response = await fetch(`${lake.url}/v1/lake/status`, {
    headers: {authorization: `Bearer ${lake.token}`},
  })
  const status = (await response.json()) as {queryCache: {hits: number; misses: number}}
  return status.queryCache
}

function hitRate(before: {hits: number; misses: number}, after: {hits: number; misses: number}) {
  const hits = after.hits - before.hits
  return hits / Math.max(1, hits + after.misses - before.misses)
}

const BRANDS = 100
/** Page by slug with a join: the lake bench's page query. */
export const SLUG_QUERY =
  '*[_type == "page" && slug.current == $slug][0]{title, "brand": brand->name}'

/** Deterministic documents, made one batch at a time so the bench never holds the import twice. */
export function makeDoc(index: number): Record<string, unknown> {
  if (index < BRANDS) return {_id: `brand-${index}`, _type: 'brand', name: `Brand ${index}`}
  const brand = {_type: 'reference', _ref: `brand-${index % BRANDS}`}
  if (index % 10 === 0) {
    return {
      _id: `page-${index}`,
      _type: 'page',
      title: `Page ${index}`,
      slug: {_type: 'slug', current: `page-${index}`},
      brand,
      body: [
        {
          _type: 'block',
          _key: 'b',
          children: [{_type: 'span', _key: 's', text: `About supplement ${index}`}],
        },
      ],
    }
  }
  return {
    _id: `supplement-${index}`,
    _type: 'supplementContent.supplement',
    name: `Supplement ${index}`,
    slug: {_type: 'slug', current: `supplement-${index}`},
    brand,
    doses: [{_key: 'd', doseValue: index % 1000, doseUnit: 'mg', frequency: 'daily'}],
    mechanismOfAction: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.',
  }
}

/** CPU seconds a process has used (all its threads): what a busy shared machine doesn't inflate. */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]

/**
 * A million documents: import through @sanity/client (transactions of 2000, two in flight), the
 * page query's latency alone and while an editor patches 10 times a second, RSS, and a restart
 * (until the first query answers).
 */
export async function millionRows(count = 1_000_000): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-1m-'))
  // The first query after the import builds the views and indexes it needs over every document;
  // on a busy machine that can outlast the default 10 s budget, which would stop it and lose them.
  const budget = process.env.SANITY_LAKE_QUERY_TIMEOUT_MS
  process.env.SANITY_LAKE_QUERY_TIMEOUT_MS = '120000'
  let lake = await spawnLakeProcess(dataDir)
  const label = `${count / 1_000_000}M`
  try {
    let client = lakeClient(lake, 'production')
    const batch = 2000
    let peak = 0
    const started = performance.now()
    const cpuBefore = cpuSecondsOf(lake.pid)
    const benchCpu = process.cpuUsage()
    let next = 0
    const sendBatch = async (): Promise<boolean> => {
      if (next >= count) return false
      const start = next
      next = Math.min(count, next + batch)
      const mutations = []
      for (let index = start; index < next; index++) {
        mutations.push({createOrReplace: makeDoc(index)})
      }
      await client.mutate(mutations as never, {returnDocuments: false, visibility: 'async'})
      if ((start / batch) % 25 === 0) peak = Math.max(peak, rssOf(lake.pid).rss)
      return true
    }
    const sender = async () => {
      while (await sendBatch());
    }
    // The first batch holds the brands the others reference: it lands before two are in flight.
    await sendBatch()
    await Promise.all([sender(), sender()])
    const importSeconds = (performance.now() - started) / 1000
    const importCpu = cpuSecondsOf(lake.pid) - cpuBefore
    const clientCpu = (process.cpuUsage(benchCpu).user + process.cpuUsage(benchCpu).system) / 1e6
    const load = loadAverage()
    // The query workers apply the import after it is acknowledged: wait until they hold it all.
    while ((await client.fetch('count(*[_type == "brand"])')) < BRANDS) await sleep(200)
    const firstStarted = performance.now()
    await client.fetch(SLUG_QUERY, {slug: `page-${(count / 10 - 1) * 10}`})
    const firstQuery = (performance.now() - firstStarted) / 1000
    const slug = (i: number) => ({slug: `page-${((i * 7919) % (count / 10)) * 10}`})
    await closedLoop((i) => client.fetch(SLUG_QUERY, slug(i)), 2000)
    const alone = await closedLoop((i) => client.fetch(SLUG_QUERY, slug(i)), WINDOW_MS)
    // An ordered list paged by a site (the issue's `order(x desc)[0...50]`): 100 different pages,
    // so none is a kept answer; the first builds the ordered index.
    const orderedPage = (page: number) =>
      client.fetch(
        `*[_type == "supplementContent.supplement"] | order(name desc)[${page * 50}...${page * 50 + 50}]{_id, name}`,
      )
    const orderedFirstStarted = performance.now()
    await orderedPage(0)
    const orderedFirst = (performance.now() - orderedFirstStarted) / 1000
    const orderedTimes: number[] = []
    for (let page = 1; page <= 100; page++) {
      const pageStarted = performance.now()
      await orderedPage(page)
      orderedTimes.push(performance.now() - pageStarted)
    }
    const rss = rssOf(lake.pid)
    const walAfterImport = walMb(dataDir)
    // A filter no index serves walks every document: read from the store, more than the workers keep.
    const scanStarted = performance.now()
    await client.fetch('count(*[name match "Supplement 99999*"])')
    const scanSeconds = (performance.now() - scanStarted) / 1000
    const rssAfterScan = rssOf(lake.pid)

    const {result: during, writes} = await whileWriting(
      (n) =>
        client
          .patch(`supplement-${101 + (n % 9)}`)
          .set({name: `Supplement, take ${n}`})
          .commit({visibility: 'async', returnDocuments: false}),
      () => closedLoop((i) => client.fetch(SLUG_QUERY, slug(i)), WINDOW_MS),
    )
    const rssAfterWrites = rssOf(lake.pid)
    // Writes have paused: the log is folded into the file and starts over with the next write.
    await sleep(1000)
    await client.patch('supplement-101').set({name: 'Supplement 101'}).commit()
    const walAfterPause = walMb(dataDir)

    const restartStarted = performance.now()
    lake = await lake.restart()
    client = lakeClient(lake, 'production')
    await client.fetch(SLUG_QUERY, slug(1))
    const restartSeconds = (performance.now() - restartStarted) / 1000
    const restartCpu = cpuSecondsOf(lake.pid)
    const afterRestart = await closedLoop((i) => client.fetch(SLUG_QUERY, slug(i)), WINDOW_MS)
    const rssRestarted = rssOf(lake.pid)
    return [
      {
        area: 'lake',
        metric: `import ${label} docs via client`,
        value: count / importSeconds,
        unit: 'docs/s',
        note: `target >= 20k; transactions of ${batch}, 2 in flight, each fsynced; ${importSeconds.toFixed(1)} s; the lake used ${importCpu.toFixed(1)} CPU s (${(count / importCpu / 1000).toFixed(1)}k docs per CPU s over its threads), the client ${clientCpu.toFixed(1)}; peak RSS while importing ${peak.toFixed(0)} MB; load average ${load}`,
      },
      {
        area: 'lake',
        metric: `first page query after the ${label} import`,
        value: firstQuery,
        unit: 's',
        note: 'builds the slug.current index of the published view from values SQLite reads out of the stored documents (once; the _type index is not needed beside a slug)',
      },
      {
        area: 'lake',
        metric: `ordered page @${label}: p95`,
        value: quantile(orderedTimes, 0.95),
        unit: 'ms',
        note: `900k supplements by name desc, pages 1-100 of 50 (down to the 5050th), each asked once; p50 ${quantile(orderedTimes, 0.5).toFixed(2)} ms; the first (building the ordered index) ${orderedFirst.toFixed(1)} s`,
      },
      {
        area: 'lake',
        metric: `full scan no index serves @${label}`,
        value: scanSeconds,
        unit: 's',
        note: `count(*[name match "..."]): every document read from the store and parsed (the workers keep at most 192 MB of JSON parsed); RSS after it ${rssAfterScan.rss.toFixed(0)} MB`,
      },
      {
        area: 'lake',
        metric: `page query @${label}, no writes: p95`,
        value: quantile(alone, 0.95),
        unit: 'ms',
        note: `target < 10 ms; page by slug with a join; ${describe(alone)}; load average ${loadAverage()}`,
      },
      {
        area: 'lake',
        metric: `page query @${label}, 10 patches/s: p95`,
        value: quantile(during, 0.95),
        unit: 'ms',
        note: `${describe(during)}; ${writes} patches`,
      },
      {
        area: 'lake',
        metric: `lake RSS @${label}`,
        value: Math.max(rss.rss, rssAfterScan.rss, rssAfterWrites.rss),
        unit: 'MB',
        note: `target < 1.5 GB; ${rss.rss.toFixed(0)} MB after import, ${rssAfterScan.rss.toFixed(0)} after a full scan, ${rssAfterWrites.rss.toFixed(0)} after ${writes} patches, ${rssRestarted.rss.toFixed(0)} after restart; peak (VmHWM) ${Math.max(rss.peak, rssAfterWrites.peak).toFixed(0)} MB; write-ahead log ${walAfterImport.toFixed(0)} MB after the import, ${walAfterPause.toFixed(0)} MB after writes paused`,
      },
      {
        area: 'lake',
        metric: `restart @${label}`,
        value: restartSeconds,
        unit: 's',
        note: `target < 10 s; until the first query answers, using ${restartCpu.toFixed(1)} CPU s over its threads; load average ${loadAverage()}; page query after restart ${describe(afterRestart)}`,
      },
    ]
  } finally {
    lake.stop()
    rmSync(dataDir, {recursive: true, force: true})
    if (budget === undefined) delete process.env.SANITY_LAKE_QUERY_TIMEOUT_MS
    else process.env.SANITY_LAKE_QUERY_TIMEOUT_MS = budget
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** Size of the store's write-ahead log file. */
function walMb(dataDir: string): number {
  try {
    return statSync(join(dataDir, 'lake.sqlite-wal')).size / 2 ** 20
  } catch {
    return 0
  }
}
