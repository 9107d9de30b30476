import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createSecureServer, type Http2SecureServer, type ServerHttp2Session} from 'node:http2'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import {resolve} from 'node:path'

import {lakeSettings} from '../scripts/lib/env.ts'
import {Context, type RawRequest, type RawResponse, RequestBudget} from './http/context.ts'
import {applyCors, corsOriginsFromEnv} from './http/cors.ts'
import {allowedHostnames, checkBrowserRequest} from './http/guard.ts'
import {Router, sendError} from './http/router.ts'
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
  close(): Promise<void>
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

  const handle = (req: RawRequest, res: RawResponse) => {
    // A client that goes away mid-answer (a closed listen stream, an aborted export) is normal.
    res.on('error', () => undefined)
    let ctx: Context | undefined
    try {
      ctx = new Context(req, res, token, budget)
      if (applyCors(ctx, corsOrigins)) return
      checkBrowserRequest(req, corsOrigins, hostnames)
    } catch (error) {
      if (ctx) sendError(ctx, error)
      else {
        res.statusCode = 400
        res.end(JSON.stringify({error: {description: String(error), type: 'validationError'}}))
      }
      return
    }
    const current = ctx
    router.handle(current).catch((error) => {
      try {
        sendError(current, error)
      } catch {
        res.end()
      }
    })
  }

  const sockets = presenceSocket(lake, {token, corsOrigins, hostnames})
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => handle(req, res))
  http.on('upgrade', sockets.upgrade)
  // Only receiving the request is timed: a listen stream's answer may stay open for hours.
  http.requestTimeout = limits.requestTimeoutMs
  http.headersTimeout = limits.headersTimeoutMs
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
      {key: certificate.key, cert: certificate.cert, allowHTTP1: true},
      (req, res) => handle(req as unknown as RawRequest, res as unknown as RawResponse),
    )
    tls.on('upgrade', sockets.upgrade)
    tls.on('session', (session) => {
      sessions.add(session)
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
  const body = JSON.stringify({error: {description, type: 'httpError'}, statusCode: status})
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
