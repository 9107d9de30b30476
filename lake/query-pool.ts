import {Worker} from 'node:worker_threads'

import {LakeError} from './errors.ts'
import type {CommittedTransaction, Lake} from './lake.ts'
import type {LakeLimits} from './limits.ts'
import type {QueryInput} from './query.ts'
import type {WorkerReply, WorkerRequest} from './query-worker.ts'

const WORKER_FILE = new URL('./query-worker.ts', import.meta.url)
/** How often the heap of a worker running a query is read. */
const MEMORY_POLL_MS = 25
/** A query running this long marks its worker slow: then another worker may be started. */
const SLOW_MS = 100
/** Workers beyond the configured number stop after this long idle. */
const EXTRA_IDLE_MS = 5_000

interface Job {
  id: number
  message: WorkerRequest
  anonymous: boolean
  timeoutMs: number
  memoryBytes: number
  done(json: string): void
  fail(error: LakeError): void
  started?: number
}

interface Slot {
  worker: Worker
  ready: boolean
  job?: Job
  /** Heap in use when the current job started: the job's budget is counted from there. */
  baseline: number
  timer?: ReturnType<typeof setTimeout>
  idleTimer?: ReturnType<typeof setTimeout>
  extra: boolean
  /** Terminated or terminating: takes no more jobs. */
  dying?: boolean
}

/**
 * Queries run in worker threads, never on the main thread, which only routes: a query that
 * overruns its time or memory budget is stopped by terminating its worker (nothing inside groq-js
 * can escape that), and the worker is replaced. Each worker holds a copy of the datasets, kept in
 * step by posting every committed change to it. When every worker is busy and one of them has been
 * on a query for a while, one extra worker is started, so a few runaway queries don't queue
 * everyone else behind them for their whole budget.
 */
export class QueryPool {
  private readonly lake: Lake
  private readonly dataDir: string
  private readonly limits: LakeLimits
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  /** The largest heap a worker had right after loading: the datasets' size in memory. */
  private dataHeapBytes = 0
  private closed = false
  private readonly poll: ReturnType<typeof setInterval>
  private readonly onTransaction: (event: CommittedTransaction) => void
  private readonly onDataset: (event: {name: string; deleted: boolean}) => void

  constructor(lake: Lake, dataDir: string, limits: LakeLimits) {
    this.lake = lake
    this.dataDir = dataDir
    this.limits = limits
    this.onTransaction = (event) => {
      const message: WorkerRequest = {
        type: 'apply',
        dataset: event.dataset,
        changes: event.changes.map((change) => ({
          key: change.id,
          body: change.after ? (change.body ?? JSON.stringify(change.after)) : null,
        })),
      }
      for (const slot of this.slots) slot.worker.postMessage(message)
    }
    this.onDataset = (event) => {
      for (const slot of this.slots) slot.worker.postMessage({type: 'dataset', ...event})
    }
    lake.events.on('transaction', this.onTransaction)
    lake.events.on('dataset', this.onDataset)
    for (let i = 0; i < limits.queryWorkers; i++) this.spawn(false)
    this.poll = setInterval(() => this.checkMemory(), MEMORY_POLL_MS)
    this.poll.unref()
  }

  /** Resolves once every worker has loaded the datasets (tests and benches wait for it). */
  async ready(): Promise<void> {
    while (this.slots.some((slot) => !slot.ready)) {
      await new Promise((done) => setTimeout(done, 10))
    }
  }

  /** Runs a query; resolves with its result as JSON text, ready to be sent. */
  run(dataset: string, input: QueryInput): Promise<string> {
    if (this.closed) return Promise.reject(new LakeError(503, 'The lake is shutting down'))
    const limits = this.limits
    return new Promise((done, fail) => {
      const id = this.nextId++
      this.queue.push({
        id,
        message: {type: 'query', id, dataset, ...input},
        anonymous: input.anonymous,
        timeoutMs: input.anonymous ? limits.anonymousQueryTimeoutMs : limits.queryTimeoutMs,
        memoryBytes:
          (input.anonymous ? limits.anonymousQueryMemoryMb : limits.queryMemoryMb) * 1024 * 1024,
        done,
        fail,
      })
      this.dispatch()
    })
  }

  /** The same, parsed: for the lake's own use (patches and deletes by query). */
  async evaluate(dataset: string, input: QueryInput): Promise<unknown> {
    return JSON.parse(await this.run(dataset, input))
  }

  get size(): number {
    return this.slots.length
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.poll)
    this.lake.events.off('transaction', this.onTransaction)
    this.lake.events.off('dataset', this.onDataset)
    for (const job of this.queue.splice(0))
      job.fail(new LakeError(503, 'The lake is shutting down'))
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot)))
  }

  private spawn(extra: boolean): Slot {
    const worker = new Worker(WORKER_FILE, {
      workerData: {dataDir: this.dataDir},
      // A hard ceiling behind the per-query budget that checkMemory() enforces.
      resourceLimits: {maxOldGenerationSizeMb: this.heapCeilingMb()},
      stdout: false,
      stderr: false,
    })
    const slot: Slot = {worker, ready: false, baseline: 0, extra}
    this.slots.push(slot)
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply))
    worker.on('error', () => undefined)
    worker.on('exit', () => this.onExit(slot))
    return slot
  }

  private heapCeilingMb(): number {
    const perQuery = Math.max(this.limits.queryMemoryMb, this.limits.anonymousQueryMemoryMb)
    const data = Math.max(256, this.dataHeapBytes / (1024 * 1024))
    return Math.ceil(data * 2 + perQuery * 2)
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      slot.ready = true
      slot.worker
        .getHeapStatistics()
        .then((stats) => (this.dataHeapBytes = Math.max(this.dataHeapBytes, stats.used_heap_size)))
        .catch(() => undefined)
      this.dispatch()
      return
    }
    const job = slot.job
    if (!job || job.id !== reply.id) return
    this.finish(slot)
    if (reply.type === 'result') job.done(reply.json)
    else {
      const body = reply.body as {error?: {description?: string}}
      job.fail(new LakeError(reply.statusCode, body?.error?.description ?? 'Query failed', body))
    }
    this.dispatch()
  }

  /** A worker that died (terminated on a budget, or out of memory) fails its job and is replaced. */
  private onExit(slot: Slot): void {
    const index = this.slots.indexOf(slot)
    if (index >= 0) this.slots.splice(index, 1)
    const job = slot.job
    if (job) {
      this.finish(slot)
      job.fail(memoryExceeded(job))
    }
    if (this.closed) return
    if (!slot.extra && this.slots.filter((each) => !each.extra).length < this.limits.queryWorkers) {
      this.spawn(false)
    }
    this.dispatch()
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer)
    slot.job = undefined
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((each) => each.ready && !each.job && !each.dying)
      if (!slot) break
      this.start(slot, this.queue.shift()!)
    }
    if (this.queue.length > 0) this.maybeAddWorker()
    for (const slot of this.slots) {
      if (slot.extra && slot.ready && !slot.job && !slot.idleTimer) {
        slot.idleTimer = setTimeout(() => {
          if (!slot.job) void this.stop(slot)
        }, EXTRA_IDLE_MS)
        slot.idleTimer.unref()
      }
    }
  }

  /** One extra worker (at most as many as configured) while a slow query holds one. */
  private maybeAddWorker(): void {
    const now = performance.now()
    const starting = this.slots.some((slot) => !slot.ready && !slot.dying)
    const slow = this.slots.some((slot) => slot.job && now - slot.job.started! > SLOW_MS)
    const extras = this.slots.filter((slot) => slot.extra).length
    if (!starting && slow && extras < this.limits.queryWorkers) this.spawn(true)
    else if (!starting && !slow && this.queue.length > 0) {
      // Look again once the running queries count as slow.
      setTimeout(() => this.dispatch(), SLOW_MS).unref()
    }
  }

  private start(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer)
    slot.idleTimer = undefined
    slot.job = job
    job.started = performance.now()
    slot.baseline = 0
    slot.worker
      .getHeapStatistics()
      .then((stats) => {
        if (slot.job === job) slot.baseline = stats.used_heap_size
      })
      .catch(() => undefined)
    slot.timer = setTimeout(() => {
      if (slot.job !== job) return
      this.finish(slot)
      job.fail(timedOut(job))
      void this.stop(slot)
    }, job.timeoutMs)
    slot.worker.postMessage(job.message)
  }

  private checkMemory(): void {
    for (const slot of this.slots) {
      const job = slot.job
      if (!job || !slot.baseline) continue
      slot.worker
        .getHeapStatistics()
        .then((stats) => {
          if (slot.job !== job || stats.used_heap_size - slot.baseline <= job.memoryBytes) return
          this.finish(slot)
          job.fail(memoryExceeded(job))
          void this.stop(slot)
        })
        .catch(() => undefined)
    }
  }

  private async stop(slot: Slot): Promise<void> {
    slot.dying = true
    clearTimeout(slot.timer)
    clearTimeout(slot.idleTimer)
    await slot.worker.terminate()
  }
}

function timedOut(job: Job): LakeError {
  const who = job.anonymous ? 'without a token ' : ''
  const description = `Query exceeded the lake's time limit for queries ${who}(${job.timeoutMs} ms)`
  return new LakeError(408, description, {error: {description, type: 'queryTimeoutError'}})
}

function memoryExceeded(job: Job): LakeError {
  const mb = Math.round(job.memoryBytes / (1024 * 1024))
  const description = `Query exceeded the lake's memory limit for one query (${mb} MB)`
  return new LakeError(400, description, {error: {description, type: 'queryMemoryLimitError'}})
}
