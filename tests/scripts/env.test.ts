import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {clientConfigFromEnv, usesHostedSanity} from '../../scripts/lib/env.ts'

describe('where scripts read and write content', () => {
  it('defaults to the local lake with the token it stored', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'env-test-'))
    writeFileSync(join(dataDir, 'token'), 'lake-token\n')
    const config = clientConfigFromEnv({SANITY_LAKE_DIR: dataDir, SANITY_LAKE_PORT: '7171'})
    expect(config).toMatchObject({
      projectId: 'local',
      dataset: 'production',
      apiHost: 'http://127.0.0.1:7171',
      useProjectHostname: false,
      token: 'lake-token',
    })
  })

  it('switches to hosted Sanity with environment variables only', () => {
    const env = {
      SANITY_PROJECT_ID: 'abc123',
      SANITY_DATASET: 'staging',
      SANITY_API_TOKEN: 'sk-hosted',
      SANITY_LAKE_DIR: mkdtempSync(join(tmpdir(), 'env-test-')),
    }
    expect(usesHostedSanity(env)).toBe(true)
    const config = clientConfigFromEnv(env)
    expect(config).toMatchObject({projectId: 'abc123', dataset: 'staging', token: 'sk-hosted'})
    expect(config.apiHost).toBeUndefined()
    expect(config.useProjectHostname).toBeUndefined()
  })

  it('keeps an explicit API host local even with a project id', () => {
    const env = {SANITY_PROJECT_ID: 'local', SANITY_API_HOST: 'http://127.0.0.1:9999'}
    expect(usesHostedSanity(env)).toBe(false)
    expect(clientConfigFromEnv(env)).toMatchObject({apiHost: 'http://127.0.0.1:9999'})
  })
})
