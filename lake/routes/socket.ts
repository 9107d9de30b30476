import {timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'

import {type RawData, type WebSocket, WebSocketServer} from 'ws'

import {randomId} from '../documents.ts'
import {LakeError} from '../errors.ts'
import {checkBrowserRequest} from '../http/guard.ts'
import {LOCAL_USER_ID, type Lake} from '../lake.ts'

/** What the presence socket allows; a client over any of them is told why and disconnected. */
export const SOCKET_LIMITS = {
  /** Open sockets, all datasets together. */
  maxSockets: 256,
  /** Bytes in one message (a presence report with its locations is well under 4 KB). */
  maxMessageBytes: 64 * 1024,
  /** Messages one socket may send per second (the Studio sends a few per field focus). */
  maxMessagesPerSecond: 50,
  /** Presence sessions one socket may announce. */
  maxSessionsPerSocket: 16,
  /** Locations in one presence report. */
  maxLocations: 100,
  /** Time to send the token before the socket is closed. */
  authorizationTimeoutMs: 10_000,
  /** Heartbeats keep idle proxies and the Studio's connection status alive. */
  heartbeatMs: 20_000,
}

/** JSON-RPC and bifur close codes, as @sanity/bifur-client names them. */
const CODES = {
  unauthorized: 4001,
  notFound: 4004,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  parseError: -32700,
}

interface Client {
  socket: WebSocket
  dataset: string
  userId?: string
  /** subscription id -> subscribed method (only `presence` exists) */
  subscriptions: Map<string, string>
  sessions: Set<string>
  messagesThisSecond: number
}

interface Request {
  jsonrpc?: unknown
  id?: unknown
  method?: unknown
  params?: Record<string, unknown>
}

/**
 * The Studio's real-time socket (`/v2022-06-30/socket/<dataset>`, the protocol of
 * @sanity/bifur-client: JSON-RPC 2.0 over a WebSocket, with `♥` heartbeats). It carries presence:
 * who has which document and field open. `presence_rollcall` asks every other session to report,
 * `presence_announce` reports this session's locations, `presence_disconnect` (or a closed socket)
 * removes them; all of a dataset's subscribers receive each as a `presence_subscription` message.
 * Presence lives in memory only and needs the token, like everything else of an editor's.
 */
export function presenceSocket(
  lake: Lake,
  options: {token: string; corsOrigins: string[]; hostnames: string[]},
) {
  const limits = SOCKET_LIMITS
  const server = new WebSocketServer({noServer: true, maxPayload: limits.maxMessageBytes})
  const clients = new Set<Client>()

  const send = (client: Client, message: unknown) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message))
  }
  const reply = (client: Client, id: unknown, result: unknown) =>
    send(client, {jsonrpc: '2.0', id, result})
  const fail = (client: Client, id: unknown, code: number, message: string) =>
    send(client, {jsonrpc: '2.0', id: id ?? null, error: {code, message}})

  const broadcast = (dataset: string, event: Record<string, unknown>) => {
    for (const client of clients) {
      if (client.dataset !== dataset || !client.userId) continue
      for (const [subscription, method] of client.subscriptions) {
        if (method !== 'presence') continue
        send(client, {
          jsonrpc: '2.0',
          method: 'presence_subscription',
          params: {subscription, result: event},
        })
      }
    }
  }

  const disconnectSession = (client: Client, session: string) => {
    if (!client.sessions.delete(session)) return
    broadcast(client.dataset, {type: 'disconnect', i: client.userId, m: {session}})
  }

  const handle = (client: Client, request: Request) => {
    const {id, method, params = {}} = request
    if (request.jsonrpc !== '2.0' || typeof method !== 'string' || typeof params !== 'object') {
      return fail(client, id, CODES.invalidRequest, 'Expected a JSON-RPC 2.0 request')
    }
    if (method === 'authorization') {
      if (bearerMatches(params.authorization, options.token)) {
        client.userId = LOCAL_USER_ID
        return reply(client, id, true)
      }
      fail(client, id, CODES.unauthorized, 'Unauthorized - Session not found')
      return client.socket.close(CODES.unauthorized, 'Unauthorized')
    }
    if (!client.userId) {
      return fail(client, id, CODES.unauthorized, 'Send the token ("authorization") first')
    }
    switch (method) {
      case 'presence_subscribe': {
        if (client.subscriptions.size >= limits.maxSessionsPerSocket) {
          return fail(client, id, CODES.invalidRequest, 'Too many subscriptions on one socket')
        }
        const subscription = randomId(16)
        client.subscriptions.set(subscription, 'presence')
        return reply(client, id, subscription)
      }
      case 'presence_unsubscribe':
        return reply(client, id, client.subscriptions.delete(String(params.subscriptionId)))
      case 'presence_rollcall': {
        const session = sessionId(params.session)
        if (!session) return fail(client, id, CODES.invalidParams, 'session must be a short string')
        broadcast(client.dataset, {type: 'rollCall', i: client.userId, session})
        return reply(client, id, null)
      }
      case 'presence_announce': {
        const data = (params.data ?? {}) as {locations?: unknown; sessionId?: unknown}
        const session = sessionId(data.sessionId)
        const locations = data.locations
        if (!session || !Array.isArray(locations) || locations.length > limits.maxLocations) {
          return fail(
            client,
            id,
            CODES.invalidParams,
            `data must be {sessionId, locations} with up to ${limits.maxLocations} locations`,
          )
        }
        if (!client.sessions.has(session) && client.sessions.size >= limits.maxSessionsPerSocket) {
          return fail(client, id, CODES.invalidParams, 'Too many sessions on one socket')
        }
        client.sessions.add(session)
        broadcast(client.dataset, {
          type: 'state',
          i: client.userId,
          m: {sessionId: session, locations},
        })
        return reply(client, id, null)
      }
      case 'presence_disconnect': {
        const session = sessionId(params.session)
        if (session) disconnectSession(client, session)
        return reply(client, id, null)
      }
      default:
        return fail(client, id, CODES.methodNotFound, `Unknown method "${method.slice(0, 100)}"`)
    }
  }

  const connect = (socket: WebSocket, dataset: string) => {
    const client: Client = {
      socket,
      dataset,
      subscriptions: new Map(),
      sessions: new Set(),
      messagesThisSecond: 0,
    }
    clients.add(client)
    const authTimer = setTimeout(() => {
      if (!client.userId) socket.close(CODES.unauthorized, 'No authorization in time')
    }, limits.authorizationTimeoutMs)
    const heartbeat = setInterval(() => {
      if (socket.readyState === socket.OPEN) socket.send('♥')
    }, limits.heartbeatMs)
    const rate = setInterval(() => (client.messagesThisSecond = 0), 1000)
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (++client.messagesThisSecond > limits.maxMessagesPerSecond) {
        socket.close(1008, `More than ${limits.maxMessagesPerSecond} messages a second`)
        return
      }
      let request: Request
      try {
        if (isBinary) throw new Error('binary')
        request = JSON.parse(String(data)) as Request
      } catch {
        return fail(client, null, CODES.parseError, 'Messages must be JSON text')
      }
      if (!request || typeof request !== 'object' || Array.isArray(request)) {
        return fail(client, null, CODES.invalidRequest, 'Expected a JSON-RPC 2.0 request')
      }
      handle(client, request)
    })
    socket.on('error', () => socket.terminate())
    socket.on('close', () => {
      clearTimeout(authTimer)
      clearInterval(heartbeat)
      clearInterval(rate)
      clients.delete(client)
      for (const session of [...client.sessions]) disconnectSession(client, session)
    })
  }

  /** The `upgrade` handler for both listeners: anything but a socket URL is refused. */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url || '/', 'http://lake.local').pathname
    const match = /^(?:\/v\d{4}-\d{2}-\d{2}|\/v\d+|\/vX)?\/socket\/([^/]+)\/?$/.exec(path)
    try {
      if (!match) throw new LakeError(404, `No socket at ${path.slice(0, 200)}`)
      checkBrowserRequest(req, options.corsOrigins, options.hostnames)
      lake.dataset(decodeURIComponent(match[1]))
      if (clients.size >= limits.maxSockets) {
        throw new LakeError(503, `Too many open sockets (the limit is ${limits.maxSockets})`)
      }
    } catch (error) {
      refuse(socket, error)
      return
    }
    server.handleUpgrade(req, socket, head, (ws) => connect(ws, decodeURIComponent(match[1])))
  }

  return {
    upgrade,
    close() {
      for (const client of clients) client.socket.terminate()
      server.close()
    },
  }
}

/** Answers a refused upgrade with an HTTP status and Sanity's error body, then closes. */
function refuse(socket: Duplex, error: unknown): void {
  const status = error instanceof LakeError ? error.statusCode : 400
  const description = error instanceof Error ? error.message : String(error)
  const body = JSON.stringify({error: {description, type: 'socketError'}, statusCode: status})
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Refused'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  )
}

function sessionId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined
}

function bearerMatches(header: unknown, token: string): boolean {
  if (typeof header !== 'string' || !/^bearer /i.test(header)) return false
  const given = Buffer.from(header.slice('Bearer '.length).trim())
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
