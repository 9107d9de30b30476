import '../../lake/quiet-warnings.ts'

import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {SanityClient} from '@sanity/client'

import {type LakeOptions, type RunningLake, startLake} from '../../lake/server.ts'
import {lakeClient} from '../../scripts/lib/env.ts'

export interface TestLake {
  lake: RunningLake
  /** Real @sanity/client with the dataset token (writes, drafts, raw). */
  client: SanityClient
  /** Real @sanity/client without a token: sees published documents only. */
  anonClient: SanityClient
  close(): Promise<void>
}

/**
 * A lake on random ports in a fresh temp folder (deleted on close), without TLS unless asked, and
 * clients configured the way scripts/lib/env.ts configures them for the local lake.
 */
export async function startTestLake(
  options: LakeOptions & {keepDataDir?: boolean} = {},
): Promise<TestLake> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lake-test-'))
  const lake = await startLake({port: 0, tlsPort: false, quiet: true, ...options, dataDir})
  return {
    lake,
    client: lakeClient(lake),
    anonClient: lakeClient({url: lake.url}),
    async close() {
      await lake.close()
      if (!options.keepDataDir && !options.dataDir) rmSync(dataDir, {recursive: true, force: true})
    },
  }
}
