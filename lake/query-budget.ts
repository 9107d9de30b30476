import {LakeError} from './errors.ts'

/**
 * groq-js evaluates on the main thread and only yields to microtasks, so a query it needs exponential
 * time for (deeply nested subqueries) would freeze the whole lake. A heartbeat timer notes when the
 * event loop last turned; document arrays check it as groq-js walks them, and abort the query once
 * the loop has been blocked for longer than the budget.
 */
let budgetMs = 10_000
const CHECK_EVERY = 256

let lastTurn = performance.now()
let heartbeat: ReturnType<typeof setInterval> | undefined

function ensureHeartbeat(): void {
  if (heartbeat) return
  heartbeat = setInterval(() => (lastTurn = performance.now()), 100)
  heartbeat.unref()
}

/** Called as a query starts: nothing else can be blocking the loop at that moment. */
export function startQueryClock(): void {
  ensureHeartbeat()
  budgetMs = Number(process.env.SANITY_LAKE_QUERY_TIMEOUT_MS || 10_000)
  lastTurn = performance.now()
}

/**
 * Once a query is stopped, sibling branches of groq-js's evaluation can still reject after the answer
 * went out, with nobody awaiting them. Those rejections are ignored; any other keeps Node's default
 * (the process dies of it). Returns the uninstaller.
 */
export function ignoreStrayTimeouts(): () => void {
  const handler = (reason: unknown) => {
    if (isQueryTimeout(reason)) return
    throw reason
  }
  process.on('unhandledRejection', handler)
  return () => process.off('unhandledRejection', handler)
}

function isQueryTimeout(reason: unknown): boolean {
  return reason instanceof LakeError && reason.statusCode === 408
}

function check(): void {
  if (performance.now() - lastTurn > budgetMs) {
    const description = `Query exceeded the lake's ${budgetMs} ms time limit`
    throw new LakeError(408, description, {error: {description, type: 'queryTimeoutError'}})
  }
}

/** Makes iterating `docs` (what groq-js does for `*` and filters) check the budget as it goes. */
export function guarded<T>(docs: T[]): T[] {
  Object.defineProperty(docs, Symbol.iterator, {
    value: function* () {
      for (let index = 0; index < docs.length; index++) {
        if (index % CHECK_EVERY === 0) check()
        yield docs[index]
      }
    },
  })
  return docs
}
