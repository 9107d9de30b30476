import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {importArticleFile, planImport} from '../scripts/import/index.ts'
import {lakeClient} from '../scripts/lib/env.ts'
import {corpusTotals, scoreCorpus} from '../tests/import/corpus-score.ts'
import {type BenchRow, median} from './stats.ts'

const SEED = fileURLToPath(new URL('../content/articles/vitamin-d3-k2.txt', import.meta.url))
const RUNS = 25

async function reimportMutations(): Promise<BenchRow> {
  const {startLake} = await import('../lake/server.ts')
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-'))
  const lake = await startLake({dataDir, port: 0, tlsPort: false, quiet: true})
  try {
    const client = lakeClient(lake)
    const first = await importArticleFile(SEED, {client, skipValidation: true})
    const again = await importArticleFile(SEED, {client, skipValidation: true})
    return {
      area: 'import',
      metric: 're-import mutations (seed, unchanged)',
      value: again.mutationCount,
      unit: 'mutations',
      note: `goal 0; first import sent ${first.mutationCount} in one transaction`,
    }
  } finally {
    await lake.close()
    rmSync(dataDir, {recursive: true, force: true})
  }
}

/** What the importer extracts from the safety corpus, against what its editor wrote down. */
function extractionRows(): BenchRow[] {
  const scores = scoreCorpus()
  if (scores.length === 0) return []
  const t = corpusTotals(scores)
  const pct = (value: number) => Number((value * 100).toFixed(1))
  const below = (pick: (s: (typeof scores)[number]) => boolean) =>
    scores.filter(pick).map((s) => s.article.replace(/\.txt$/, ''))
  const note = (goal: string, articles: string[]) =>
    `goal ${goal}; ${t.articles} articles` +
    (articles.length ? `; short: ${articles.join(', ')}` : '')
  const missing = (key: 'statements' | 'substances' | 'effects' | 'populations') =>
    below((s) => s[key].found < s[key].total)
  const row = (metric: string, value: number, unit: string, goal: string, short: string[]) => ({
    area: 'import',
    metric,
    value,
    unit,
    note: note(goal, short),
  })
  return [
    row(
      'safety statements carried by a warning',
      pct(t.statements),
      '%',
      '100 %',
      missing('statements'),
    ),
    row(
      '… of the kind the editor gave',
      pct(t.kinds),
      '%',
      'report',
      below((s) => s.kinds.found < s.kinds.total),
    ),
    row('interacting substances found', pct(t.substances), '%', '>= 95 %', missing('substances')),
    row('side effects found', pct(t.effects), '%', '>= 95 %', missing('effects')),
    row(
      'contraindicated populations found',
      pct(t.populations),
      '%',
      '>= 95 %',
      missing('populations'),
    ),
    row(
      'dose limits exactly right',
      pct(t.limits),
      '%',
      '100 %',
      below((s) => s.limits.found < s.limits.total),
    ),
    row(
      'wrong doses (missed, wrong or invented limits)',
      t.wrongDoses,
      'limits',
      '0',
      below((s) => s.wrongDoses.length > 0),
    ),
    row(
      'invented substances',
      t.invented,
      'substances',
      '0',
      below((s) => s.invented.length > 0),
    ),
    row(
      'mechanism list items carried by a step',
      pct(t.mechanism),
      '%',
      '100 %',
      below((s) => s.mechanism.found < s.mechanism.total),
    ),
    row(
      'supplement names right',
      pct(t.names),
      '%',
      '100 %',
      below((s) => !s.nameRight),
    ),
    row('benefits precision', pct(t.benefits.precision), '%', 'report', []),
    row('benefits recall', pct(t.benefits.recall), '%', 'report', []),
    row('benefits F1', pct(t.benefits.f1), '%', '>= 90 %', []),
    row('audiences precision', pct(t.audiences.precision), '%', 'report', []),
    row('audiences recall', pct(t.audiences.recall), '%', 'report', []),
    row('audiences F1', pct(t.audiences.f1), '%', '>= 90 %', []),
  ]
}

export async function run(): Promise<BenchRow[]> {
  const text = readFileSync(SEED, 'utf8')
  planImport(text, {sourceFile: 'seed'}) // warm-up: first-run JIT is not what editors wait for
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    planImport(text, {sourceFile: 'seed'})
    times.push(performance.now() - start)
  }
  return [
    {
      area: 'import',
      metric: 'parse+plan seed (median)',
      value: Number(median(times).toFixed(2)),
      unit: 'ms',
      note: `goal < 200 ms; median of ${RUNS} runs`,
    },
    await reimportMutations(),
    ...extractionRows(),
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await run()) console.log(JSON.stringify(result))
}
