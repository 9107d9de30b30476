/**
 * A query worker: holds its own copy of every dataset (loaded from the SQLite file, then kept up to
 * date by the changes the main thread posts after each commit) and evaluates queries on it. The
 * main thread terminates it when a query overruns its time or memory budget, so nothing a query
 * does here can stall the lake.
 */
import './quiet-warnings.ts'

import {readlinkSync} from 'node:fs'
import {join} from 'node:path'
import {DatabaseSync} from 'node:sqlite'
import {parentPort, workerData} from 'node:worker_threads'

import {Dataset} from './dataset.ts'
import type {Doc} from './documents.ts'
import {LakeError, queryParseError} from './errors.ts'
import {type QueryInput, runQuery} from './query.ts'

export type WorkerRequest =
  | {type: 'apply'; dataset: string; changes: Array<{key: string; body: string | null}>}
  | {type: 'dataset'; name: string; deleted: boolean}
  | ({type: 'query'; id: number; dataset: string} & QueryInput)

export type WorkerReply =
  | {type: 'ready'; tid?: number}
  | {type: 'result'; id: number; json: string}
  | {type: 'error'; id: number; statusCode: number; body: unknown}

const port = parentPort!
const datasets = new Map<string, Dataset>()

function load(dataDir: string): void {
  const db = new DatabaseSync(join(dataDir, 'lake.sqlite'), {readOnly: true})
  try {
    for (const row of db.prepare('SELECT name FROM datasets ORDER BY name').all()) {
      const name = String(row.name)
      const dataset = workerDataset(name)
      const rows = db
        .prepare('SELECT key, body FROM documents WHERE dataset = ? ORDER BY key')
        .iterate(name)
      // In id order (the primary key's), so the first view needs no sort.
      dataset.load(
        (function* () {
          for (const doc of rows) yield [String(doc.key), JSON.parse(String(doc.body)) as Doc]
        })(),
        true,
      )
      datasets.set(name, dataset)
    }
  } finally {
    db.close()
  }
}

/** Deletes are checked against references on the main thread: a worker needs no such index. */
function workerDataset(name: string): Dataset {
  return new Dataset(name, undefined, {referrers: false})
}

async function handle(message: WorkerRequest): Promise<void> {
  if (message.type === 'dataset') {
    if (message.deleted) datasets.delete(message.name)
    else if (!datasets.has(message.name)) datasets.set(message.name, workerDataset(message.name))
    return
  }
  if (message.type === 'apply') {
    let dataset = datasets.get(message.dataset)
    if (!dataset) datasets.set(message.dataset, (dataset = workerDataset(message.dataset)))
    dataset.apply(
      message.changes.map(({key, body}) => ({key, doc: body === null ? null : JSON.parse(body)})),
    )
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

load((workerData as {dataDir: string}).dataDir)
port.postMessage({type: 'ready', tid: threadId()} as WorkerReply)
