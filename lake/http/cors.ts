import type {Context} from './context.ts'

export const DEFAULT_CORS_ORIGINS = ['http://localhost:3333']

/**
 * Credentialed CORS for the configured Studio origins only; other origins get no CORS headers, so a
 * browser page elsewhere can't read the lake. Returns true when the request was a preflight.
 */
export function applyCors(ctx: Context, origins: string[]): boolean {
  const origin = ctx.req.headers.origin
  const allowed = typeof origin === 'string' && origins.includes(origin)
  if (allowed) {
    ctx.res.setHeader('access-control-allow-origin', origin)
    ctx.res.setHeader('access-control-allow-credentials', 'true')
    ctx.res.setHeader('vary', 'Origin')
  }
  if (ctx.method !== 'OPTIONS') return false
  if (!allowed) {
    ctx.send(403, {error: 'Forbidden', message: `Origin ${origin} is not allowed`, statusCode: 403})
    return true
  }
  const requested = ctx.req.headers['access-control-request-headers']
  ctx.res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': String(requested || 'authorization, content-type'),
    'access-control-max-age': '600',
  })
  ctx.res.end()
  return true
}

/** `SANITY_LAKE_CORS_ORIGIN` as a comma-separated list, else the Studio's default dev origin. */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (env.SANITY_LAKE_CORS_ORIGIN || '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter(Boolean)
  return list.length > 0 ? list : DEFAULT_CORS_ORIGINS
}
