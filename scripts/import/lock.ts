import {hostname} from 'node:os'

import type {SanityClient} from '@sanity/client'

import {ImportError} from './errors.ts'
import type {ImportLock, ImportRecord} from './record.ts'

/** A crashed import must not block the article forever; a live one finishes well within this. */
export const LOCK_TTL_MS = 5 * 60 * 1000

export interface HeldLock {
  /** Revision of the record after locking: the import's transaction is conditional on it. */
  rev: string
  /** True when locking created the record, so a failed import removes it again. */
  createdRecord: boolean
}

function isConflict(error: unknown): boolean {
  const status = (error as {statusCode?: number}).statusCode
  return status === 409 || status === 412
}

export interface LockOptions {
  now?: () => Date
  /** How long to wait for a live holder to finish before refusing; default 30 s. */
  waitMs?: number
}

/** A lock whose holder ran on this machine and has exited is free, whatever its expiry says. */
function holderExited(holder: string | undefined): boolean {
  const match = holder ? /^(.*):(\d+)$/.exec(holder) : null
  if (!match || match[1] !== hostname()) return false
  try {
    process.kill(Number(match[2]), 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

export function isLockFree(lock: ImportLock | undefined, now: Date): boolean {
  return !lock || lock.expiresAt <= now.toISOString() || holderExited(lock.holder)
}

/**
 * Takes the article's lock in the dataset itself, so it holds across processes and machines
 * (a lock file would not stop a second machine importing into hosted Sanity). Taking it is a
 * compare-and-set: `create` fails when the record exists, a patch fails on a changed revision.
 * While another import holds it, waits (polling) up to `waitMs`, then refuses naming the holder.
 */
export async function acquireLock(
  client: SanityClient,
  recordId: string,
  sourceFile: string,
  options: LockOptions = {},
): Promise<HeldLock> {
  const now = options.now ?? (() => new Date())
  const deadline = Date.now() + (options.waitMs ?? 30_000)
  for (let attempt = 0; ; attempt++) {
    const outcome = await tryLock(client, recordId, now())
    if ('held' in outcome) return outcome.held
    if (Date.now() >= deadline) {
      const lock = outcome.record?.lock
      throw new ImportError(
        `another import of this article is running (${lock?.holder ?? 'unknown'}, since ${lock?.acquiredAt ?? 'just now'}); try again when it has finished`,
        sourceFile,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 1000)))
  }
}

async function tryLock(
  client: SanityClient,
  recordId: string,
  now: Date,
): Promise<{held: HeldLock} | {record?: ImportRecord}> {
  const lock: ImportLock = {
    holder: `${hostname()}:${process.pid}`,
    acquiredAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LOCK_TTL_MS).toISOString(),
  }
  const record = (await client.getDocument<ImportRecord>(recordId)) ?? undefined
  try {
    if (!record) {
      const created = await client.create({
        _id: recordId,
        _type: 'supplementContent.importRecord',
        lock,
      })
      return {held: {rev: created._rev, createdRecord: true}}
    }
    if (!isLockFree(record.lock, now)) return {record}
    const patched = await client
      .patch(recordId)
      .ifRevisionId(record._rev ?? '')
      .set({lock})
      .commit()
    return {held: {rev: patched._rev, createdRecord: false}}
  } catch (error) {
    if (isConflict(error))
      return {record: (await client.getDocument<ImportRecord>(recordId)) ?? undefined}
    throw error
  }
}

/** Gives the lock back after a failed import; a successful one clears it in its transaction. */
export async function releaseLock(
  client: SanityClient,
  recordId: string,
  held: HeldLock,
): Promise<void> {
  try {
    if (held.createdRecord) {
      await client.mutate([{delete: {id: recordId}}])
      return
    }
    await client.patch(recordId).ifRevisionId(held.rev).unset(['lock']).commit()
  } catch {
    // Someone else changed the record: the lock is theirs now, or will expire.
  }
}
