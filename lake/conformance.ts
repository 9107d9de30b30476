import './quiet-warnings.ts'

import {createHash} from 'node:crypto'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {isDeepStrictEqual} from 'node:util'
import {tmpdir} from 'node:os'
import {join, relative, resolve} from 'node:path'

import {parse as parseYaml} from 'yaml'

import {API_VERSION} from '../scripts/lib/env.ts'
import {spawnLakeProcess} from './spawn.ts'

/**
 * Runs Sanity's GROQ conformance suite (YAML) through a lake's HTTP query endpoint and reports
 * passed / failed / skipped. Tests on the external "movies" dataset and legacy GROQ 0.1 are skipped.
 *
 *   npm run conformance [-- <suite dir>] [--filter <text>] [--verbose]
 *   (default suite: GROQ_TEST_SUITE or ../shared/groq-test-suite beside the repository)
 */

/** The GROQ revision checked against the suite's `version` selectors. */
const TARGET_VERSION = [1, 1]
/** Suite features groq-js 2 lacks entirely; tests needing others run (and may fail). */
const MISSING_IN_GROQ_JS = ['geo', 'geoFunctions']

export interface ConformanceCase {
  name: string
  file: string
  query: string
  documents: unknown[]
  params: Record<string, unknown>
  result?: unknown
  valid: boolean
  skip?: string
}

interface Node {
  name?: string
  query?: string
  documents?: unknown[]
  dataset?: string
  variables?: Record<string, unknown>
  result?: unknown
  valid?: boolean
  version?: string | number
  tests?: Node | Node[]
  [key: string]: unknown
}

export function loadSuite(suiteDir: string): ConformanceCase[] {
  const testDir = join(suiteDir, 'test')
  const cases: ConformanceCase[] = []
  for (const file of yamlFiles(testDir)) {
    const root = parseYaml(readFileSync(file, 'utf8')) as Node
    flatten(root, {}, relative(testDir, file), [], cases)
  }
  return cases
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) return yamlFiles(path)
      return /\.ya?ml$/.test(entry) ? [path] : []
    })
}

const INHERITED = [
  'query',
  'documents',
  'dataset',
  'result',
  'valid',
  'version',
  'features',
  'params',
]

function flatten(
  node: Node,
  parent: Node,
  file: string,
  names: string[],
  out: ConformanceCase[],
): void {
  const merged: Node = {...parent}
  for (const key of INHERITED) if (key in node) merged[key] = node[key]
  // A node with its own dataset drops the documents it inherited, and the other way round.
  if ('documents' in node) delete merged.dataset
  if ('dataset' in node) delete merged.documents
  merged.variables = {...(parent.variables ?? {}), ...(node.variables ?? {})}
  const path = node.name ? [...names, node.name] : names
  if (node.tests) {
    const children = Array.isArray(node.tests) ? node.tests : [node.tests]
    children.forEach((child, index) =>
      flatten(child, merged, file, child.name ? path : [...path, `#${index + 1}`], out),
    )
    return
  }
  if (typeof merged.query !== 'string') return
  const used = new Set([...merged.query.matchAll(/~(\w+)~/g)].map((match) => match[1]))
  const relevant = Object.fromEntries(
    Object.entries(merged.variables).filter(([name]) => used.has(name)),
  )
  for (const variables of expandVariables(relevant)) {
    const query = merged.query.replace(/~(\w+)~/g, (_, name) => String(variables[name]))
    const suffix = Object.keys(variables).length > 0 ? ` ${JSON.stringify(variables)}` : ''
    out.push({
      name: `${file}: ${path.join(' / ')}${suffix}`,
      file,
      query,
      documents: (merged.documents as unknown[]) ?? [],
      params: (merged.params as Record<string, unknown>) ?? {},
      result: merged.result,
      valid: merged.valid !== false,
      skip: skipReason(merged),
    })
  }
}

/** `variables: {x: ['a', 'b']}` means one test per value; several such lists multiply. */
function expandVariables(variables: Record<string, unknown>): Array<Record<string, unknown>> {
  let combos: Array<Record<string, unknown>> = [{}]
  for (const [name, value] of Object.entries(variables)) {
    const values = Array.isArray(value) ? value : [value]
    combos = combos.flatMap((combo) => values.map((each) => ({...combo, [name]: each})))
  }
  return combos
}

function skipReason(node: Node): string | undefined {
  if (node.dataset) return `needs the external "${node.dataset}" dataset`
  const features = (node.features as string[] | undefined) ?? []
  const missing = features.filter((feature) => MISSING_IN_GROQ_JS.includes(feature))
  if (missing.length > 0) return `needs ${missing.join(', ')}, which groq-js does not implement`
  if (node.version !== undefined && !versionMatches(String(node.version))) {
    return `targets GROQ ${node.version}`
  }
  return undefined
}

function versionMatches(selector: string): boolean {
  return selector.split(/\s*(?:&&|,)\s*/).every((part) => {
    const match = /^(>=|<=|>|<|=)?\s*(\d+)(?:\.(\d+))?$/.exec(part.trim())
    if (!match) return false
    const wanted = [Number(match[2]), Number(match[3] ?? 0)]
    const cmp = TARGET_VERSION[0] - wanted[0] || TARGET_VERSION[1] - wanted[1]
    switch (match[1]) {
      case '>=':
        return cmp >= 0
      case '>':
        return cmp > 0
      case '<=':
        return cmp <= 0
      case '<':
        return cmp < 0
      default:
        return cmp === 0
    }
  })
}

/** Scores are implementation-defined: the suite compares their rank among distinct scores. */
function rankScores(value: unknown): unknown {
  const scores = new Set<number>()
  const collect = (item: unknown): void => {
    if (Array.isArray(item)) item.forEach(collect)
    else if (item && typeof item === 'object') {
      const object = item as Record<string, unknown>
      if (typeof object._score === 'number') scores.add(object._score)
      Object.values(object).forEach(collect)
    }
  }
  collect(value)
  if (scores.size === 0) return value
  const ranks = [...scores].sort((a, b) => b - a)
  const replace = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(replace)
    if (!item || typeof item !== 'object') return item
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(item)) {
      if (key === '_score' && typeof child === 'number') out._pos = ranks.indexOf(child) + 1
      else out[key] = replace(child)
    }
    return out
  }
  return replace(value)
}

export interface LakeEndpoint {
  url: string
  token: string
  /** Called when a query timed out: the lake is stuck evaluating it and must be restarted. */
  restart?: () => Promise<LakeEndpoint>
}

const QUERY_TIMEOUT_MS = Number(process.env.CONFORMANCE_TIMEOUT_MS || 15_000)

export interface CaseOutcome {
  case: ConformanceCase
  status: 'passed' | 'failed' | 'skipped'
  detail?: string
}

/** Runs cases through the lake, one dataset per distinct set of documents (imported untouched). */
export async function runCases(
  lake: LakeEndpoint,
  cases: ConformanceCase[],
): Promise<CaseOutcome[]> {
  let endpoint = lake
  let headers = {authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json'}
  const datasets = new Map<string, string>()
  const outcomes: CaseOutcome[] = []
  for (const test of cases) {
    if (test.skip) {
      outcomes.push({case: test, status: 'skipped', detail: test.skip})
      continue
    }
    if (process.env.CONFORMANCE_TRACE) console.log(`RUN ${test.name}`)
    const docsJson = JSON.stringify(test.documents)
    let dataset = datasets.get(docsJson)
    if (!dataset) {
      dataset = `conformance-${createHash('sha1').update(docsJson).digest('hex').slice(0, 12)}`
      await fetch(`${endpoint.url}/v1/projects/local/datasets/${dataset}`, {method: 'PUT', headers})
      const ndjson = test.documents.map((doc) => JSON.stringify(doc)).join('\n')
      await fetch(`${endpoint.url}/v1/lake/import/${dataset}`, {
        method: 'POST',
        headers,
        body: ndjson,
      })
      datasets.set(docsJson, dataset)
    }
    let response: Response
    try {
      response = await fetch(
        `${endpoint.url}/v${API_VERSION}/data/query/${dataset}?perspective=raw`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({query: test.query, params: test.params}),
          signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
        },
      )
    } catch (error) {
      outcomes.push({
        case: test,
        status: 'failed',
        detail: `no answer: ${(error as Error).message}`,
      })
      if (!endpoint.restart) throw error
      endpoint = await endpoint.restart()
      headers = {authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json'}
      continue
    }
    const body = (await response.json()) as {result?: unknown; error?: {description?: string}}
    if (!test.valid) {
      const refused = response.status === 400
      outcomes.push({
        case: test,
        status: refused ? 'passed' : 'failed',
        detail: refused ? undefined : `expected an error, got ${JSON.stringify(body.result)}`,
      })
    } else if (!response.ok) {
      outcomes.push({
        case: test,
        status: 'failed',
        detail: `error ${response.status}: ${body.error?.description}`,
      })
    } else {
      const actual = rankScores(body.result ?? null)
      const expected = test.result === undefined ? null : test.result
      const same = isDeepStrictEqual(normalize(actual), normalize(expected))
      outcomes.push({
        case: test,
        status: same ? 'passed' : 'failed',
        detail: same
          ? undefined
          : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
      })
    }
  }
  return outcomes
}

/** JSON round trip, so YAML's and the server's representations compare alike. */
function normalize(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null))
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const flag = (name: string) => {
    const index = args.indexOf(name)
    return index >= 0 ? args.splice(index, 2)[1] : undefined
  }
  const filter = flag('--filter')
  const verbose = args.includes('--verbose')
  const positional = args.filter((arg) => !arg.startsWith('--'))
  const repoRoot = resolve(import.meta.dirname, '..')
  const suiteDir = resolve(
    positional[0] ?? process.env.GROQ_TEST_SUITE ?? join(repoRoot, '../shared/groq-test-suite'),
  )

  let cases = loadSuite(suiteDir)
  if (filter) cases = cases.filter((test) => test.name.includes(filter))
  const dataDir = mkdtempSync(join(tmpdir(), 'lake-conformance-'))
  // The lake runs in a child process: a query that never finishes (groq-js evaluates some nested
  // subqueries in exponential time) costs a restart, not the run. Datasets survive restarts on disk.
  // The lake's own query time limit answers a runaway query long before the runner gives up on it.
  process.env.SANITY_LAKE_QUERY_TIMEOUT_MS ??= '2000'
  let lake = await spawnLakeProcess(dataDir)
  const endpoint = (): LakeEndpoint => ({
    url: lake.url,
    token: lake.token,
    restart: async () => {
      lake = await lake.restart()
      return endpoint()
    },
  })
  try {
    const started = Date.now()
    const outcomes = await runCases(endpoint(), cases)
    const count = (status: CaseOutcome['status']) =>
      outcomes.filter((outcome) => outcome.status === status)
    for (const outcome of count('failed')) {
      console.log(`FAIL ${outcome.case.name}`)
      if (verbose) console.log(`     ${outcome.case.query.trim()}\n     ${outcome.detail}`)
    }
    const skipped = count('skipped')
    const reasons = new Map<string, number>()
    for (const outcome of skipped)
      reasons.set(outcome.detail!, (reasons.get(outcome.detail!) ?? 0) + 1)
    console.log(
      `\nGROQ conformance through the lake (${suiteDir}), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    console.log(`  passed  ${count('passed').length}`)
    console.log(`  failed  ${count('failed').length}`)
    console.log(
      `  skipped ${skipped.length}${[...reasons].map(([reason, n]) => `\n          ${n} ${reason}`).join('')}`,
    )
  } finally {
    lake.stop()
    rmSync(dataDir, {recursive: true, force: true})
  }
}

if (import.meta.main || process.argv[1] === import.meta.filename) await main()
