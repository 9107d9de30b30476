import {unauthorized} from '../errors.ts'
import type {Context} from '../http/context.ts'

/** Writes, drafts and raw reads belong to the token holder alone. */
export function requireToken(ctx: Context): void {
  if (!ctx.authenticated) throw unauthorized()
}
