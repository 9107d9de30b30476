import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {importArticleFile, planImport} from '../scripts/import/index.ts'
import {lakeClient} from '../scripts/lib/env.ts'
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
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await run()) console.log(JSON.stringify(result))
}
