import {EventEmitter} from 'node:events'

import {DEFAULT_DATASET} from '../scripts/lib/env.ts'
import {Dataset} from './dataset.ts'
import {badRequest, datasetNotFound} from './errors.ts'
import {Store} from './store.ts'
import {type Change, Transaction} from './transaction.ts'

/** The one local editor every token-bearing request acts as. */
export const LOCAL_USER_ID = 'plocaleditor'

export interface CommittedTransaction {
  dataset: string
  transactionId: string
  timestamp: string
  identity: string
  changes: Change[]
}

const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

/**
 * The content lake without HTTP: datasets in memory over a durable SQLite store. Transactions run one
 * at a time, so each sees the last one's result, and are acknowledged only after SQLite committed.
 */
export class Lake {
  readonly store: Store
  readonly events = new EventEmitter()
  private readonly datasets = new Map<string, Dataset>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.store = new Store(dataDir)
    // Many listeners (one per open `listen` stream) are normal here, not a leak.
    this.events.setMaxListeners(0)
    if (this.store.datasets().length === 0) this.store.createDataset(DEFAULT_DATASET)
    for (const name of this.store.datasets()) {
      const dataset = new Dataset(name)
      dataset.load(this.store.documents(name))
      this.datasets.set(name, dataset)
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
      dataset = new Dataset(name)
      this.datasets.set(name, dataset)
    }
    return dataset
  }

  deleteDataset(name: string): void {
    this.dataset(name)
    this.store.deleteDataset(name)
    this.datasets.delete(name)
  }

  /**
   * Runs `work` against a staged transaction and commits it whole: on any error nothing is written.
   * A dry run checks everything and answers as if committed, but writes nothing.
   */
  transact(
    datasetName: string,
    work: (tx: Transaction) => Promise<void> | void,
    options: {transactionId?: string; dryRun?: boolean} = {},
  ): Promise<{tx: Transaction; changes: Change[]}> {
    const run = async () => {
      const dataset = this.dataset(datasetName)
      const tx = new Transaction(dataset, options.transactionId)
      await work(tx)
      const changes = tx.changes()
      if (options.dryRun || changes.length === 0) return {tx, changes}
      const stored = changes.map((change) => ({key: change.id, doc: change.after}))
      this.store.commit({
        id: tx.id,
        dataset: datasetName,
        timestamp: tx.timestamp,
        identity: LOCAL_USER_ID,
        changes: stored,
      })
      dataset.apply(stored)
      const event: CommittedTransaction = {
        dataset: datasetName,
        transactionId: tx.id,
        timestamp: tx.timestamp,
        identity: LOCAL_USER_ID,
        changes,
      }
      this.events.emit('transaction', event)
      return {tx, changes}
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }

  /** Writes documents exactly as given, without revisions or timestamps: for test fixtures. */
  importRaw(datasetName: string, docs: Array<Record<string, unknown>>): void {
    const dataset = this.createDataset(datasetName)
    const stored = docs.map((doc, index) => ({
      key: typeof doc._id === 'string' ? doc._id : `__lake_anonymous_${dataset.version}_${index}`,
      doc,
    }))
    this.store.commit({
      id: `import-${Date.now()}`,
      dataset: datasetName,
      timestamp: new Date().toISOString(),
      identity: LOCAL_USER_ID,
      changes: stored,
    })
    dataset.apply(stored)
  }

  close(): void {
    this.events.removeAllListeners()
    this.store.close()
  }
}
