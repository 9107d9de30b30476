import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {
  constants as h2,
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type ServerHttp2Session,
} from 'node:http2'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import {resolve} from 'node:path'

import {lakeSettings} from '../scripts/lib/env.ts'
import {Context, type RawRequest, type RawResponse, RequestBudget} from './http/context.ts'
import {applyCors, corsOriginsFromEnv} from './http/cors.ts'
import {allowedHostnames, checkBrowserRequest} from './http/guard.ts'
import {Router, sendError} from './http/router.ts'
import {httpErrorType, LakeError} from './errors.ts'
import {Lake} from './lake.ts'
import {type LakeLimits, resolveLimits} from './limits.ts'
import {QueryPool} from './query-pool.ts'
import {actionRoutes} from './routes/actions.ts'
import {dataRoutes} from './routes/data.ts'
import {exportRoutes} from './routes/export.ts'
import {historyRoutes} from './routes/history.ts'
import {listenRoutes} from './routes/listen.ts'
import {presenceSocket} from './routes/socket.ts'
import {studioSupportRoutes} from './routes/studio-support.ts'
import {loadOrCreateCertificate} from './tls.ts'
import {loadOrCreateToken} from './token.ts'

export interface LakeOptions {
  /** Data folder; default `SANITY_LAKE_DIR` or `.lake`. */
  dataDir?: string
  host?: string
  /** HTTP port; 0 picks a free one. Default `SANITY_LAKE_PORT` or 7070. */
  port?: number
  /** HTTPS + HTTP/2 port for the Studio; 0 picks a free one, false serves no TLS. */
  tlsPort?: number | false
  /** Origins allowed by CORS; default `SANITY_LAKE_CORS_ORIGIN` or http://localhost:3333. */
  corsOrigins?: string[]
  /** Use this token instead of the one stored in the data folder. */
  token?: string
  quiet?: boolean
  /** Overrides of the budgets in limits.ts (else their environment variables, else defaults). */
  limits?: Partial<LakeLimits>
}

export interface RunningLake {
  url: string
  tlsUrl?: string
  port: number
  tlsPort?: number
  token: string
  /** True when this start generated the token (the CLI prints it only then). */
  tokenCreated: boolean
  dataDir: string
  certFile?: string
  lake: Lake
  limits: LakeLimits
  queries: QueryPool
  /** What the lake holds open right now: for tests and the bench, to see that clients' leaving frees it. */
  status(): LakeStatus
  close(): Promise<void>
}

export interface LakeStatus {
  /** Route handlers still running (an export waiting for its reader counts until it ends). */
  handlersRunning: number
  /** Responses not yet closed, listen streams included. */
  openResponses: number
  http2Sessions: number
  http2Streams: number
  rssBytes: number
}

/** Starts the local content lake: one Lake behind an HTTP listener and, unless disabled, HTTPS/2. */
export async function startLake(options: LakeOptions = {}): Promise<RunningLake> {
  const settings = lakeSettings()
  const dataDir = resolve(options.dataDir ?? settings.dataDir)
  const host = options.host ?? settings.host
  const {token, created} = loadOrCreateToken(dataDir, options.token)
  const corsOrigins = options.corsOrigins ?? corsOriginsFromEnv()
  const hostnames = allowedHostnames(host)
  const limits = resolveLimits(options.limits)
  const lake = new Lake(dataDir, limits)
  const queries = new QueryPool(lake, dataDir, limits)
  const budget = new RequestBudget(limits)

  const router = new Router()
  dataRoutes(router, lake, queries)
  listenRoutes(router, lake)
  exportRoutes(router, lake)
  actionRoutes(router, lake)
  historyRoutes(router, lake)
  studioSupportRoutes(router, lake)

  const counts = {handlersRunning: 0, openResponses: 0, http2Streams: 0}
  /** HTTP/1.1 sockets whose request the lake is still working on: silence there is not idleness. */
  const working = new WeakSet<object>()
  const handle = (req: RawRequest, res: RawResponse) => {
    // A client that goes away mid-answer (a closed listen stream, an aborted export) is normal.
    res.on('error', () => undefined)
    counts.openResponses++
    res.on('close', () => counts.openResponses--)
    idleOnlyOnceAnswering(req, res, limits.idleTimeoutMs, working)
    let ctx: Context | undefined
    try {
      ctx = new Context(req, res, token, budget)
      if (applyCors(ctx, corsOrigins)) return
      checkBrowserRequest(req, corsOrigins, hostnames)
      checkHeaderSize(req, limits.maxHeaderBytes)
    } catch (error) {
      if (ctx) sendError(ctx, error)
      else {
        const known = error instanceof LakeError ? error : new LakeError(400, String(error))
        res.statusCode = known.statusCode
        res.end(JSON.stringify(known.body))
      }
      return
    }
    const current = ctx
    counts.handlersRunning++
    router
      .handle(current)
      .catch((error) => {
        try {
          sendError(current, error)
        } catch {
          res.end()
        }
      })
      .finally(() => counts.handlersRunning--)
  }

  const sockets = presenceSocket(lake, {token, corsOrigins, hostnames})
  const http: Server = createServer(
    {maxHeaderSize: limits.maxHeaderBytes, connectionsCheckingInterval: checkEvery(limits)},
    (req: IncomingMessage, res: ServerResponse) => handle(req, res),
  )
  http.on('upgrade', sockets.upgrade)
  // Receiving the request is timed as a whole; after that only silence is: a listen stream's
  // answer may stay open for hours, but it sends a keepalive every 20 s.
  http.requestTimeout = limits.requestTimeoutMs
  http.headersTimeout = limits.headersTimeoutMs
  http.timeout = limits.idleTimeoutMs
  http.on('timeout', (socket: Duplex & {setTimeout(ms: number): unknown}) => {
    if (working.has(socket)) socket.setTimeout(limits.idleTimeoutMs)
    else socket.destroy()
  })
  http.on('clientError', answerClientError)
  // Clients keep sockets alive between bursts (an import, then queries); closing them after Node's
  // 5 s default races a client reusing one and fails its POST with "other side closed".
  http.keepAliveTimeout = 120_000
  const port = await listen(http, options.port ?? settings.port, host)

  let tls: Http2SecureServer | undefined
  const sessions = new Set<ServerHttp2Session>()
  let tlsPort: number | undefined
  let certFile: string | undefined
  if (options.tlsPort !== false) {
    const certificate = await loadOrCreateCertificate(dataDir)
    certFile = certificate.certFile
    tls = createSecureServer(
      {
        key: certificate.key,
        cert: certificate.cert,
        allowHTTP1: true,
        // A TLS handshake, like a request's headers, must not take longer than the headers timeout.
        handshakeTimeout: limits.headersTimeoutMs,
        // Node's default is no limit on concurrent streams. The header list nghttp2 accepts stays
        // above the lake's own limit, so that an oversized request gets a 431 saying why (below)
        // instead of a bare stream reset.
        settings: {
          maxConcurrentStreams: limits.maxConcurrentStreams,
          maxHeaderListSize: 4 * limits.maxHeaderBytes,
        },
      },
      (req, res) => {
        endStreamAfterAnswer(req)
        handle(req as unknown as RawRequest, res as unknown as RawResponse)
      },
    )
    // Clients that fall back to HTTP/1.1 on the TLS port get the HTTP/1.1 listener's timeouts.
    // (Node has these on the HTTP/2 server only with allowHTTP1; its types don't say so.)
    Object.assign(tls, {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: checkEvery(limits),
    })
    tls.on('upgrade', sockets.upgrade)
    tls.on('session', (session) => {
      sessions.add(session)
      guardSession(session, limits, counts)
      session.on('close', () => sessions.delete(session))
    })
    tlsPort = await listen(tls, options.tlsPort ?? settings.tlsPort, host)
  }

  const urlHost = host.includes(':') ? `[${host}]` : host
  const running: RunningLake = {
    url: `http://${urlHost}:${port}`,
    tlsUrl: tlsPort === undefined ? undefined : `https://localhost:${tlsPort}`,
    port,
    tlsPort,
    token,
    tokenCreated: created,
    dataDir,
    certFile,
    lake,
    limits,
    queries,
    status: () => ({
      handlersRunning: counts.handlersRunning,
      openResponses: counts.openResponses,
      http2Sessions: sessions.size,
      http2Streams: counts.http2Streams,
      rssBytes: process.memoryUsage.rss(),
    }),
    async close() {
      sockets.close()
      await Promise.all([stop(http), tls ? stop(tls, sessions) : undefined])
      await queries.close()
      lake.close()
    },
  }
  if (!options.quiet) {
    console.log(`Content lake at ${running.url}${running.tlsUrl ? ` and ${running.tlsUrl}` : ''}`)
  }
  return running
}

/** Node checks request and headers timeouts on an interval (30 s by default): often enough to matter. */
function checkEvery(limits: LakeLimits): number {
  return Math.max(250, Math.min(5000, Math.floor(limits.headersTimeoutMs / 4)))
}

/**
 * HTTP/2's counterparts of the HTTP/1.1 listener's timeouts. A session that is silent for the idle
 * timeout is closed (gracefully: its open streams finish), and so is one that opens no stream
 * within the headers timeout (a client that connects and then trickles a header block). A stream
 * silent for the idle timeout once its answer has started is reset: a reader that stopped reading
 * an export, a dead listen stream.
 */
function guardSession(
  session: ServerHttp2Session,
  limits: LakeLimits,
  counts: {http2Streams: number},
): void {
  session.setTimeout(limits.idleTimeoutMs, () => session.close())
  const firstStream = setTimeout(() => session.destroy(), limits.headersTimeoutMs)
  firstStream.unref()
  session.on('close', () => clearTimeout(firstStream))
  session.on('stream', (stream) => {
    clearTimeout(firstStream)
    counts.http2Streams++
    stream.on('close', () => counts.http2Streams--)
    // The timer itself is set once the answer starts (idleOnlyOnceAnswering).
    stream.on('timeout', () => stream.close(h2.NGHTTP2_CANCEL))
  })
}

/**
 * The idle timeout is for silence once the answer has started (a reader that stopped reading an
 * export, a dead listen stream). Before that the lake is working on the request (a large import,
 * a query within its budget) and the request and query budgets apply, so it is off until the
 * response's head is written (every answer starts with `writeHead`).
 */
function idleOnlyOnceAnswering(
  req: RawRequest,
  res: RawResponse,
  idleMs: number,
  working: WeakSet<object>,
): void {
  const stream = (req as {stream?: {setTimeout(ms: number): unknown}}).stream
  const socket = (req as {socket?: object}).socket
  // HTTP/1.1: Node re-arms the socket's timer as it reads; the listener's 'timeout' handler
  // (below, in startLake) spares sockets in this set.
  if (!stream && socket) working.add(socket)
  stream?.setTimeout(0)
  const answering = () => {
    if (socket) working.delete(socket)
    stream?.setTimeout(idleMs)
  }
  res.on('close', answering)
  const writeHead = res.writeHead.bind(res)
  res.writeHead = (...args: Parameters<RawResponse['writeHead']>) => {
    answering()
    return writeHead(...args)
  }
}

/**
 * Once the answer is out, a stream whose client is still sending (a body the route refused or
 * never read, a GET without END_STREAM) is reset with NO_ERROR, as RFC 9113 8.1 allows, instead
 * of staying open and counting against the session's concurrent streams. The reset waits a
 * moment: nghttp2 sends control frames ahead of queued data, and the answer must arrive first.
 */
function endStreamAfterAnswer(req: Http2ServerRequest): void {
  if (!('stream' in req) || !req.stream) return
  const {stream} = req
  // The stream's own 'finish' (its side is written): the response's comes only once it closes.
  stream.on('finish', () => {
    if (stream.endAfterHeaders || stream.readableEnded) return
    setTimeout(() => {
      if (!stream.closed && !stream.destroyed) stream.close(h2.NGHTTP2_NO_ERROR)
    }, 500).unref()
  })
}

/** HTTP/2 has no header limit Node answers with a body; HTTP/1.1's is `maxHeaderSize` above. */
function checkHeaderSize(req: RawRequest, limit: number): void {
  const raw = (req as {rawHeaders?: string[]}).rawHeaders
  if (!raw || !('stream' in req)) return
  let size = 0
  for (const part of raw) size += part.length
  if (size > limit) throw headersTooLarge(limit)
}

function headersTooLarge(limit: number): LakeError {
  const description = `Request headers (or a GET URL) over ${limit} bytes: send the query as a POST body`
  return new LakeError(431, description, {
    error: {description, type: 'httpRequestHeaderFieldsTooLarge'},
    statusCode: 431,
  })
}

/**
 * Requests Node refuses before any handler runs (headers over 16 KB, garbage, timeouts) still get
 * a body in Sanity's error shape saying why, as @sanity/client shows it to the developer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (socket as Duplex & {_httpMessage?: unknown})._httpMessage) {
    socket.destroy()
    return
  }
  const [status, reason, description] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'Request headers (or a GET URL) over 16 KB: send the query as a POST body',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request did not arrive in time']
        : [400, 'Bad Request', 'Malformed HTTP request']
  const body = JSON.stringify({
    error: {description, type: httpErrorType(status)},
    statusCode: status,
  })
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  )
}

function listen(server: Server | Http2SecureServer, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, host, () => {
      server.off('error', fail)
      done((server.address() as AddressInfo).port)
    })
  })
}

function stop(
  server: Server | Http2SecureServer,
  sessions?: Set<ServerHttp2Session>,
): Promise<void> {
  return new Promise((done) => {
    server.close(() => done())
    if ('closeAllConnections' in server) server.closeAllConnections()
    // Open listen streams keep an http2 session, and so close(), waiting.
    for (const session of sessions ?? []) session.destroy()
  })
}
