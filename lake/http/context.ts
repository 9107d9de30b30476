import {timingSafeEqual} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'

import {nestingExceeds} from '../documents.ts'
import {badRequest, LakeError} from '../errors.ts'
import type {LakeLimits} from '../limits.ts'

/** The parts of a request/response pair that node:http and node:http2's compat API share. */
export interface RawRequest extends AsyncIterable<Buffer | string> {
  method?: string
  url?: string
  headers: IncomingHttpHeaders
}

export interface RawResponse {
  statusCode: number
  headersSent: boolean
  setHeader(name: string, value: string | number | string[]): unknown
  writeHead(status: number, headers?: Record<string, string | number>): unknown
  write(chunk: string | Buffer): boolean
  end(chunk?: string | Buffer): unknown
  once(event: 'drain' | 'close', listener: () => void): unknown
  on(event: 'close' | 'error', listener: () => void): unknown
  off?(event: 'close' | 'drain', listener: () => void): unknown
  writableEnded?: boolean
  destroyed?: boolean
}

/** What all requests share: the limits, and the body bytes being received right now. */
export class RequestBudget {
  readonly limits: LakeLimits
  bodyBytesInFlight = 0

  constructor(limits: LakeLimits) {
    this.limits = limits
  }
}

export class Context {
  readonly req: RawRequest
  readonly res: RawResponse
  readonly method: string
  readonly url: URL
  /** Path without the API version prefix, e.g. `/data/query/production`. */
  readonly path: string
  readonly apiVersion: string
  readonly authenticated: boolean
  readonly budget: RequestBudget
  /** Set when the body was refused half-read: the connection can't be reused. */
  closeAfterAnswer = false
  params: Record<string, string> = {}

  constructor(req: RawRequest, res: RawResponse, token: string, budget: RequestBudget) {
    this.req = req
    this.res = res
    this.budget = budget
    this.method = (req.method || 'GET').toUpperCase()
    // `//v1/...` (as @sanity/migrate builds its URLs) is a path, not a host.
    this.url = new URL((req.url || '/').replace(/^\/+/, '/'), 'http://lake.local')
    const match = /^\/(v\d{4}-\d{2}-\d{2}|v\d+|vX)(\/.*|$)/.exec(this.url.pathname)
    this.apiVersion = match ? match[1].slice(1) : '1'
    if (match && !validApiVersion(this.apiVersion)) {
      throw badRequest(`Invalid API version "${match[1].slice(0, 40)}": use v1, vX or vYYYY-MM-DD`)
    }
    this.path = (match ? match[2] : this.url.pathname).replace(/\/+$/, '') || '/'
    this.authenticated = bearerMatches(req.headers.authorization, token)
  }

  query(name: string): string | null {
    return this.url.searchParams.get(name)
  }

  flag(name: string, fallback = false): boolean {
    const value = this.query(name)
    return value === null ? fallback : value === 'true' || value === '1' || value === ''
  }

  /**
   * The request body, within the per-request limit and the limit on all bodies being received at
   * once (so a few huge uploads can't exhaust memory), and within the request timeout.
   */
  async text(): Promise<string> {
    const {limits} = this.budget
    const declared = Number(this.req.headers['content-length'])
    if (declared > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes)
    const chunks: Buffer[] = []
    let size = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => {
        const description = `The request body did not arrive within ${limits.requestTimeoutMs} ms`
        fail(new LakeError(408, description, {error: {description, type: 'requestTimeoutError'}}))
      }, limits.requestTimeoutMs)
    })
    const chunksIn = this.req[Symbol.asyncIterator]()
    try {
      for (;;) {
        const next = await Promise.race([chunksIn.next(), timeout])
        if (next.done) break
        const chunk = next.value
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        size += buffer.length
        this.budget.bodyBytesInFlight += buffer.length
        if (size > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes)
        if (this.budget.bodyBytesInFlight > limits.maxConcurrentBodyBytes) {
          const description = 'The lake is receiving too much data at once: try again shortly'
          throw new LakeError(503, description, {error: {description, type: 'serverBusyError'}})
        }
        chunks.push(buffer)
      }
    } catch (error) {
      // The rest of the body is not wanted: close the connection once the answer is out.
      this.closeAfterAnswer = true
      throw error
    } finally {
      clearTimeout(timer)
      this.budget.bodyBytesInFlight -= size
    }
    return Buffer.concat(chunks).toString('utf8')
  }

  async json(): Promise<Record<string, unknown>> {
    const text = await this.text()
    if (!text.trim()) return {}
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      // answered below, with the same message as a body of the wrong shape
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      this.checkNesting(value)
      return value as Record<string, unknown>
    }
    throw badRequest('Request body must be a JSON object', 'invalidRequestBodyError')
  }

  /** Refuses bodies nested deeper than any document may be (plus the request's own envelope). */
  checkNesting(value: unknown): void {
    const max = this.budget.limits.maxDocumentDepth + 8
    if (nestingExceeds(value, max)) {
      throw badRequest(`Request body nests deeper than ${max} levels`, 'invalidRequestBodyError')
    }
  }

  send(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.sendJson(status, JSON.stringify(body), headers)
  }

  /** Sends text that already is JSON. */
  sendJson(status: number, payload: string, headers: Record<string, string> = {}): void {
    if (this.res.headersSent) {
      this.res.end()
      return
    }
    // HTTP/1.1 only: HTTP/2 forbids the header and closes just the stream.
    if (this.closeAfterAnswer && !('stream' in this.res))
      headers = {...headers, connection: 'close'}
    this.res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      ...headers,
    })
    this.res.end(payload)
  }
}

/** `1`, `X` or a real calendar date (Sanity refuses `v2025-13-45` and `v2`). */
function validApiVersion(version: string): boolean {
  if (version === '1' || version === 'X') return true
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) return false
  const date = new Date(`${version}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(version)
}

/** The auth scheme is case-insensitive (RFC 9110): @sanity/migrate sends `bearer`. */
function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || !/^bearer /i.test(header)) return false
  const given = Buffer.from(header.slice('Bearer '.length).trim())
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function tooLarge(limit: number): LakeError {
  const description = `Request body is larger than the limit of ${limit} bytes`
  return new LakeError(413, description, {error: {description, type: 'requestTooLargeError'}})
}
