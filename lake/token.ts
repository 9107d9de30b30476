import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {randomId} from './documents.ts'

/**
 * The dataset token: made on first start and kept in the data folder (readable by its owner only),
 * where scripts/lib/env.ts picks it up. `created` tells the CLI to print it that one time.
 */
export function loadOrCreateToken(
  dataDir: string,
  given?: string,
): {token: string; created: boolean} {
  if (given) return {token: given, created: false}
  const file = join(dataDir, 'token')
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim()
    if (stored) return {token: stored, created: false}
  }
  mkdirSync(dataDir, {recursive: true, mode: 0o700})
  const token = `sk${randomId(40)}`
  writeFileSync(file, token + '\n', {mode: 0o600})
  return {token, created: true}
}
