/**
 * Studio benchmark: how long an editor waits for the supplement form, and how many requests the
 * Studio makes to show it. The `sanity build` output served statically, against a seeded local
 * lake over HTTPS/2, in Debian Chromium (one browser, one build; the build is cached).
 *
 * One run = a new tab navigating to the supplement's edit URL until the form is ready to type in:
 * an editable Name field, the Mark reviewed button and the supplement's preview in the list. The first
 * tab loads the Studio's scripts cold; the median is over five tabs after that (scripts cached,
 * as for an editor opening the Studio again), each counted from navigation start.
 */
import type {Page, Request, Response} from 'playwright-core'

import {startStudioHarness} from '../tests/studio/harness.ts'
import {seedStudioContent} from '../tests/studio/seed.ts'
import {type BenchRow, median} from './stats.ts'

const RUNS = 5

async function openSupplement(page: Page, url: string, name: string) {
  const requests = {api: 0, assets: 0, failed: 0}
  const failures: string[] = []
  const isLake = (address: string) => new URL(address).hostname.endsWith('.localhost')
  const count = (request: Request) => {
    const host = new URL(request.url()).hostname
    if (host.endsWith('.localhost')) requests.api += 1
    else if (host === 'localhost' || host === '127.0.0.1') requests.assets += 1
  }
  // A failing request: the lake answered 4xx/5xx, or the request never got an answer. A listen
  // stream the next navigation closes ends as ERR_ABORTED: that is not a failure.
  const answered = (response: Response) => {
    if (isLake(response.url()) && response.status() >= 400) {
      requests.failed += 1
      failures.push(`${response.status()} ${response.request().method()} ${response.url()}`)
    }
  }
  const unanswered = (request: Request) => {
    if (isLake(request.url()) && request.failure()?.errorText !== 'net::ERR_ABORTED') {
      requests.failed += 1
      failures.push(`${request.failure()?.errorText} ${request.method()} ${request.url()}`)
    }
  }
  page.on('request', count)
  page.on('response', answered)
  page.on('requestfailed', unanswered)
  const started = performance.now()
  await page.goto(url)
  const form = page.locator('[data-testid="document-panel-scroller"]')
  await form.locator('input:not([readonly]):not([disabled])').first().waitFor({timeout: 120_000})
  // A supplement's primary action: "Mark reviewed" publishes it (there is no plain Publish).
  await page.getByRole('button', {name: 'Mark reviewed', exact: true}).waitFor({timeout: 60_000})
  await page.getByText(name, {exact: true}).first().waitFor({timeout: 60_000})
  const ms = performance.now() - started
  // Probes a load sends after the form is ready still belong to it: let them be answered.
  await page.waitForTimeout(2_000)
  page.off('request', count)
  page.off('response', answered)
  page.off('requestfailed', unanswered)
  return {ms, ...requests, failures}
}

export async function run(): Promise<BenchRow[]> {
  const h = await startStudioHarness({seed: (lake) => seedStudioContent(lake.client)})
  try {
    const {_id: id, name} = await h.lake.client.fetch<{_id: string; name: string}>(
      '*[_type == "supplementContent.supplement"][0]{_id, name}',
      {},
      {perspective: 'drafts'},
    )
    const url = `${h.studio.url}/intent/edit/id=${id};type=supplementContent.supplement`
    const cold = await openSupplement(h.page, url, name)
    const runs: Array<Awaited<ReturnType<typeof openSupplement>>> = []
    for (let index = 0; index < RUNS; index++) {
      const page = await h.context.newPage()
      runs.push(await openSupplement(page, url, name))
      await page.close()
    }
    const note = `median of ${RUNS} new tabs (scripts cached); Chromium, sanity build served statically, lake on HTTPS/2`
    return [
      {
        area: 'studio',
        metric: 'navigation to supplement form ready',
        value: Math.round(median(runs.map((r) => r.ms))),
        unit: 'ms',
        note,
      },
      {
        area: 'studio',
        metric: 'navigation to supplement form ready, first load',
        value: Math.round(cold.ms),
        unit: 'ms',
        note: 'cold: scripts not yet cached',
      },
      {
        area: 'studio',
        metric: 'lake API requests to open the supplement',
        value: median(runs.map((r) => r.api)),
        unit: 'requests',
        note: `${note}; includes listen streams, queries and boot probes`,
      },
      {
        area: 'studio',
        metric: 'failing lake requests per load (target 0)',
        value: Math.max(cold.failed, ...runs.map((r) => r.failed)),
        unit: 'requests',
        note:
          `worst of the cold load and ${RUNS} new tabs (4xx/5xx or no answer); ` +
          ([cold, ...runs]
            .flatMap((r) => r.failures)
            .slice(0, 3)
            .join('; ') || 'none'),
      },
      {
        area: 'studio',
        metric: 'static asset requests to open the supplement',
        value: median(runs.map((r) => r.assets)),
        unit: 'requests',
        note: `cold load: ${cold.assets}; counted even when served from the browser cache`,
      },
    ]
  } finally {
    await h.close()
  }
}

if (import.meta.main) {
  console.table(await run())
}
