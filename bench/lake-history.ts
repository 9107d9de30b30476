/**
 * History bench (part of the lake area): what the history costs on disk per transaction while
 * editors work the way the Studio does (Actions API edits and publishes), what compaction gives
 * back, and the latency of the History API endpoints the Studio calls.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {startLake} from '../lake/server.ts'
import {type BenchRow, median, quantile} from './stats.ts'

const DOCS = 50
const EDITS = 2000
const PUBLISH_EVERY = 25
const RUNS = 200

/** A supplement-sized document (~3 KB of JSON). */
function makeDoc(index: number): Record<string, unknown> {
  return {
    _id: `supplement-${index}`,
    _type: 'supplementContent.supplement',
    name: `Supplement ${index}`,
    summary: 'Vitamin D3 helps the body absorb calcium. '.repeat(20),
    doses: [{_key: 'd', doseValue: 1000, doseUnit: 'IU', frequency: 'daily'}],
    sections: Array.from({length: 6}, (_, section) => ({
      _key: `s${section}`,
      _type: 'block',
      children: [{_key: 'c', _type: 'span', text: `Section ${section}: `.repeat(20)}],
    })),
  }
}

export async function historyRows(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-history-'))
  const lake = await startLake({dataDir, port: 0, tlsPort: false, quiet: true})
  const headers = {authorization: `Bearer ${lake.token}`, 'content-type': 'application/json'}
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${lake.url}/v2025-02-19${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  try {
    await post('/data/mutate/production', {
      mutations: Array.from({length: DOCS}, (_, index) => ({createOrReplace: makeDoc(index)})),
    })
    const before = lake.lake.history.stats()
    let transactions = 0
    for (let edit = 0; edit < EDITS; edit++) {
      const id = `supplement-${edit % DOCS}`
      // What a keystroke burst sends: one small patch to the draft.
      await post('/data/actions/production', {
        actions: [
          {
            actionType: 'sanity.action.document.edit',
            draftId: `drafts.${id}`,
            publishedId: id,
            patch: {set: {name: `Supplement ${edit % DOCS} (edit ${edit})`}},
          },
        ],
      })
      transactions++
      if (edit % PUBLISH_EVERY === PUBLISH_EVERY - 1) {
        await post('/data/actions/production', {
          actions: [
            {
              actionType: 'sanity.action.document.publish',
              draftId: `drafts.${id}`,
              publishedId: id,
            },
          ],
        })
        transactions++
      }
    }
    const after = lake.lake.history.stats()
    const perTransaction = (after.bytes - before.bytes) / transactions

    const timed = async (path: string) => {
      const times: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now()
        const res = await fetch(`${lake.url}/v2025-02-19${path}`, {headers})
        await res.text()
        if (!res.ok) throw new Error(`${path}: ${res.status}`)
        times.push(performance.now() - started)
      }
      return times
    }
    const events = await timed(
      '/data/history/production/events/documents/drafts.supplement-7?limit=100',
    )
    const txs = await timed(
      '/data/history/production/transactions/drafts.supplement-7?excludeContent=true&effectFormat=mendoza' +
        '&includeIdentifiedDocumentsOnly=true&limit=50',
    )
    const revision = await timed(
      `/data/history/production/documents/supplement-7,drafts.supplement-7?time=${encodeURIComponent(new Date(Date.now() - 1000).toISOString())}`,
    )

    // Compaction as it runs two hours later: runs of edits squashed, chain kept whole.
    const compactStarted = performance.now()
    const {squashed} = lake.lake.history.compact(Date.now() + 2 * 3_600_000)
    const compactMs = performance.now() - compactStarted
    const compacted = lake.lake.history.stats()
    const row = (metric: string, value: number, unit: string, note?: string): BenchRow => ({
      area: 'lake',
      metric,
      value,
      unit,
      note,
    })
    return [
      row(
        'history: stored bytes per transaction',
        perTransaction,
        'B',
        `${transactions} Studio edits/publishes of ~3 KB documents; ${after.rows} rows, ${(after.bytes / 1024).toFixed(0)} KB`,
      ),
      row(
        'history: after compaction (2 h later)',
        compacted.bytes / transactions,
        'B/tx',
        `${squashed} edits squashed in ${compactMs.toFixed(0)} ms; ${compacted.rows} rows left`,
      ),
      row(
        'history: events of a draft (median)',
        median(events),
        'ms',
        `p95 ${quantile(events, 0.95).toFixed(2)} ms; HTTP, ${RUNS} runs`,
      ),
      row(
        'history: 50 transactions + mendoza (median)',
        median(txs),
        'ms',
        `p95 ${quantile(txs, 0.95).toFixed(2)} ms`,
      ),
      row(
        'history: document pair at a time (median)',
        median(revision),
        'ms',
        `p95 ${quantile(revision, 0.95).toFixed(2)} ms`,
      ),
    ]
  } finally {
    await lake.close()
    rmSync(dataDir, {recursive: true, force: true})
  }
}

// `node bench/lake-history.ts` alone: prints the rows and puts them into results.json.
if (import.meta.main || process.argv[1] === import.meta.filename) {
  const rows = await historyRows()
  console.table(rows)
  const file = join(import.meta.dirname, 'results.json')
  const results = JSON.parse(readFileSync(file, 'utf8')) as {rows: BenchRow[]}
  results.rows = [
    ...results.rows.filter((row) => !(row.area === 'lake' && row.metric.startsWith('history:'))),
    ...rows,
  ]
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
}
