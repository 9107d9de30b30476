import type {Page, Response} from 'playwright-core'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type StudioHarness, startStudioHarness, TEST_TLS_PORT} from './harness.ts'
import {FIXTURE, seedStudioContent} from './seed.ts'

/**
 * Every request the Studio sends the lake during an editing session is answered: no 404 and no
 * 5xx, and no request that fails outright. Real refusals are the only errors allowed, each named
 * below with the step that causes it.
 */
interface Seen {
  status: number
  method: string
  path: string
  step: string
}

/** Refusals an editor causes on purpose: deleting a document that others still reference. */
const EXPECTED_REFUSALS = [
  {status: 409, method: 'POST', path: /^\/v[\d-]+\/data\/actions\//, step: 'delete anyway'},
]

describe('a whole editing session against the lake, in Chromium', {timeout: 900_000}, () => {
  let h: StudioHarness
  const seen: Seen[] = []
  const failed: string[] = []
  let step = 'load'

  const isLake = (url: string) => {
    const parsed = new URL(url)
    return parsed.hostname.endsWith('localhost') && Number(parsed.port) === TEST_TLS_PORT + 1
  }

  beforeAll(async () => {
    // studio.browser.test.ts may run at the same time on TEST_TLS_PORT.
    h = await startStudioHarness({seed: (lake) => seedStudioContent(lake.client), portOffset: 1})
    h.page.on('response', (response: Response) => {
      if (!isLake(response.url())) return
      const url = new URL(response.url())
      seen.push({
        status: response.status(),
        method: response.request().method(),
        path: url.pathname,
        step,
      })
    })
    h.page.on('requestfailed', (request) => {
      // A listen stream or poll that a navigation closes ends as ERR_ABORTED: not a failure.
      if (!isLake(request.url()) || request.failure()?.errorText === 'net::ERR_ABORTED') return
      failed.push(`${step}: ${request.method()} ${request.url()} ${request.failure()?.errorText}`)
    })
  }, 300_000)

  afterAll(async () => {
    await h?.close()
  })

  /**
   * Goes to a Studio path as an editor's click would: inside the running app (its router follows
   * history), not by reloading it, which on a loaded machine costs a minute of booting each time.
   */
  const at = async (name: string, path: string, ready: (page: Page) => Promise<unknown>) => {
    step = name
    if (!h.page.url().startsWith(h.studio.url)) await h.page.goto(`${h.studio.url}${path}`)
    else {
      await h.page.evaluate((to) => {
        window.history.pushState(null, '', to)
        window.dispatchEvent(new PopStateEvent('popstate', {state: null}))
      }, path)
    }
    await ready(h.page)
    // Let the probes and listeners a view starts arrive and settle.
    await h.page.waitForTimeout(2_000)
  }

  afterEach(async ({task}) => {
    if (task.result?.state === 'fail') await h?.screenshot('session-failed')
  })

  it('answers everything the Studio asks while an editor works', async () => {
    const {page} = h
    const client = h.lake.client.withConfig({perspective: 'drafts'})
    const supplementId = await client.fetch<string>(
      '*[_type == "supplementContent.supplement"][0]._id',
    )
    const benefitId = await client.fetch<string>(
      '*[_type == "supplementContent.benefit" && !(_id in path("drafts.**")) && !(_id in $fixtures)][0]._id',
      {fixtures: Object.values(FIXTURE)},
    )
    const list = (title: string) => (p: Page) =>
      p.getByRole('listbox', {name: title, exact: true}).waitFor({timeout: 120_000})

    await at('open the studio', '/structure', (p) =>
      p.getByText('Needs attention').first().waitFor({timeout: 120_000}),
    )
    await at('supplement list', '/structure/supplementContent.supplement', list('Supplements'))
    await at('benefit list', '/structure/supplementContent.benefit', list('Benefits'))
    await at('citation lists', '/structure/supplementContent.citation', (p) =>
      p.getByText('All Citations').first().waitFor({timeout: 60_000}),
    )
    await at('needs attention', '/structure/needs-attention', (p) =>
      p
        .getByText(/Citations accessed over/)
        .first()
        .waitFor({timeout: 60_000}),
    )

    await at(
      'open a supplement',
      `/intent/edit/id=${supplementId};type=supplementContent.supplement`,
      (p) => editable(p),
    )
    await h.screenshot('session-01-supplement')

    await at('open a benefit', `/intent/edit/id=${benefitId};type=supplementContent.benefit`, (p) =>
      editable(p),
    )
    step = 'edit and publish'
    const summary = `Edited in a recorded session at ${new Date().toISOString()}.`
    const field = page.getByTestId('field-summary').locator('textarea')
    await expect.poll(() => field.inputValue(), {timeout: 30_000}).not.toBe('')
    await field.fill(summary)
    const pane = page.locator('[data-testid="document-pane"]').last()
    const publishButton = pane.getByTestId('action-publish')
    const published = () =>
      client.fetch<string | null>(
        '*[_id == $id][0].summary',
        {id: benefitId},
        {perspective: 'published'},
      )
    for (let attempt = 0; attempt < 3 && (await published()) !== summary; attempt++) {
      await expect.poll(() => publishButton.isEnabled(), {timeout: 30_000}).toBe(true)
      await publishButton.click()
      await expect
        .poll(published, {timeout: 10_000})
        .toBe(summary)
        .catch(() => undefined)
    }
    expect(await published()).toBe(summary)
    await h.screenshot('session-02-benefit-published')

    await at(
      'delete dialog of a referenced citation',
      `/intent/edit/id=${FIXTURE.citedCitation};type=supplementContent.citation`,
      (p) => editable(p),
    )
    const dialog = page.getByRole('dialog')
    await openDeleteDialog(page)
    await dialog
      .getByText(/Better calcium use/)
      .first()
      .waitFor({timeout: 30_000})
    // The dialog polls who refers to the document every 5 s while it is open.
    await page.waitForTimeout(6_000)
    await h.screenshot('session-03-delete-dialog')
    step = 'delete anyway'
    await dialog.getByRole('button', {name: 'Delete anyway'}).click()
    // The lake's refusal (a 409) reaches the editor as the Delete dialog's explanation.
    await page.getByTestId('delete-refused').waitFor({timeout: 20_000})
    expect(await client.getDocument(FIXTURE.citedCitation)).toBeTruthy()
    await page.keyboard.press('Escape')

    step = 'search'
    await page.getByTestId('studio-search').click()
    await page.keyboard.type('vitamin')
    // Results, not just the list's placeholders: the search query was answered.
    await page
      .getByTestId('search-results')
      .getByText(/vitamin/i)
      .first()
      .waitFor({timeout: 60_000})
    await page.waitForTimeout(2_000)
    await h.screenshot('session-04-search')
    await page.keyboard.press('Escape')
    step = 'idle'
    await page.waitForTimeout(3_000)

    const unexpected = seen.filter(
      (each) =>
        each.status >= 400 &&
        !EXPECTED_REFUSALS.some(
          (refusal) =>
            refusal.status === each.status &&
            refusal.method === each.method &&
            refusal.path.test(each.path) &&
            refusal.step === each.step,
        ),
    )
    const report = unexpected.map(
      (each) => `${each.step}: ${each.status} ${each.method} ${each.path}`,
    )
    expect([...report, ...failed]).toEqual([])
    // The session did what it claims: many requests, the references poll and the refusal among them.
    expect(seen.length).toBeGreaterThan(100)
    expect(seen.some((each) => /\/journey\//.test(each.path) && each.status === 200)).toBe(true)
    expect(
      seen.some((each) => /\/data\/references\/.+\/to$/.test(each.path) && each.status === 200),
    ).toBe(true)
    expect(seen.some((each) => each.status === 409 && each.step === 'delete anyway')).toBe(true)
  })
})

/** The form is editable once the document, its permissions and the user have loaded. */
function editable(page: Page) {
  return page
    .locator(
      '[data-testid="document-panel-scroller"] :is(input, textarea):not([readonly]):not([disabled])',
    )
    .first()
    .waitFor({timeout: 150_000})
}

/**
 * Delete lives in the footer's "..." menu. Until the document has loaded the item is disabled,
 * and the Studio closes an open menu when the footer's actions change: try again, as an editor would.
 */
async function openDeleteDialog(page: Page) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const item = page.getByRole('menuitem', {name: 'Delete'})
    // A click whose button or item went away (the footer re-rendered) is tried again.
    if (!(await item.isVisible())) {
      await page
        .getByTestId('action-menu-button')
        .click({timeout: 5_000})
        .catch(() => undefined)
    }
    if (await item.isEnabled({timeout: 2_000}).catch(() => false)) {
      await item.click({timeout: 5_000}).catch(() => undefined)
      const opened = await page
        .getByRole('dialog')
        .first()
        .waitFor({timeout: 5_000})
        .then(
          () => true,
          () => false,
        )
      if (opened) return
    }
    if (Date.now() > deadline) throw new Error('The Delete action never opened its dialog')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(1_000)
  }
}
