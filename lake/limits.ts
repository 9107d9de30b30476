/**
 * Every budget the lake enforces, in one place: what a query, a listener, a request body and a
 * document may cost. Each has an environment variable (read at start) and a `startLake` option.
 */
export interface LakeLimits {
  /** Wall-clock budget of one query for a token holder; the worker running it is terminated after. */
  queryTimeoutMs: number
  /** The same for requests without the token. */
  anonymousQueryTimeoutMs: number
  /** Heap one query may add to its worker (MB) before it is terminated. */
  queryMemoryMb: number
  anonymousQueryMemoryMb: number
  /** Worker threads evaluating queries; at least 2 so one runaway query never holds them all. */
  queryWorkers: number
  /** Open `listen` streams, all clients together, and those without the token. */
  maxListeners: number
  maxAnonymousListeners: number
  /** Bytes a listener may leave unread before it is disconnected. */
  listenerBufferBytes: number
  /** Time one change may spend in one listener filter before that listener is disconnected. */
  listenerFilterBudgetMs: number
  /** Largest request body, and all bodies being received at once. */
  maxBodyBytes: number
  maxConcurrentBodyBytes: number
  /** A whole request (headers and body) must arrive within this; headers alone within the next. */
  requestTimeoutMs: number
  headersTimeoutMs: number
  /**
   * A connection (HTTP/1.1 socket, HTTP/2 session) or an HTTP/2 stream with no bytes either way
   * for this long is closed. Listen streams send a keepalive every 20 s, so only dead ones go.
   */
  idleTimeoutMs: number
  /** Streams one HTTP/2 session may hold open at once (the Studio holds ~6 listeners + queries). */
  maxConcurrentStreams: number
  /** Request headers (and so a GET URL), HTTP/1.1 and HTTP/2 alike. */
  maxHeaderBytes: number
  /** Largest document as JSON (Sanity: 32 MB) and deepest nesting of objects and arrays. */
  maxDocumentBytes: number
  maxDocumentDepth: number
  /** Largest query text and parameters together. */
  maxQueryBytes: number
  /** Query answers kept until their dataset's next write (MB of JSON); 0 keeps none. */
  queryCacheMb: number
  /** JSON megabytes of documents each query worker keeps parsed (a dataset under half is held whole). */
  workerDocumentsMb: number
}

const MB = 1024 * 1024

export const DEFAULT_LIMITS: LakeLimits = {
  queryTimeoutMs: 10_000,
  anonymousQueryTimeoutMs: 2_000,
  queryMemoryMb: 512,
  anonymousQueryMemoryMb: 128,
  queryWorkers: 2,
  maxListeners: 1000,
  maxAnonymousListeners: 100,
  listenerBufferBytes: 8 * MB,
  listenerFilterBudgetMs: 100,
  maxBodyBytes: 100 * MB,
  maxConcurrentBodyBytes: 256 * MB,
  requestTimeoutMs: 120_000,
  headersTimeoutMs: 20_000,
  idleTimeoutMs: 120_000,
  maxConcurrentStreams: 128,
  maxHeaderBytes: 16 * 1024,
  maxDocumentBytes: 32 * 1000 * 1000,
  maxDocumentDepth: 100,
  maxQueryBytes: 1 * MB,
  queryCacheMb: 64,
  workerDocumentsMb: 192,
}

const ENV: Record<keyof LakeLimits, string> = {
  queryTimeoutMs: 'SANITY_LAKE_QUERY_TIMEOUT_MS',
  anonymousQueryTimeoutMs: 'SANITY_LAKE_ANON_QUERY_TIMEOUT_MS',
  queryMemoryMb: 'SANITY_LAKE_QUERY_MEMORY_MB',
  anonymousQueryMemoryMb: 'SANITY_LAKE_ANON_QUERY_MEMORY_MB',
  queryWorkers: 'SANITY_LAKE_QUERY_WORKERS',
  maxListeners: 'SANITY_LAKE_MAX_LISTENERS',
  maxAnonymousListeners: 'SANITY_LAKE_MAX_ANON_LISTENERS',
  listenerBufferBytes: 'SANITY_LAKE_LISTENER_BUFFER_BYTES',
  listenerFilterBudgetMs: 'SANITY_LAKE_LISTENER_FILTER_MS',
  maxBodyBytes: 'SANITY_LAKE_MAX_BODY_BYTES',
  maxConcurrentBodyBytes: 'SANITY_LAKE_MAX_CONCURRENT_BODY_BYTES',
  requestTimeoutMs: 'SANITY_LAKE_REQUEST_TIMEOUT_MS',
  headersTimeoutMs: 'SANITY_LAKE_HEADERS_TIMEOUT_MS',
  idleTimeoutMs: 'SANITY_LAKE_IDLE_TIMEOUT_MS',
  maxConcurrentStreams: 'SANITY_LAKE_MAX_CONCURRENT_STREAMS',
  maxHeaderBytes: 'SANITY_LAKE_MAX_HEADER_BYTES',
  maxDocumentBytes: 'SANITY_LAKE_MAX_DOCUMENT_BYTES',
  maxDocumentDepth: 'SANITY_LAKE_MAX_DOCUMENT_DEPTH',
  maxQueryBytes: 'SANITY_LAKE_MAX_QUERY_BYTES',
  queryCacheMb: 'SANITY_LAKE_QUERY_CACHE_MB',
  workerDocumentsMb: 'SANITY_LAKE_WORKER_DOCUMENTS_MB',
}

/** Limits that 0 switches off. */
const ZERO_ALLOWED = new Set<keyof LakeLimits>(['queryCacheMb'])

/** Defaults, overridden by the environment, overridden by what the caller passes. */
export function resolveLimits(
  given: Partial<LakeLimits> = {},
  env: NodeJS.ProcessEnv = process.env,
): LakeLimits {
  const limits = {...DEFAULT_LIMITS}
  for (const key of Object.keys(ENV) as Array<keyof LakeLimits>) {
    const value = Number(env[ENV[key]])
    const allowed = value > 0 || (value === 0 && ZERO_ALLOWED.has(key))
    if (env[ENV[key]] && Number.isFinite(value) && allowed) limits[key] = value
    if (given[key] !== undefined) limits[key] = given[key]
  }
  limits.queryWorkers = Math.max(2, Math.floor(limits.queryWorkers))
  return limits
}

export function limitNames(): Record<keyof LakeLimits, string> {
  return ENV
}
