/**
 * Site benchmark: the supplement page query's latency through @sanity/client against a local
 * content lake holding 10k and then 100k synthetic documents of the content model, beside groq-js
 * evaluating the same query in-process on the same documents.
 *
 *   npm run bench -- site
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

import type {SanityClient} from '@sanity/client'
import {evaluate, parse} from 'groq-js'

import {siteFetch} from '../schemas/queries/options.ts'
import {supplementPageQuery} from '../schemas/queries/index.ts'
import {lakeClient} from '../scripts/lib/env.ts'
import {type BenchRow, median, quantile} from './stats.ts'

type Doc = {_id: string; _type: string; [key: string]: unknown}

/** `BENCH_SITE_SIZES=10000` runs a quicker subset. */
const SIZES = (process.env.BENCH_SITE_SIZES ?? '10000,100000').split(',').map(Number)
/** Documents per supplement "family": 1 supplement, 3 benefits, 2 warnings, 1 audience, 13 citations. */
const FAMILY_SIZE = 20
const HEALTH_AREAS = ['bone', 'cardiovascular', 'immune', 'cognitive', 'metabolic', 'sleep']
const SOURCE_TYPES = ['peerReviewedJournal', 'government', 'clinicalInstitution', 'drugDatabase']
/** Per size: stop sampling after this many samples or this much time, whichever comes first. */
const MAX_SAMPLES = 200
const MAX_SAMPLE_MS = 15_000
const BATCH_BYTES = 4 * 1024 * 1024

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-site-'))
  const lake = await startLakeProcess(dataDir)
  const client = lakeClient(lake)
  const rows: BenchRow[] = []
  const all: Doc[] = []
  try {
    for (const size of SIZES) {
      const families = Math.floor(size / FAMILY_SIZE)
      const start = all.length / FAMILY_SIZE
      const added: Doc[] = []
      for (let family = start; family < families; family++) added.push(...familyDocs(family))
      const importStarted = performance.now()
      await importSiteDocs(client, added)
      const importMs = performance.now() - importStarted
      all.push(...added)
      const label = `${size / 1000}k docs`
      rows.push({
        area: 'site',
        metric: `bench import to ${label}`,
        value: Math.round(added.length / (importMs / 1000)),
        unit: 'docs/s',
        note: `${added.length} documents in ${(importMs / 1000).toFixed(1)} s`,
      })
      rows.push(...(await measure(client, all, families, label)))
    }
  } finally {
    await lake.close()
    rmSync(dataDir, {recursive: true, force: true})
  }
  return rows
}

/**
 * The lake as a site sees it: its own process (`npm run lake`), on free ports in a temp folder, so
 * the in-process groq-js runs never share a thread or heap with the server being measured.
 */
async function startLakeProcess(dataDir: string) {
  const child: ChildProcess = spawn(process.execPath, ['lake/cli.ts'], {
    env: {
      ...process.env,
      SANITY_LAKE_DIR: dataDir,
      SANITY_LAKE_PORT: '0',
      SANITY_LAKE_TLS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({input: child.stdout!})
    lines.on('line', (line) => {
      const match = line.match(/^\s*HTTP\s+(http:\/\/\S+)/)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`lake exited with code ${code}`)))
  })
  return {
    url,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

async function measure(
  client: SanityClient,
  docs: Doc[],
  families: number,
  label: string,
): Promise<BenchRow[]> {
  const {params, options} = siteFetch({preview: false})
  const slugs = Array.from({length: 64}, (_, i) => `supplement-${(i * 7919) % families}`)
  const tree = parse(supplementPageQuery)
  const lakeQuery = (slug: string) => client.fetch(supplementPageQuery, {...params, slug}, options)
  const localQuery = async (slug: string) =>
    (await evaluate(tree, {dataset: docs, params: {...params, slug}})).get()

  // Same answer both ways, or the comparison means nothing.
  const [fromLake, fromLocal] = [await lakeQuery(slugs[0]), await localQuery(slugs[0])]
  if (!fromLake || fromLake.citations.length === 0) throw new Error('page query found no page')
  if (JSON.stringify(strip(fromLake)) !== JSON.stringify(strip(fromLocal))) {
    throw new Error('the lake and groq-js disagree on the page query result')
  }

  // The lake first: groq-js leaves this process hundreds of MB of garbage at 100k documents, and
  // collecting it while timing the lake would charge the lake for the in-process run.
  const lakeTimes = await sample(lakeQuery, slugs)
  const localTimes = await sample(localQuery, slugs)
  const lakeStats = stats(lakeTimes)
  const localStats = stats(localTimes)
  const note = (n: number) => `${n} samples`
  return [
    {
      area: 'site',
      metric: `page query median, lake, ${label}`,
      value: lakeStats.median,
      unit: 'ms',
      note: note(lakeTimes.length),
    },
    {
      area: 'site',
      metric: `page query p95, lake, ${label}`,
      value: lakeStats.p95,
      unit: 'ms',
      note: note(lakeTimes.length),
    },
    {
      area: 'site',
      metric: `page query median, groq-js in-process, ${label}`,
      value: localStats.median,
      unit: 'ms',
      note: note(localTimes.length),
    },
    {
      area: 'site',
      metric: `page query p95, groq-js in-process, ${label}`,
      value: localStats.p95,
      unit: 'ms',
      note: note(localTimes.length),
    },
    {
      area: 'site',
      metric: `page query p95 ratio lake / in-process, ${label}`,
      value: ratio(lakeStats.p95, localStats.p95),
      unit: 'x',
      note: `${ratio(lakeStats.p95, localStats.p95)}x; median ratio ${ratio(lakeStats.median, localStats.median)}x; lake over HTTP through @sanity/client`,
    },
  ]
}

async function sample(query: (slug: string) => Promise<unknown>, slugs: string[]) {
  for (const slug of slugs.slice(0, 5)) await query(slug) // warm up
  const times: number[] = []
  const started = performance.now()
  while (times.length < MAX_SAMPLES && performance.now() - started < MAX_SAMPLE_MS) {
    const slug = slugs[times.length % slugs.length]
    const t0 = performance.now()
    await query(slug)
    times.push(performance.now() - t0)
  }
  return times
}

function stats(times: number[]) {
  return {median: round(median(times)), p95: round(quantile(times, 0.95))}
}

const round = (value: number) => Math.round(value * 100) / 100
/** Two significant digits: a lake far faster than groq-js would otherwise read as "0 x". */
const ratio = (lake: number, local: number) => Number((lake / local).toPrecision(2))

/** The lake adds system fields the in-process copy lacks; compare the content only. */
function strip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === '_updatedAt' ? undefined : v)))
}

let importRun = 0

/**
 * Imports in batches, each a transaction with a known id, which becomes the `_rev` of what it
 * writes. Supplements come last and record those revisions as their medical review's approval
 * (what "Mark reviewed" records), so the site query shows them; the in-process copy gets the
 * same `_rev`s so both sides answer alike.
 */
export async function importSiteDocs(client: SanityClient, docs: Doc[]): Promise<void> {
  // Referenced types first, so reference checks always find their targets.
  const order = [
    'supplementContent.citation',
    'supplementContent.audience',
    'supplementContent.benefit',
    'supplementContent.warning',
    'supplementContent.supplement',
  ]
  const sorted = [...docs].sort((a, b) => order.indexOf(a._type) - order.indexOf(b._type))
  const run = ++importRun
  let batch = 0
  const batchId = () => `bench${run}x${batch}`
  const revOf = new Map<string, string>()
  let transaction = client.transaction()
  let bytes = 0
  for (const doc of sorted) {
    const rev = batchId()
    doc._rev = rev
    revOf.set(doc._id, rev)
    if (doc._type === 'supplementContent.supplement') {
      const linked = ['benefits', 'audiences', 'warnings', 'citations'].flatMap((field) =>
        ((doc[field] ?? []) as Array<{_ref: string}>).map((item) => item._ref),
      )
      doc.review = {
        ...(doc.review as object),
        revision: rev,
        approved: [...new Set(linked)].map((id, i) => ({
          _key: `r${i}`,
          _type: 'supplementContent.reviewedDocument',
          document: {_type: 'reference', _ref: id, _weak: true},
          revision: revOf.get(id),
        })),
      }
    }
    transaction.create(doc)
    bytes += JSON.stringify(doc).length
    if (bytes > BATCH_BYTES) {
      await transaction.commit({
        visibility: 'async',
        returnDocuments: false,
        transactionId: batchId(),
      })
      transaction = client.transaction()
      bytes = 0
      batch++
    }
  }
  if (bytes > 0) {
    await transaction.commit({
      visibility: 'async',
      returnDocuments: false,
      transactionId: batchId(),
    })
  }
}

/** Deterministic pseudo-random numbers, so every run queries the same data. */
function random(seed: number) {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

const ref = (id: string, key: string) => ({_type: 'reference', _ref: id, _key: key})
const slug = (current: string) => ({_type: 'slug', current})

/** One supplement with its benefits, warnings, audience and citations: FAMILY_SIZE documents. */
export function familyDocs(n: number): Doc[] {
  const rnd = random(n + 1)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
  const citations: Doc[] = Array.from({length: 13}, (_, i) => ({
    _id: `citation-${n}-${i}`,
    _type: 'supplementContent.citation',
    title: `Study ${i} on supplement ${n}: effects on ${pick(HEALTH_AREAS)} health`,
    url: `https://example.org/studies/${n}/${i}`,
    alternateUrls: i % 3 === 0 ? [`https://pubmed.ncbi.nlm.nih.gov/${n * 100 + i}/`] : [],
    accessed: '2025-06-27',
    publisher: pick(['PMC', 'NIH', 'Mayo Clinic', 'Healthline']),
    sourceType: pick(SOURCE_TYPES),
    issued: 2000 + (i % 25),
  }))
  const citationId = (i: number) => citations[i % 13]._id
  const benefits: Doc[] = Array.from({length: 3}, (_, i) => ({
    _id: `benefit-${n}-${i}`,
    _type: 'supplementContent.benefit',
    title: `Benefit ${i} of supplement ${n}`,
    slug: slug(`benefit-${n}-${i}`),
    summary: 'Supports the body in a way clinical studies describe.',
    healthArea: pick(HEALTH_AREAS),
    evidenceStrength: pick(['strong', 'moderate', 'limited']),
    citations: [ref(citationId(i * 2), 'a'), ref(citationId(12 - i), 'b')],
  }))
  const warnings: Doc[] = [
    {
      _id: `warning-${n}-limit`,
      _type: 'supplementContent.warning',
      title: `Upper limit for supplement ${n}`,
      kind: 'doseLimit',
      severity: 'caution',
      text: 'Do not exceed the tolerable upper intake level.',
      doseLimit: {_type: 'supplementContent.doseLimit', amount: 1000 + n, unit: 'mg', per: 'day'},
      citations: [ref(citationId(1), 'a')],
    },
    {
      _id: `warning-${n}-interaction`,
      _type: 'supplementContent.warning',
      title: `Interaction for supplement ${n}`,
      kind: 'drugInteraction',
      severity: 'serious',
      text: 'May interact with blood-thinning medicines.',
      interactingSubstances: [pick(['warfarin', 'aspirin', 'heparin'])],
      citations: [ref(citationId(3), 'a')],
    },
  ]
  const audience: Doc = {
    _id: `audience-${n}`,
    _type: 'supplementContent.audience',
    name: `Audience ${n}`,
    slug: slug(`audience-${n}`),
    description: 'People who may benefit.',
  }
  const body = Array.from({length: 24}, (_, i) => ({
    _type: 'block',
    _key: `b${i}`,
    style: i % 6 === 0 ? 'h2' : 'normal',
    markDefs:
      i % 4 === 1
        ? [
            {
              _type: 'supplementContent.citationReference',
              _key: 'c',
              citation: {_type: 'reference', _ref: citationId(i)},
            },
          ]
        : [],
    children: [
      {_type: 'span', _key: 's1', text: `Paragraph ${i} explains how this works. `, marks: []},
      {
        _type: 'span',
        _key: 's2',
        text: 'Clinical research supports this claim in several populations.',
        marks: i % 4 === 1 ? ['c'] : [],
      },
    ],
  }))
  const supplement: Doc = {
    _id: `supplement-${n}`,
    _type: 'supplementContent.supplement',
    name: `Supplement ${n}`,
    slug: slug(`supplement-${n}`),
    headline: `Why supplement ${n} matters`,
    summary: 'A synthetic supplement for benchmarking.',
    ingredients: [
      {_type: 'supplementContent.ingredient', _key: 'i', name: `Ingredient ${n}`, form: 'MK-7'},
    ],
    mechanism: [
      {
        _type: 'supplementContent.mechanismStep',
        _key: 'm',
        target: 'Osteocalcin',
        effect: 'Binds calcium.',
      },
    ],
    body,
    takeaway: 'It may help.',
    disclaimer: 'Not medical advice.',
    benefits: benefits.map((b, i) => ref(b._id, `b${i}`)),
    audiences: [ref(audience._id, 'a')],
    warnings: warnings.map((w, i) => ref(w._id, `w${i}`)),
    // Works cited: 11 of the 13 (the others are cited only by benefits), in a shuffled order.
    citations: Array.from({length: 11}, (_, i) => ref(citationId((i * 5) % 13), `c${i}`)),
    review: {
      _type: 'supplementContent.medicalReview',
      status: 'reviewed',
      reviewer: 'Dr. Bench Mark, MD',
      lastReviewed: '2025-07-01',
    },
  }
  return [...citations, audience, ...benefits, ...warnings, supplement]
}
