/**
 * A query worker: holds every dataset's ids, views and indexes (built from a snapshot of the SQLite
 * file, then kept up to date by the changes the main thread posts after each commit), reads the
 * documents themselves from the snapshot as queries need them, and evaluates queries. The
 * main thread terminates it when a query overruns its time or memory budget, so nothing a query
 * does here can stall the lake.
 */
import './quiet-warnings.ts'

import {readlinkSync} from 'node:fs'
import {join} from 'node:path'
import {parentPort, workerData} from 'node:worker_threads'

import {Dataset} from './dataset.ts'
import {LakeError, queryParseError} from './errors.ts'
import {type QueryInput, runQuery} from './query.ts'
import {StoreSnapshot} from './store-snapshot.ts'

export type WorkerRequest =
  | {
      type: 'apply'
      dataset: string
      /** The commit's sequence number in the store. */
      seq: number
      changes: Array<{key: string; body: string | null}>
    }
  | {type: 'dataset'; name: string; deleted: boolean}
  /** The store's log was folded into its file: a new snapshot lets SQLite start the log over. */
  | {type: 'snapshot'}
  | ({type: 'query'; id: number; dataset: string} & QueryInput)

export type WorkerReply =
  | {type: 'ready'; tid?: number}
  /** An index build started or ended: its memory belongs to the dataset, not to the query. */
  | {type: 'indexing'; active: boolean}
  | {type: 'result'; id: number; json: string}
  | {type: 'error'; id: number; statusCode: number; body: unknown}

const port = parentPort!
const {dataDir, documentsMb} = workerData as {dataDir: string; documentsMb?: number}
const cacheBytes = (documentsMb ?? 192) * 1024 * 1024
const datasets = new Map<string, Dataset>()

/**
 * Two read-only connections to the store: the snapshot the datasets read from, and one to open the
 * next snapshot on. A worker moves to a newer snapshot only once it has applied every commit that
 * snapshot holds, so a query never sees a document newer than the views it walks.
 */
let current = new StoreSnapshot(join(dataDir, 'lake.sqlite'))
let spare = new StoreSnapshot(join(dataDir, 'lake.sqlite'))
/** The newest commit applied here (or held by the snapshot the worker started from). */
let applied = 0

function load(): void {
  applied = current.begin()
  for (const name of current.datasets()) {
    const dataset = workerDataset(name)
    // A dataset that fits half the cache is held parsed whole: scans then read no store.
    const ids = current.ids(name)
    const whole = current.bytes(name, ids.length) < cacheBytes / 2
    dataset.attach(current.dataset(name), ids, whole ? current.parsed(name) : undefined)
    datasets.set(name, dataset)
  }
}

/** Deletes are checked against references on the main thread: a worker needs no such index. */
function workerDataset(name: string): Dataset {
  const dataset = new Dataset(name, undefined, {
    referrers: false,
    cacheBytes,
    indexing: (active) => port.postMessage({type: 'indexing', active} as WorkerReply),
  })
  dataset.attach(current.dataset(name), [], [])
  return dataset
}

/**
 * Moves every dataset to a snapshot holding the changes applied so far, when the store holds no
 * later commit yet: the changes then need no keeping here. Otherwise the next commit's message,
 * already on its way, tries again.
 */
function advance(always = false): void {
  let pending = 0
  for (const dataset of datasets.values()) pending += dataset.pending
  if (pending === 0 && !always) return
  if (spare.begin() !== applied) {
    spare.end()
    return
  }
  ;[current, spare] = [spare, current]
  spare.end()
  for (const [name, dataset] of datasets) dataset.rebase(current.dataset(name))
}

async function handle(message: WorkerRequest): Promise<void> {
  if (message.type === 'dataset') {
    if (message.deleted) datasets.delete(message.name)
    else if (!datasets.has(message.name)) datasets.set(message.name, workerDataset(message.name))
    return
  }
  if (message.type === 'snapshot') {
    advance(true)
    return
  }
  if (message.type === 'apply') {
    // Commits posted before this worker opened its first snapshot are in it already.
    if (message.seq <= applied) return
    let dataset = datasets.get(message.dataset)
    if (!dataset) datasets.set(message.dataset, (dataset = workerDataset(message.dataset)))
    dataset.apply(message.changes)
    applied = message.seq
    advance()
    return
  }
  const {id, dataset: name, type: _type, ...input} = message
  try {
    const dataset = datasets.get(name)
    if (!dataset) throw new LakeError(404, `Dataset "${name}" not found`)
    const result = await runQuery(dataset, input)
    port.postMessage({type: 'result', id, json: JSON.stringify(result ?? null)} as WorkerReply)
  } catch (error) {
    const reply: WorkerReply =
      error instanceof LakeError
        ? {type: 'error', id, statusCode: error.statusCode, body: error.body}
        : error instanceof RangeError
          ? {type: 'error', id, statusCode: 400, body: tooDeep(input.query)}
          : {
              type: 'error',
              id,
              statusCode: 400,
              body: queryParseError((error as Error).message, input.query).body,
            }
    port.postMessage(reply)
  }
}

function tooDeep(query: string) {
  return queryParseError('Query is nested too deeply, or builds a value too large', query).body
}

// One message at a time, in order: a query sees every change posted before it, and none that
// arrives while it awaits.
let queue: Promise<void> = Promise.resolve()
port.on('message', (message: WorkerRequest) => {
  queue = queue.then(() => handle(message)).catch(() => undefined)
})

/** This thread's id in the operating system (Linux), so the pool can lower its priority. */
function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || undefined
  } catch {
    return undefined
  }
}

load()
port.postMessage({type: 'ready', tid: threadId()} as WorkerReply)
