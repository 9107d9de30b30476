/**
 * Only the at-scale rows of the lake bench (writes beside reads, mixed load, a million documents),
 * merged into bench/results.json beside the lake area's other rows: `node bench/lake-scale.ts`.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {spawnLakeProcess} from '../lake/spawn.ts'
import {loadRows, millionRows} from './lake-load.ts'
import type {BenchRow} from './stats.ts'

const rows: BenchRow[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-load-'))
const lake = await spawnLakeProcess(dataDir)
try {
  rows.push(...(await loadRows(lake)))
} finally {
  lake.stop()
  rmSync(dataDir, {recursive: true, force: true})
}
console.table(rows)
const million = Number(process.env.BENCH_LAKE_MILLION ?? 1_000_000)
if (million > 0) rows.push(...(await millionRows(million)))
console.table(rows)

const file = join(import.meta.dirname, 'results.json')
const results = JSON.parse(readFileSync(file, 'utf8')) as {date: string; rows: BenchRow[]}
const fresh = new Set(rows.map((row) => row.metric))
results.rows = [
  ...results.rows.filter((row) => row.area !== 'lake' || !fresh.has(row.metric)),
  ...rows,
]
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
