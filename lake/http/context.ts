import {timingSafeEqual} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'

import {badRequest, LakeError} from '../errors.ts'

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

const MAX_BODY_BYTES = 256 * 1024 * 1024

export class Context {
  readonly req: RawRequest
  readonly res: RawResponse
  readonly method: string
  readonly url: URL
  /** Path without the API version prefix, e.g. `/data/query/production`. */
  readonly path: string
  readonly apiVersion: string
  readonly authenticated: boolean
  params: Record<string, string> = {}

  constructor(req: RawRequest, res: RawResponse, token: string) {
    this.req = req
    this.res = res
    this.method = (req.method || 'GET').toUpperCase()
    this.url = new URL(req.url || '/', 'http://lake.local')
    const match = /^\/(v\d{4}-\d{2}-\d{2}|v\d+|vX)(\/.*|$)/.exec(this.url.pathname)
    this.apiVersion = match ? match[1].slice(1) : '1'
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

  async text(): Promise<string> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of this.req) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += buffer.length
      if (size > MAX_BODY_BYTES) throw new LakeError(413, 'Request body too large')
      chunks.push(buffer)
    }
    return Buffer.concat(chunks).toString('utf8')
  }

  async json(): Promise<Record<string, unknown>> {
    const text = await this.text()
    if (!text.trim()) return {}
    try {
      const value = JSON.parse(text)
      if (value && typeof value === 'object' && !Array.isArray(value)) return value
    } catch {
      // answered below, with the same message as a body of the wrong shape
    }
    throw badRequest('Request body must be a JSON object', 'invalidRequestBodyError')
  }

  send(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.res.headersSent) {
      this.res.end()
      return
    }
    const payload = JSON.stringify(body)
    this.res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      ...headers,
    })
    this.res.end(payload)
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || !header.startsWith('Bearer ')) return false
  const given = Buffer.from(header.slice('Bearer '.length).trim())
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
