import {hostname} from 'node:os'

import type {SanityClient} from '@sanity/client'

import {ImportError} from './errors.ts'
import type {ImportRecord} from './record.ts'

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

/**
 * Takes the article's lock in the dataset itself, so it holds across processes and machines
 * (a lock file would not stop a second machine importing into hosted Sanity). Taking it is a
 * compare-and-set: `create` fails when the record exists, a patch fails on a changed revision.
 */
export async function acquireLock(
  client: SanityClient,
  recordId: string,
  sourceFile: string,
  now = new Date(),
): Promise<HeldLock> {
  const lock = {
    holder: `${hostname()}:${process.pid}`,
    acquiredAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LOCK_TTL_MS).toISOString(),
  }
  const busy = (record?: ImportRecord) =>
    new ImportError(
      `another import of this article is running (${record?.lock?.holder ?? 'unknown'}, since ${record?.lock?.acquiredAt ?? 'just now'}); try again when it has finished`,
      sourceFile,
    )
  const record = await client.getDocument<ImportRecord>(recordId)
  try {
    if (!record) {
      const created = await client.create({
        _id: recordId,
        _type: 'supplementContent.importRecord',
        lock,
      })
      return {rev: created._rev, createdRecord: true}
    }
    if (record.lock && record.lock.expiresAt > now.toISOString()) throw busy(record)
    const patched = await client
      .patch(recordId)
      .ifRevisionId(record._rev ?? '')
      .set({lock})
      .commit()
    return {rev: patched._rev, createdRecord: false}
  } catch (error) {
    if (isConflict(error)) throw busy(await client.getDocument<ImportRecord>(recordId))
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
