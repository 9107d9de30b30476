import {existsSync, readFileSync} from 'node:fs'
import {setPriority} from 'node:os'
import {Worker} from 'node:worker_threads'

import {LakeError} from './errors.ts'
import type {CommittedTransaction, Lake} from './lake.ts'
import type {LakeLimits} from './limits.ts'
import {QueryCache} from './query-cache.ts'
import type {QueryInput} from './query.ts'
import type {WorkerReply, WorkerRequest} from './query-worker.ts'

/**
 * The worker's module: beside this file when the lake runs from source; in the built package it is
 * its own bundle, `dist/lake/query-worker.js` (package.config.ts), seen from wherever the bundler
 * put this code (`dist/`, `dist/cli/` or a shared chunk folder).
 */
const WORKER_FILE = ['./query-worker.ts', './lake/query-worker.js', '../lake/query-worker.js']
  .map((candidate) => new URL(candidate, import.meta.url))
  .find((url) => existsSync(url))!
/** How often the heap of a worker running a query is read. */
const MEMORY_POLL_MS = 25
/**
 * A query running this long is slow: its thread's priority drops (Linux), so quick queries on the
 * other workers and the main thread get the cores first, and a spare worker is started unless one
 * is idle, so the next quick query finds a free worker even when the slow one is stopped.
 */
const SLOW_MS = 100
const SLOW_NICENESS = 10
/** Workers beyond the configured number stop after this long idle. */
const EXTRA_IDLE_MS = 30_000
/**
 * A query stopped for its budget is refused at once if asked again within this time, instead of
 * costing another full budget and another worker: clients retry failed requests in loops.
 */
const REFUSE_AGAIN_MS = 30_000
const REFUSED_KEPT = 1000
/** How long after an anonymous query was stopped anonymous queries stay throttled. */
const THROTTLE_MS = 10_000

interface Job {
  id: number
  key: string
  dataset: string
  /** The dataset's epoch when the job was posted to a worker, when its answer may be kept. */
  epoch?: number
  cacheable: boolean
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
  /** The worker's operating-system thread id, when known. */
  tid?: number
  niced?: boolean
  slowTimer?: ReturnType<typeof setTimeout>
  /** The job keeps its thread busy (CPU time, not just waiting for a core): a runaway candidate. */
  busy?: boolean
  /** The worker is building an index, whose memory is not the job's: its budget waits. */
  indexing?: boolean
}

/**
 * Queries run in worker threads, never on the main thread, which only routes: a query that
 * overruns its time or memory budget is stopped by terminating its worker (nothing inside groq-js
 * can escape that), and the worker is replaced. Each worker holds a copy of the datasets, kept in
 * step by posting every committed change to it. While any worker is busy one more is kept free
 * (up to twice the configured number), so a runaway query never makes others queue behind it.
 */
export class QueryPool {
  private readonly lake: Lake
  private readonly dataDir: string
  private readonly limits: LakeLimits
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private lastAnonymousStop = -Infinity
  private retry?: ReturnType<typeof setTimeout>
  /** Queries recently stopped for their budget, by key: when they may run again, and why not. */
  private readonly refused = new Map<string, {until: number; error: LakeError}>()
  /** The largest heap a worker had right after loading: the datasets' size in memory. */
  private dataHeapBytes = 0
  private closed = false
  /** Answers kept until their dataset's next write, and identical queries being answered now. */
  readonly cache: QueryCache
  private readonly inflight = new Map<string, {epoch: number; answer: Promise<string>}>()
  private readonly poll: ReturnType<typeof setInterval>
  private readonly onTransaction: (event: CommittedTransaction) => void
  private readonly onDataset: (event: {name: string; deleted: boolean}) => void
  private readonly onCheckpoint: () => void

  constructor(lake: Lake, dataDir: string, limits: LakeLimits) {
    this.lake = lake
    this.dataDir = dataDir
    this.limits = limits
    this.cache = new QueryCache(limits.queryCacheMb * 1024 * 1024)
    this.onTransaction = (event) => {
      this.cache.changed(event.dataset)
      const message: WorkerRequest = {
        type: 'apply',
        dataset: event.dataset,
        seq: event.seq,
        changes: event.changes.map((change) => ({
          key: change.id,
          body: change.after ? (change.body ?? JSON.stringify(change.after)) : null,
        })),
      }
      for (const slot of this.slots) slot.worker.postMessage(message)
    }
    this.onDataset = (event) => {
      this.cache.changed(event.name)
      for (const slot of this.slots) slot.worker.postMessage({type: 'dataset', ...event})
    }
    this.onCheckpoint = () => {
      for (const slot of this.slots) slot.worker.postMessage({type: 'snapshot'} as WorkerRequest)
    }
    lake.events.on('transaction', this.onTransaction)
    lake.events.on('dataset', this.onDataset)
    lake.events.on('checkpoint', this.onCheckpoint)
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
    const key = JSON.stringify([
      dataset,
      input.anonymous,
      input.perspective,
      input.query,
      input.params,
    ])
    const cacheable = this.cache.cacheable(input.query)
    if (cacheable) {
      const kept = this.cache.get(dataset, key)
      if (kept !== undefined) return Promise.resolve(kept)
      // The same query at the same state is being answered: wait for that answer.
      const pending = this.inflight.get(key)
      if (pending && pending.epoch === this.cache.epoch(dataset)) return pending.answer
    }
    const refused = this.refused.get(key)
    if (refused && refused.until > performance.now()) return Promise.reject(refused.error)
    if (refused) this.refused.delete(key)
    const answer = new Promise<string>((done, fail) => {
      const id = this.nextId++
      this.queue.push({
        id,
        key,
        dataset,
        cacheable,
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
    if (cacheable) {
      const entry = {epoch: this.cache.epoch(dataset), answer}
      this.inflight.set(key, entry)
      const settled = () => {
        if (this.inflight.get(key) === entry) this.inflight.delete(key)
      }
      answer.then(settled, settled)
    }
    return answer
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
    clearTimeout(this.retry)
    this.lake.events.off('transaction', this.onTransaction)
    this.lake.events.off('dataset', this.onDataset)
    this.lake.events.off('checkpoint', this.onCheckpoint)
    for (const job of this.queue.splice(0))
      job.fail(new LakeError(503, 'The lake is shutting down'))
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot)))
  }

  private spawn(extra: boolean): Slot {
    const worker = new Worker(WORKER_FILE, {
      workerData: {dataDir: this.dataDir, documentsMb: this.limits.workerDocumentsMb},
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
      slot.tid = reply.tid
      slot.worker
        .getHeapStatistics()
        .then((stats) => (this.dataHeapBytes = Math.max(this.dataHeapBytes, stats.used_heap_size)))
        .catch(() => undefined)
      this.dispatch()
      return
    }
    if (reply.type === 'indexing') {
      slot.indexing = reply.active
      const job = slot.job
      // The job's budget counts from after the build (its garbage included, which is lenient).
      if (!reply.active && job) {
        slot.worker
          .getHeapStatistics()
          .then((stats) => {
            if (slot.job === job && !slot.indexing) slot.baseline = stats.used_heap_size
          })
          .catch(() => undefined)
      }
      return
    }
    const job = slot.job
    if (!job || job.id !== reply.id) return
    this.finish(slot)
    if (reply.type === 'result') {
      if (job.cacheable && job.epoch !== undefined) {
        this.cache.set(job.dataset, job.key, job.epoch, reply.json)
      }
      job.done(reply.json)
    } else {
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
      this.stopped(job, memoryExceeded(job))
    }
    if (this.closed) return
    if (!slot.extra && this.slots.filter((each) => !each.extra).length < this.limits.queryWorkers) {
      // A worker that died before it was ready (an unreadable data file) is retried slowly.
      if (slot.ready) this.spawn(false)
      else setTimeout(() => !this.closed && this.spawn(false), 1000).unref()
    }
    this.dispatch()
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer)
    clearTimeout(slot.slowTimer)
    slot.job = undefined
    slot.busy = false
    if (slot.niced && !slot.dying) {
      // Raising a priority back may need privileges; a worker that stays niced still serves.
      if (renice(slot.tid, 0)) slot.niced = false
    }
  }

  /** An anonymous job on `slot` turned out slow: lower its priority (token holders keep theirs). */
  private slow(slot: Slot): void {
    if (slot.job?.anonymous && renice(slot.tid, SLOW_NICENESS)) slot.niced = true
  }

  /**
   * Keeps one worker free (ready or starting) while any query has run longer than SLOW_MS, up to
   * twice the configured number: a query that arrives while a slow one runs never waits for it to
   * end, nor for a worker to boot and load the datasets (the slow part of replacing a terminated
   * one). Quick queries only queue for a moment behind each other, so ordinary load starts no
   * extra worker: each one costs a copy of the datasets in memory.
   */
  private keepOneFree(): void {
    const live = this.slots.filter((each) => !each.dying)
    if (live.some((each) => !each.job)) return
    const now = performance.now()
    if (!live.some((each) => each.job && each.busy && now - each.job.started! >= SLOW_MS)) return
    if (live.filter((each) => each.extra).length >= this.limits.queryWorkers) return
    this.spawn(true)
  }

  private dispatch(): void {
    const throttled = this.anonymousThrottled()
    for (let index = 0; index < this.queue.length;) {
      // Workers at full priority first: a niced one may still be sharing a core with a slow query.
      const free = this.slots.filter((each) => each.ready && !each.job && !each.dying)
      const slot = free.find((each) => !each.niced) ?? free[0]
      if (!slot) break
      const job = this.queue[index]
      // While anonymous queries misbehave, they never take the last free worker: token holders
      // (the Studio, scripts) keep one, and anonymous queries wait their turn.
      if (job.anonymous && throttled && free.length <= 1) {
        index++
        if (!this.retry) {
          this.retry = setTimeout(() => {
            this.retry = undefined
            this.dispatch()
          }, SLOW_MS)
          this.retry.unref()
        }
        continue
      }
      this.queue.splice(index, 1)
      this.start(slot, job)
    }
    this.keepOneFree()
    for (const slot of this.slots) {
      if (slot.extra && slot.ready && !slot.job && !slot.idleTimer) {
        slot.idleTimer = setTimeout(() => {
          if (!slot.job) void this.stop(slot)
        }, EXTRA_IDLE_MS)
        slot.idleTimer.unref()
      }
    }
  }

  private start(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer)
    slot.idleTimer = undefined
    slot.job = job
    job.started = performance.now()
    // The worker answers as of every change posted before this message: this epoch.
    job.epoch = this.cache.epoch(job.dataset)
    slot.baseline = 0
    slot.worker
      .getHeapStatistics()
      .then((stats) => {
        if (slot.job === job) slot.baseline = stats.used_heap_size
      })
      .catch(() => undefined)
    slot.slowTimer = setTimeout(() => {
      this.slow(slot)
      // A quick query on a starved machine also takes 100 ms of wall time: only one that used
      // the CPU for most of the next 100 ms is a runaway that calls for a spare worker.
      const before = threadCpuMs(slot.tid)
      slot.slowTimer = setTimeout(() => {
        const after = threadCpuMs(slot.tid)
        slot.busy = before === undefined || after === undefined || after - before >= SLOW_MS / 2
        this.keepOneFree()
      }, SLOW_MS)
    }, SLOW_MS)
    slot.timer = setTimeout(() => {
      if (slot.job !== job) return
      this.finish(slot)
      this.stopped(job, timedOut(job))
      void this.stop(slot)
    }, job.timeoutMs)
    slot.worker.postMessage(job.message)
  }

  private checkMemory(): void {
    for (const slot of this.slots) {
      const job = slot.job
      if (!job || !slot.baseline || slot.indexing) continue
      slot.worker
        .getHeapStatistics()
        .then((stats) => {
          if (slot.job !== job || slot.indexing) return
          if (stats.used_heap_size - slot.baseline <= job.memoryBytes) return
          this.finish(slot)
          this.stopped(job, memoryExceeded(job))
          void this.stop(slot)
        })
        .catch(() => undefined)
    }
  }

  /** An anonymous query was stopped for its budget lately, or one is running slow now. */
  private anonymousThrottled(): boolean {
    const now = performance.now()
    if (now - this.lastAnonymousStop < THROTTLE_MS) return true
    return this.slots.some((slot) => slot.job?.anonymous && now - slot.job.started! > SLOW_MS)
  }

  private stopped(job: Job, error: LakeError): void {
    if (job.anonymous) this.lastAnonymousStop = performance.now()
    job.fail(error)
    this.refused.set(job.key, {until: performance.now() + REFUSE_AGAIN_MS, error})
    if (this.refused.size > REFUSED_KEPT) this.refused.delete(this.refused.keys().next().value!)
  }

  private async stop(slot: Slot): Promise<void> {
    slot.dying = true
    clearTimeout(slot.timer)
    clearTimeout(slot.idleTimer)
    await slot.worker.terminate()
  }
}

/** CPU time a thread has used (Linux, 10 ms resolution), or undefined where that can't be read. */
function threadCpuMs(tid: number | undefined): number | undefined {
  if (tid === undefined) return undefined
  try {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

const CLOCK_TICKS = 100

function renice(tid: number | undefined, niceness: number): boolean {
  if (tid === undefined) return false
  try {
    setPriority(tid, niceness)
    return true
  } catch {
    return false
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
