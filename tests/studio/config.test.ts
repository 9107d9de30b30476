import {afterEach, describe, expect, it, vi} from 'vitest'

async function loadConfig(env: Record<string, string>) {
  vi.resetModules()
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value)
  return (await import('../../sanity.config.ts')).default as unknown as Record<string, unknown>
}

describe('one Studio config for the local lake and hosted Sanity', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('uses the local lake by default, with its own sign-in', async () => {
    const config = await loadConfig({SANITY_STUDIO_API_HOST: 'https://localhost:17443'})
    expect(config).toMatchObject({projectId: 'local', apiHost: 'https://localhost:17443'})
    expect(config.auth).toBeDefined()
  })

  it('uses hosted Sanity and its normal login when a project id is set', async () => {
    const config = await loadConfig({
      SANITY_STUDIO_PROJECT_ID: 'abc123',
      SANITY_STUDIO_DATASET: 'staging',
      SANITY_STUDIO_API_HOST: '',
    })
    expect(config).toMatchObject({projectId: 'abc123', dataset: 'staging'})
    expect(config.apiHost).toBeUndefined()
    expect(config.auth).toBeUndefined()
  })
})
