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

describe('a Studio built for the local lake', () => {
  it("leaves out Sanity's dashboard bridge script, and nothing else", async () => {
    const {mkdtempSync, readFileSync, writeFileSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const {join} = await import('node:path')
    const {withoutDashboardBridge} = await import('../../studio/node/build.ts')
    const file = join(mkdtempSync(join(tmpdir(), 'studio-index-')), 'index.html')
    writeFileSync(
      file,
      '<head><link href="/static/a.css" rel="stylesheet"/>' +
        '<script src="https://core.sanity-cdn.com/bridge.js" async type="module" data-sanity-core></script>\n' +
        '<script src="/static/sanity-x.js" type="module"></script></head>',
    )
    withoutDashboardBridge(file)
    const html = readFileSync(file, 'utf8')
    expect(html).not.toContain('bridge.js')
    expect(html).toContain('<script src="/static/sanity-x.js" type="module"></script>')
    expect(html).toContain('/static/a.css')
  })

  it('does not let the CLI load sanity from the module CDN', async () => {
    const cli = (await import('../../sanity.cli.ts')).default as {
      deployment?: {autoUpdates?: boolean}
    }
    expect(cli.deployment?.autoUpdates).toBe(false)
  })
})
