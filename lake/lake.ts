import {EventEmitter} from 'node:events'

import {DEFAULT_DATASET} from '../scripts/lib/env.ts'
import {Dataset} from './dataset.ts'
import {randomId} from './documents.ts'
import {badRequest, datasetNotFound, mutationError} from './errors.ts'
import {History, type HistoryLimits, historyLimitsFromEnv} from './history.ts'
import {DEFAULT_LIMITS, type LakeLimits} from './limits.ts'
import {Store} from './store.ts'
import {type Change, Transaction} from './transaction.ts'
import {checkDocument, checkTransactionId} from './validate.ts'

/** The one local editor every token-bearing request acts as. */
export const LOCAL_USER_ID = 'plocaleditor'

export interface CommittedTransaction {
  dataset: string
  transactionId: string
  timestamp: string
  identity: string
  changes: Change[]
  /** The store's sequence number of this commit. */
  seq: number
}

/** Writes pausing this long let the store's write-ahead log be folded in (`checkpointWhenQuiet`). */
const QUIET_MS = 250

const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

/**
 * The content lake without HTTP: datasets in memory over a durable SQLite store. Transactions run one
 * at a time, so each sees the last one's result, and are acknowledged only after SQLite committed.
 */
export class Lake {
  readonly store: Store
  /** Every committed change with the state it replaced: the History API's source. */
  readonly history: History
  readonly events = new EventEmitter()
  private readonly datasets = new Map<string, Dataset>()
  private queue: Promise<unknown> = Promise.resolve()
  readonly limits: LakeLimits

  constructor(
    dataDir: string,
    limits: LakeLimits = DEFAULT_LIMITS,
    historyLimits: HistoryLimits = historyLimitsFromEnv(),
  ) {
    this.limits = limits
    this.store = new Store(dataDir)
    this.history = new History(this.store.db, historyLimits)
    this.store.beforeCommit = (transaction) => this.history.record(transaction)
    this.history.compact()
    // Many listeners (one per open `listen` stream) are normal here, not a leak.
    this.events.setMaxListeners(0)
    if (this.store.datasets().length === 0) this.store.createDataset(DEFAULT_DATASET)
    for (const name of this.store.datasets()) {
      // Queries run on the workers' copies: this thread reads documents from the store.
      this.datasets.set(name, new Dataset(name, this.store.documentSource(name)))
    }
  }

  datasetNames(): string[] {
    return [...this.datasets.keys()].sort()
  }

  dataset(name: string): Dataset {
    const dataset = this.datasets.get(name)
    if (!dataset) throw datasetNotFound(name)
    return dataset
  }

  createDataset(name: string): Dataset {
    if (!DATASET_NAME.test(name)) throw badRequest(`Invalid dataset name "${name}"`)
    let dataset = this.datasets.get(name)
    if (!dataset) {
      this.store.createDataset(name)
      dataset = new Dataset(name, this.store.documentSource(name))
      this.datasets.set(name, dataset)
      this.events.emit('dataset', {name, deleted: false})
    }
    return dataset
  }

  deleteDataset(name: string): void {
    this.dataset(name)
    this.store.deleteDataset(name)
    this.history.deleteDataset(name)
    this.datasets.delete(name)
    this.events.emit('dataset', {name, deleted: true})
  }

  /**
   * Runs `work` against a staged transaction and commits it whole: on any error nothing is written.
   * A dry run checks everything and answers as if committed, but writes nothing.
   */
  transact(
    datasetName: string,
    work: (tx: Transaction) => Promise<void> | void,
    options: {transactionId?: unknown; dryRun?: boolean; identity?: string} = {},
  ): Promise<{tx: Transaction; changes: Change[]}> {
    const run = async () => {
      const dataset = this.dataset(datasetName)
      const transactionId = checkTransactionId(options.transactionId)
      // The id becomes the `_rev` of every document written: reusing one would let a stale
      // `ifRevisionID` match twice. Checked here, inside the queue, so two requests can't race.
      if (transactionId !== undefined && this.store.hasTransaction(transactionId)) {
        throw mutationError(409, 0, {
          description: `Transaction ID "${transactionId}" has already been used`,
          type: 'transactionIdConflictError',
        })
      }
      const tx = new Transaction(dataset, this.limits, transactionId)
      await work(tx)
      const changes = tx.changes()
      if (options.dryRun || changes.length === 0) return {tx, changes}
      const stored = changes.map((change) => ({
        key: change.id,
        doc: change.after,
        body: change.body,
        before: change.before,
      }))
      const identity = options.identity ?? LOCAL_USER_ID
      const seq = this.store.commit({
        id: tx.id,
        dataset: datasetName,
        timestamp: tx.timestamp,
        identity,
        changes: stored,
      })
      dataset.apply(stored)
      const event: CommittedTransaction = {
        dataset: datasetName,
        transactionId: tx.id,
        timestamp: tx.timestamp,
        identity,
        changes,
        seq,
      }
      this.events.emit('transaction', event)
      this.compactHistoryWhenDue()
      this.checkpointWhenQuiet()
      return {tx, changes}
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }

  /**
   * Writes documents exactly as given, without revisions or timestamps: for test fixtures. They
   * pass the same validation as every other write; one without `_id` gets a random one.
   */
  importRaw(datasetName: string, docs: unknown[]): Promise<number> {
    const run = async () => {
      const dataset = this.createDataset(datasetName)
      // One change per id, the last one given winning, as writing them in turn would leave it.
      const byId = new Map<string, {doc: Record<string, unknown> & {_id: string}; body: string}>()
      docs.forEach((doc, index) => {
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && !('_id' in doc)) {
          doc = {_id: randomId(), ...doc}
        }
        const body = checkDocument(doc, index, this.limits)
        const valid = doc as Record<string, unknown> & {_id: string}
        byId.delete(valid._id)
        byId.set(valid._id, {doc: valid, body})
      })
      dataset.prefetch([...byId.keys()])
      const stored = [...byId].map(([key, {doc, body}]) => ({
        key,
        doc,
        body,
        before: dataset.get(key) ?? null,
      }))
      const id = randomId()
      const timestamp = new Date().toISOString()
      const changes: Change[] = stored.map(({key, doc, body, before}) => {
        const operation = before ? 'update' : 'create'
        return {id: key, before, after: doc, operation, mutations: [], body}
      })
      const seq = this.store.commit({
        id,
        dataset: datasetName,
        timestamp,
        identity: LOCAL_USER_ID,
        changes: stored,
      })
      dataset.apply(stored)
      const event: CommittedTransaction = {
        dataset: datasetName,
        transactionId: id,
        timestamp,
        identity: LOCAL_USER_ID,
        changes,
        seq,
      }
      this.events.emit('transaction', event)
      return stored.length
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }

  private quietTimer?: ReturnType<typeof setTimeout>

  /**
   * The query workers each hold a read snapshot of the store, a commit or so behind while writes
   * come in, so SQLite can never start its write-ahead log over and the log would grow with every
   * write. Once writes pause, the log is copied into the database file and the workers are told
   * (`checkpoint` event) to take new snapshots, which then read the file alone: the next write
   * starts the log over (and `journal_size_limit` trims the file). A long burst of writes (an
   * import) still grows the log for as long as it lasts.
   */
  private checkpointWhenQuiet(): void {
    clearTimeout(this.quietTimer)
    this.quietTimer = setTimeout(() => {
      if (this.store.db.isOpen && this.store.checkpoint()) this.events.emit('checkpoint')
    }, QUIET_MS)
    this.quietTimer.unref()
  }

  /** Compaction runs after the commit's answer went out, never inside a commit. */
  private compactHistoryWhenDue(): void {
    if (!this.history.compactionDue()) return
    setImmediate(() => {
      if (this.store.db.isOpen) this.history.compact()
    })
  }

  close(): void {
    clearTimeout(this.quietTimer)
    this.events.removeAllListeners()
    this.store.close()
  }
}
