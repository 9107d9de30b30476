/**
 * `npm run bench`: runs every area's benchmark in turn (one at a time, so they don't compete for
 * the machine's cores), prints one table and writes bench/results.json.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {arch, cpus, totalmem} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {BenchRow} from './stats.ts'

const here = dirname(fileURLToPath(import.meta.url))
const AREAS = ['import', 'lake', 'site', 'studio']
const only = process.argv.slice(2)

const rows: BenchRow[] = []
const failures: {area: string; error: string}[] = []

for (const area of AREAS) {
  if (only.length > 0 && !only.includes(area)) continue
  const file = join(here, `${area}.ts`)
  if (!existsSync(file)) continue
  const started = performance.now()
  process.stderr.write(`bench: ${area}…\n`)
  try {
    const module = (await import(file)) as {run: () => Promise<BenchRow[]>}
    rows.push(...(await module.run()))
  } catch (error) {
    failures.push({area, error: error instanceof Error ? error.message : String(error)})
  }
  process.stderr.write(
    `bench: ${area} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  )
}

const format = (value: number) =>
  Number.isInteger(value)
    ? String(value)
    : value >= 100
      ? value.toFixed(0)
      : value >= 1
        ? value.toFixed(2)
        : value.toPrecision(2)
const table = rows.map((row) => ({
  area: row.area,
  metric: row.metric,
  value: `${format(row.value)} ${row.unit}`,
  note: row.note ?? '',
}))
console.table(table)
for (const failure of failures) console.error(`bench ${failure.area} failed: ${failure.error}`)

// A run of some areas keeps the other areas' rows from the last run, so results.json stays whole.
const resultsFile = join(here, 'results.json')
const kept: BenchRow[] =
  only.length > 0 && existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as {rows: BenchRow[]}).rows.filter(
        (row) => !only.includes(row.area),
      )
    : []

writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        arch: arch(),
        memoryBytes: totalmem(),
      },
      node: process.version,
      rows: [...kept, ...rows],
      failures,
    },
    null,
    2,
  )}\n`,
)
if (failures.length > 0) process.exitCode = 1
