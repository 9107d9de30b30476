import {badRequest, LakeError, notFound} from '../errors.ts'
import type {Context} from './context.ts'

export type Handler = (ctx: Context) => Promise<void> | void

interface Route {
  method: string
  pattern: RegExp
  handler: Handler
}

/** Routes by method and path (`:name` segments), ignoring the host, as the Studio mixes host forms. */
export class Router {
  private readonly routes: Route[] = []

  on(method: string | string[], path: string, handler: Handler): this {
    const pattern = new RegExp(
      '^' +
        path.replace(/:(\w+)/g, (_, name) => `(?<${name}>[^/]+)`).replace(/\*$/, '(?<rest>.*)') +
        '$',
    )
    for (const each of Array.isArray(method) ? method : [method]) {
      this.routes.push({method: each, pattern, handler})
    }
    return this
  }

  async handle(ctx: Context): Promise<void> {
    for (const route of this.routes) {
      if (route.method !== ctx.method && route.method !== '*') continue
      const match = route.pattern.exec(ctx.path)
      if (!match) continue
      ctx.params = Object.fromEntries(
        Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodePart(value)]),
      )
      await route.handler(ctx)
      return
    }
    throw notFound(`No route for ${ctx.method} ${ctx.path}`)
  }
}

function decodePart(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw badRequest(`Malformed %-escape in the path: "${value.slice(0, 100)}"`, 'invalidPathError')
  }
}

/** Turns any error into a Sanity-shaped answer; a bug becomes a 500, never a crashed server. */
export function sendError(ctx: Context, error: unknown): void {
  if (error instanceof LakeError) {
    ctx.send(error.statusCode, error.body)
    return
  }
  // Input nested deeper than some library's recursion can follow: the input's fault, not ours.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    ctx.send(400, new LakeError(400, 'Input is nested too deeply').body)
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  ctx.send(500, new LakeError(500, `Internal lake error: ${message}`).body)
}
