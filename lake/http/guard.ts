import {LakeError} from '../errors.ts'
import type {RawRequest} from './context.ts'

/** The names a browser may reach the lake by; anything else in `Host` is a DNS-rebinding attempt. */
export function allowedHostnames(bindHost: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const names = ['127.0.0.1', '::1', 'localhost']
  if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::') names.push(bindHost.toLowerCase())
  for (const name of (env.SANITY_LAKE_ALLOWED_HOSTS || '').split(',')) {
    if (name.trim()) names.push(name.trim().toLowerCase())
  }
  return names
}

function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(host)
  if (bracketed) return bracketed[1].toLowerCase()
  return host.replace(/:\d+$/, '').toLowerCase()
}

function hostAllowed(hostname: string, names: string[]): boolean {
  return names.includes(hostname) || hostname.endsWith('.localhost')
}

function forbidden(message: string): LakeError {
  return new LakeError(403, message, {error: 'Forbidden', message, statusCode: 403})
}

/**
 * Refuses, before anything runs, requests a web page could make the browser send: a `Host` that
 * isn't the lake's own (DNS rebinding), an `Origin` that isn't an allowed Studio or the lake
 * itself, and, when there is no `Origin` (simple GETs, `<img>`, `<form>`), fetch metadata saying
 * another site caused it. CORS alone only hides the answer; the request would still have run.
 */
export function checkBrowserRequest(req: RawRequest, origins: string[], hostnames: string[]): void {
  const host = String(req.headers[':authority'] ?? req.headers.host ?? '')
  if (host && !hostAllowed(hostnameOf(host), hostnames)) {
    throw forbidden(`Host "${host.slice(0, 100)}" is not this content lake`)
  }
  const origin = req.headers.origin
  if (typeof origin === 'string') {
    if (origins.includes(origin)) return
    let originHost: string | undefined
    try {
      originHost = new URL(origin).host
    } catch {
      // "null" (sandboxed frames, files) and garbage are refused below
    }
    if (originHost && host && originHost === host) return
    throw forbidden(`Origin ${origin.slice(0, 100)} is not allowed`)
  }
  const site = req.headers['sec-fetch-site']
  if (site === 'cross-site' || site === 'same-site') {
    throw forbidden('Requests caused by another site are not allowed')
  }
}
