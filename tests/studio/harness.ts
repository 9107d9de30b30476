import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {type BrowserContext, chromium, type Page} from 'playwright-core'

import {buildStudio} from '../../studio/node/build.ts'
import {serveStudio, type StaticServer} from '../../studio/node/static-server.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'

export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts/studio')

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The lake's TLS port is baked into the Studio build (its apiHost), so tests use a fixed one and
 * the build is reused while nothing it depends on changes. The token is fixed for the same reason.
 */
export const TEST_TLS_PORT = Number(process.env.STUDIO_TEST_TLS_PORT || 17443)
export const TEST_TOKEN = 'studio-browser-test-token'

export interface StudioHarness {
  lake: TestLake
  studio: StaticServer
  context: BrowserContext
  page: Page
  build: {dir: string; cached: boolean; ms: number}
  /** Failed lake requests and page errors, for a failing test's report. */
  problems: string[]
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/** Launches Debian Chromium with a fresh profile that trusts the lake's self-signed certificate. */
export async function launchBrowser(): Promise<{context: BrowserContext; close(): Promise<void>}> {
  const profile = mkdtempSync(join(tmpdir(), 'studio-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreHTTPSErrors: true,
    viewport: {width: 1440, height: 900},
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, {recursive: true, force: true})
    },
  }
}

/**
 * One Studio build served statically, one lake on the build's TLS port with CORS for the Studio's
 * origin, and one Chromium page: shared by every test in a file.
 */
export async function startStudioHarness(
  options: {
    seed?: (lake: TestLake) => Promise<unknown>
    /**
     * Another browser test file running at the same time needs its own fixed port (and so its
     * own Studio build): `TEST_TLS_PORT + offset`.
     */
    portOffset?: number
  } = {},
): Promise<StudioHarness> {
  const tlsPort = TEST_TLS_PORT + (options.portOffset ?? 0)
  const build = await buildStudio({
    SANITY_STUDIO_API_HOST: `https://localhost:${tlsPort}`,
    SANITY_STUDIO_LAKE_TOKEN: TEST_TOKEN,
  })
  const studio = await serveStudio(build.dir)
  const lake = await startTestLake({
    tlsPort,
    token: TEST_TOKEN,
    corsOrigins: [studio.url],
  })
  await options.seed?.(lake)
  const browser = await launchBrowser()
  const page = browser.context.pages()[0] ?? (await browser.context.newPage())
  mkdirSync(ARTIFACTS, {recursive: true})
  const problems: string[] = []
  page.on('requestfailed', (request) => {
    // Listen streams a navigation closes end as ERR_ABORTED: that is not a failure.
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED'
    if (new URL(request.url()).hostname.endsWith('localhost') && !aborted) {
      problems.push(
        `${request.method()} ${request.url().slice(0, 200)} ${request.failure()?.errorText}`,
      )
    }
  })
  page.on('response', async (response) => {
    if (response.status() >= 400 && !/journey|intake|descriptors|history/.test(response.url())) {
      const body = await response.text().catch(() => '')
      problems.push(
        `${response.status()} ${response.request().method()} ${response.url().slice(0, 200)} ` +
          `${response.request().postData()?.slice(0, 300) ?? ''} => ${body.slice(0, 300)}`,
      )
    }
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`))
  return {
    problems,
    lake,
    studio,
    context: browser.context,
    page,
    build,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`)
      await page.screenshot({path})
      return path
    },
    async close() {
      await browser.close().catch(() => undefined)
      await lake.close()
      await studio.close()
    },
  }
}
