import {Worker} from 'node:worker_threads'

/** Documents written since the last checkpoint after which the next one is asked for. */
const DOCUMENTS_PER_CHECKPOINT = 1000

/**
 * The main connection's own automatic checkpoint (pages of WAL, 4 KB each): only a bound on the
 * WAL for when the checkpointer lags or is gone, far above what it lets accumulate.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000

/** How long closing waits for the checkpointer to finish a checkpoint and let go of the file. */
const CLOSE_WAIT_MS = 10_000

/**
 * The thread's whole program: plain JavaScript, so it runs the same from the sources and from the
 * bundle. Its connection is `synchronous = FULL`, so a checkpoint syncs the database file before
 * the WAL may be reused: a commit stays durable whichever thread copies it.
 */
const SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
// node:sqlite's "experimental" notice was shown once already by the main thread.
process.removeAllListeners('warning')
const {DatabaseSync} = require('node:sqlite')
const db = new DatabaseSync(workerData.file)
db.exec('PRAGMA synchronous = FULL')
const closed = new Int32Array(workerData.closed)
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    Atomics.store(closed, 0, 1)
    Atomics.notify(closed, 0)
    parentPort.close()
    return
  }
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)')
  } catch {
    // Busy (the main connection checkpoints itself): the next request catches up.
  }
  parentPort.postMessage('done')
})
`

/**
 * Copies the WAL into the database file on a thread of its own. SQLite's automatic checkpoint
 * runs inside the COMMIT that crosses its threshold, on the thread that commits: during an import
 * that was nearly every commit (a 2000-document transaction writes ~1500 pages of WAL), a third of
 * the main thread's time in COMMIT, reading the WAL back, writing the file and syncing it. Here a
 * PASSIVE checkpoint (it never waits for the writer nor blocks it) is asked for once enough was
 * written; the thread starts on the first request, so a lake that only edits a little never
 * starts it, and its WAL is checkpointed by the fallback threshold as before.
 */
export class Checkpointer {
  private readonly file: string
  private worker?: Worker
  private closed?: Int32Array
  private written = 0
  private running = false
  private again = false
  private failed = false

  constructor(file: string) {
    this.file = file
  }

  /** After each commit: `documents` rows were written. */
  committed(documents: number): void {
    this.written += documents
    if (this.failed || this.written < DOCUMENTS_PER_CHECKPOINT) return
    this.written = 0
    if (this.running) {
      this.again = true
      return
    }
    this.start().postMessage('checkpoint')
    this.running = true
  }

  /** Lets go of the file before the main connection closes (which then checkpoints the rest). */
  close(): void {
    const worker = this.worker
    if (!worker) return
    this.worker = undefined
    worker.postMessage('close')
    if (Atomics.wait(this.closed!, 0, 0, CLOSE_WAIT_MS) === 'timed-out') void worker.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const shared = new SharedArrayBuffer(4)
    this.closed = new Int32Array(shared)
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: {file: this.file, closed: shared},
      stdout: false,
      stderr: false,
    })
    worker.on('message', () => {
      this.running = false
      if (this.again && this.worker === worker) {
        this.again = false
        worker.postMessage('checkpoint')
        this.running = true
      }
    })
    // A checkpointer that failed leaves the fallback threshold to do its work.
    worker.on('error', () => {
      if (this.worker === worker) this.worker = undefined
      this.failed = true
    })
    worker.unref()
    this.worker = worker
    return worker
  }
}
