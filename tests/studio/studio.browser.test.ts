import {readFileSync} from 'node:fs'

import type {SanityClient} from '@sanity/client'
import type {Locator, Page} from 'playwright-core'
import {afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished} from 'vitest'

import {todayIsoDate} from '../../schemas/lib/validators.ts'
import {supplementPageQuery} from '../../schemas/queries/index.ts'
import {siteFetch} from '../../schemas/queries/options.ts'
import {
  ARTIFACTS,
  launchBrowser,
  type StudioHarness,
  startStudioHarness,
  TEST_TLS_PORT,
} from './harness.ts'
import {FIXTURE, SEED_ARTICLE, seedStudioContent} from './seed.ts'

/** Waits until `check` returns a truthy value, polling the lake through the client. */
async function eventually<T>(check: () => Promise<T>, timeout = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    await new Promise((done) => setTimeout(done, 250))
  }
  throw new Error(`Timed out waiting for the lake${last ? `: ${String(last)}` : ''}`)
}

/**
 * Scrolls a part of the form into view. The Studio re-renders the form as documents, previews and
 * permissions arrive, which can detach the element mid-scroll; then it looks it up again.
 */
async function scrollTo(target: Locator, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      await target.scrollIntoViewIfNeeded({timeout: Math.max(1_000, deadline - Date.now())})
      return
    } catch (error) {
      if (Date.now() > deadline || !/not attached/.test(String(error))) throw error
    }
  }
}

async function openDocument(h: StudioHarness, type: string, id: string) {
  await openDocumentIn(h.page, h.studio.url, type, id)
}

/** Opens a document in any browser page (a second editor's too), ready to edit. */
async function openDocumentIn(
  page: Page,
  studioUrl: string,
  type: string,
  id: string,
  timeout = 90_000,
) {
  // The intent URL opens a document wherever the structure lists it.
  await page.goto(`${studioUrl}/intent/edit/id=${id};type=${type}`)
  // Generous: on a loaded machine the Studio takes a while to open a large document.
  await page.locator('[data-testid="document-panel-scroller"]').waitFor({timeout})
  // The form is read-only until the document, its permissions and the user have loaded; the
  // footer's actions re-render then, closing any dialog opened earlier. Wait for an editable input.
  await page
    .locator(
      '[data-testid="document-panel-scroller"] :is(input, textarea):not([readonly]):not([disabled])',
    )
    .first()
    .waitFor({timeout})
}

/**
 * Runs a document action from the footer (its own button or the "..." menu), waits for the
 * dialog it opens and does `act` in it. Until the document has loaded the actions are disabled,
 * and the Studio closes an open action menu or dialog when the footer's list of actions changes
 * (it remembers the open one by position); so it tries again, as an editor would.
 */
async function runAction(
  page: Page,
  label: string,
  opens: Locator = page.getByRole('dialog'),
  act: () => Promise<unknown> = async () => undefined,
) {
  const deadline = Date.now() + 45_000
  const dialogOpens = () =>
    opens
      .first()
      .waitFor({timeout: 5_000})
      .then(
        () => true,
        () => false,
      )
  const enabled = (locator: ReturnType<Page['locator']>) =>
    locator.isEnabled({timeout: 2_000}).catch(() => false)
  for (;;) {
    const button = page.getByRole('button', {name: label, exact: true})
    let clicked = false
    // A click that finds its button or menu item gone (the footer re-rendered) is tried again.
    const click = (target: Locator) =>
      target.click({timeout: 5_000}).then(
        () => true,
        () => false,
      )
    if (await button.isVisible()) {
      if (await enabled(button)) clicked = await click(button)
    } else {
      const item = page.getByRole('menuitem', {name: label})
      if (!(await item.isVisible())) await click(page.getByTestId('action-menu-button'))
      if (await enabled(item)) clicked = await click(item)
    }
    let failure: unknown = new Error(`The "${label}" action never opened its dialog`)
    if (clicked && (await dialogOpens())) {
      try {
        await act()
        return
      } catch (error) {
        failure = error
      }
    }
    if (Date.now() > deadline) throw failure
    await page.keyboard.press('Escape')
    await page.waitForTimeout(1_000)
  }
}

/**
 * Clicks Publish in a document pane once it is enabled, until `published` sees the result. The
 * Studio schedules a publish clicked while edits are still syncing or validating, and drops it if
 * validation then fails, so a click right after typing may not publish: an editor clicks again.
 */
async function publish(pane: Locator, published: () => Promise<unknown>) {
  const button = pane.getByTestId('action-publish')
  for (let attempt = 1; ; attempt++) {
    await expect.poll(() => button.isEnabled(), {timeout: 30_000}).toBe(true)
    await button.click()
    const done = await eventually(published, 10_000).then(
      () => true,
      (error) => (attempt >= 3 ? Promise.reject(error) : false),
    )
    if (done) return
  }
}

/**
 * The fields (by name) an avatar is shown beside in a document form. The Studio draws field
 * presence in the field's header row, above the input and outside its `field-<name>` element, so
 * an avatar belongs to the field whose box is just below or around it.
 */
async function fieldsWithAvatar(page: Page, avatar: string): Promise<string[]> {
  const form = page.locator('[data-testid="document-panel-scroller"]')
  // Field headers also hold `field-actions-menu-<name>` buttons: only the fields themselves count.
  const fieldSelector = '[data-testid^="field-"]:not([data-testid^="field-actions-"])'
  const fields = await form.locator(fieldSelector).evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect()
      return {name: element.getAttribute('data-testid')!.slice('field-'.length), box}
    }),
  )
  const found = new Set<string>()
  for (const box of await form
    .locator(avatar)
    .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect()))) {
    const y = box.top + box.height / 2
    const field = fields
      .filter(({box: f}) => y <= f.bottom && y >= f.top - 60)
      .sort((a, b) => b.box.top - a.box.top)[0]
    if (field) found.add(field.name)
  }
  return [...found].sort()
}

/** A structure list pane, found by its title (Sanity labels a pane's list with it). */
const listPane = (page: Page, title: string) =>
  page.getByRole('listbox', {name: title, exact: true})

/**
 * Asserts a structure list pane shows every title in `shown` and none in `hidden`, comparing
 * preview titles exactly. A list is one query's result: once the titles it must show are there,
 * the ones it must not show would be too.
 */
async function expectList(list: Locator, shown: string[], hidden: string[]) {
  for (const title of shown) {
    await list.getByText(title, {exact: true}).first().waitFor({timeout: 20_000})
  }
  for (const title of hidden) {
    await expect.poll(() => list.getByText(title, {exact: true}).count()).toBe(0)
  }
}

// Each test waits for a real Studio in a real browser; on a shared, loaded machine that is slow.
describe('the Studio against the local lake, in Chromium', {timeout: 240_000}, () => {
  let h: StudioHarness
  let client: SanityClient
  let supplementId: string

  beforeAll(async () => {
    h = await startStudioHarness({seed: (lake) => seedStudioContent(lake.client)})
    // What editors see: imported content is in drafts until a medical reviewer publishes it.
    client = h.lake.client.withConfig({perspective: 'drafts'})
    supplementId = await client.fetch<string>('*[_type == "supplementContent.supplement"][0]._id')
  }, 240_000)

  afterEach(async ({task}) => {
    if (task.result?.state === 'fail') {
      await h?.screenshot(`failed-${task.name.replace(/\W+/g, '-').slice(0, 60)}`)
      console.error(`Lake requests that failed during "${task.name}":\n${h?.problems.join('\n')}`)
    }
    h?.problems.splice(0)
  })

  afterAll(async () => {
    await h?.close()
  })

  /** An imported benefit's content (not a fixture's) for a test's own document. */
  const testBenefitSource = async () => {
    const source = await client.fetch<{_type: string} & Record<string, unknown>>(
      '*[_type == "supplementContent.benefit" && !(_id in $fixtures) && !(_id in $copies)][0]',
      {fixtures: Object.values(FIXTURE), copies: ['benefit-history-e2e', 'benefit-presence-e2e']},
    )
    // The drafts perspective adds _originalId to what it returns: not part of the document.
    const {_originalId: _dropped, ...content} = source
    return content as typeof source
  }

  /**
   * Deletes a test's own documents, published and draft, so no later test finds them: run from
   * `onTestFinished`, also when the test failed half-way.
   */
  const removeDocuments = async (ids: string[]) => {
    const tx = h.lake.client.transaction()
    for (const id of ids) tx.delete(id).delete(`drafts.${id}`)
    await tx.commit({visibility: 'sync'})
  }

  it('boots offline, signed in, and shows the supplement with its linked content', async () => {
    const linked = await client.fetch<{
      benefits: string[]
      audiences: string[]
      warnings: string[]
      citations: number
      alternates: Array<number | null>
    }>(
      `*[_id == $id][0]{
        "benefits": benefits[]->title, "audiences": audiences[]->name,
        "warnings": warnings[]->title, "citations": count(citations),
        "alternates": citations[]->{"n": count(alternateUrls)}.n
      }`,
      {id: supplementId},
    )
    // The article lists 55 works-cited lines, but several are the same work at another address
    // (PubMed, PMC, the publisher's page). The importer folds those into one citation with
    // alternate URLs: 47 citations carrying 54 distinct addresses (two lines normalise to the
    // same canonical URL). Every line is accounted for; none is a separate document.
    const worksCitedLines = readFileSync(SEED_ARTICLE, 'utf8')
      .split('Works Cited')[1]
      .split('\n')
      .filter((line) => /https?:\/\//.test(line))
    expect(worksCitedLines).toHaveLength(55)
    expect(linked.citations).toBe(47)
    const addresses = linked.citations + linked.alternates.reduce<number>((a, n) => a + (n ?? 0), 0)
    expect(addresses).toBe(54)
    expect(linked.benefits.length).toBeGreaterThanOrEqual(3)
    expect(linked.audiences.length).toBeGreaterThanOrEqual(3)
    expect(linked.warnings.length).toBeGreaterThanOrEqual(2)

    await openDocument(h, 'supplementContent.supplement', supplementId)
    const {page} = h
    await expect(page.getByText('Sign in', {exact: true}).count()).resolves.toBe(0)
    await page.getByRole('tab', {name: 'Benefits, audiences & safety'}).click()
    for (const title of [linked.benefits[0], linked.audiences[0], linked.warnings[0]]) {
      await page
        .getByTestId('field-benefits')
        .or(page.getByTestId('field-audiences'))
        .or(page.getByTestId('field-warnings'))
        .getByText(title, {exact: true})
        .first()
        .waitFor({timeout: 15_000})
    }
    await h.screenshot('01-supplement-links')
    const titles = await client.fetch<string[]>('*[_id == $id][0].citations[]->title', {
      id: supplementId,
    })
    // The list is virtualised: only the items in view are in the page, so look for any of them.
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const anyTitle = new RegExp(`^(${titles.map(escape).join('|')})$`)
    const citations = page.getByTestId('field-citations')
    await scrollTo(citations)
    await citations.getByText(anyTitle).first().waitFor({timeout: 20_000})
    await h.screenshot('02-supplement-citations')

    await page.goto(`${h.studio.url}/structure`)
    await page.getByText('Needs attention').click()
    await page.getByText('Benefits without citations').waitFor()
    await h.screenshot('03-structure-needs-attention')
    // The importer's bookkeeping type is neither listed nor offered for creation.
    await expect(page.getByText('Import record').count()).resolves.toBe(0)
    await page.getByTestId('new-document-button').click()
    const menu = page.getByRole('dialog').or(page.locator('[data-ui="Popover"]')).last()
    await menu.getByText('Supplement', {exact: true}).waitFor()
    const offered = await menu.textContent()
    expect(offered).toContain('Warning')
    expect(offered).not.toContain('Import record')
    await h.screenshot('03b-create-menu')
    await page.keyboard.press('Escape')
  })

  it('calls no hosted service it can switch off, and keeps import records out of search', async () => {
    const {page} = h
    const outside: string[] = []
    const record = (request: {url(): string; method(): string}) => {
      const host = new URL(request.url()).hostname
      if (host !== '127.0.0.1' && !host.endsWith('localhost')) {
        outside.push(`${request.method()} ${request.url()}`)
      }
    }
    page.on('request', record)
    await page.goto(`${h.studio.url}/structure`)
    await page.getByText('Needs attention', {exact: true}).first().waitFor({timeout: 90_000})
    await page.waitForTimeout(5_000)
    page.off('request', record)
    // The README lists these three: Sanity 6.16 has no switch for them. Anything else (the
    // dashboard bridge script, the module CDN's import map, telemetry) must not be called.
    const documented = [
      /^GET https:\/\/sanity-cdn\.com\/v1\/modules\/sanity\/latest\//,
      /^GET https:\/\/design-system-static\.sanity\.io\/Inter/,
      /^POST https:\/\/api\.sanity\.io\/vX\/intake\/feedback$/,
    ]
    expect(outside.filter((call) => !documented.some((pattern) => pattern.test(call)))).toEqual([])
    expect(outside.join('\n')).not.toContain('bridge.js')

    // Global search: the importer's bookkeeping matches "vitamin-d3-k2" (its source file) but is
    // neither among the results nor offered as a type to filter by.
    const recordCount = await client.fetch<number>(
      'count(*[_type == "supplementContent.importRecord"])',
    )
    expect(recordCount).toBeGreaterThan(0)
    await page.getByRole('button', {name: 'Open search'}).click()
    await page.keyboard.insertText('vitamin-d3-k2')
    const results = page.getByTestId('search-results')
    await results.locator('a[href*="type=supplement"]').first().waitFor({timeout: 30_000})
    await expect(results.locator('a[href*="importRecord"]').count()).resolves.toBe(0)
    await h.screenshot('28-search-without-import-records')
    await page.getByRole('button', {name: 'All types'}).click()
    const types = page.locator('[data-ui="Popover"]').last()
    await types.getByText('Citation', {exact: true}).first().waitFor({timeout: 10_000})
    await expect(types.getByText('Import record').count()).resolves.toBe(0)
    await h.screenshot('29-search-type-filter')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
  })

  it('shows who links to a benefit and to a citation (incoming references)', async () => {
    const {page} = h
    const [benefitId, supplementName] = await client.fetch<[string, string]>(
      '*[_id == $id][0]{"p": [benefits[0]._ref, name]}.p',
      {id: supplementId},
    )
    const benefitTitle = await client.fetch<string>('*[_id == $id][0].title', {id: benefitId})
    await openDocument(h, 'supplementContent.benefit', benefitId)
    const fromSupplements = page.getByRole('listbox', {
      name: 'Incoming references of type Supplement',
    })
    await scrollTo(fromSupplements)
    await expectList(fromSupplements, [supplementName], [benefitTitle])
    await h.screenshot('12-benefit-incoming-references')

    // The fixture citation is cited by one benefit and by no supplement: each decoration lists
    // only the documents of its own type that link here.
    await openDocument(h, 'supplementContent.citation', FIXTURE.citedCitation)
    const fromBenefits = page.getByRole('listbox', {name: 'Incoming references of type Benefit'})
    await scrollTo(fromBenefits)
    await expectList(fromBenefits, ['Better calcium use'], ['Better use of calcium'])
    await expect(page.getByText('Supplements citing this', {exact: true}).count()).resolves.toBe(1)
    await expect(
      page.getByRole('listbox', {name: 'Incoming references of type Supplement'}).count(),
    ).resolves.toBe(0)
    await h.screenshot('13-citation-incoming-references')
  })

  it('lists what needs attention, and only that', async () => {
    const {page} = h
    const review = await client.fetch<{status?: string} | null>('*[_id == $id][0].review', {
      id: supplementId,
    })
    // The imported supplement has not been medically reviewed yet (a later test reviews it).
    expect(review?.status).not.toBe('reviewed')
    const supplementName = await client.fetch<string>('*[_id == $id][0].name', {id: supplementId})
    onTestFinished(() =>
      removeDocuments([
        'supplement-attention-reviewed-long-ago',
        'supplement-attention-reviewed-today',
        'benefit-attention-uncited',
        'citation-attention-stale',
        'citation-attention-unused',
      ]),
    )
    const tx = client.transaction()
    // Seeded in this order: the lists show the most recently updated first, so a fixture wrongly
    // listed would be at the top of a long (virtualised) list, where it is rendered.
    tx.createOrReplace({
      _id: 'benefit-attention-uncited',
      _type: 'supplementContent.benefit',
      title: 'Attention: a benefit awaiting citations',
      slug: {_type: 'slug', current: 'attention-uncited'},
      summary: 'Nobody has cited a source for this yet.',
      healthArea: 'bone',
      evidenceStrength: 'limited',
    })
    tx.createOrReplace({
      _id: 'supplement-attention-reviewed-long-ago',
      _type: 'supplementContent.supplement',
      name: 'Attention: reviewed in 2023',
      slug: {_type: 'slug', current: 'attention-reviewed-long-ago'},
      citations: [{_type: 'reference', _ref: 'citation-attention-stale', _key: 'c0'}],
      review: {
        _type: 'supplementContent.medicalReview',
        status: 'reviewed',
        reviewer: 'Dr. Fixture',
        lastReviewed: '2023-03-01',
        // What readers of this page see: the stale citation it cites is one of them.
        approved: [
          {
            _key: 'a0',
            _type: 'supplementContent.reviewedDocument',
            document: {_type: 'reference', _ref: 'citation-attention-stale', _weak: true},
            revision: 'r-fixture',
          },
        ],
      },
    })
    tx.createOrReplace({
      _id: 'supplement-attention-reviewed-today',
      _type: 'supplementContent.supplement',
      name: 'Attention: reviewed today',
      slug: {_type: 'slug', current: 'attention-reviewed-today'},
      review: {
        _type: 'supplementContent.medicalReview',
        status: 'reviewed',
        reviewer: 'Dr. Fixture',
        lastReviewed: todayIsoDate(),
      },
    })
    tx.createOrReplace({
      _id: 'citation-attention-stale',
      _type: 'supplementContent.citation',
      title: 'Attention: accessed in 2023',
      url: 'https://example.org/attention-stale',
      publisher: 'Example Journal',
      sourceType: 'peerReviewedJournal',
      accessed: '2023-03-01',
    })
    tx.createOrReplace({
      _id: 'citation-attention-unused',
      _type: 'supplementContent.citation',
      title: 'Attention: accessed today, cited by nothing',
      url: 'https://example.org/attention-unused',
      publisher: 'Example Journal',
      sourceType: 'peerReviewedJournal',
      accessed: todayIsoDate(),
    })
    await tx.commit()

    await page.goto(`${h.studio.url}/structure`)
    const attention = listPane(page, 'Needs attention')
    await page.getByText('Needs attention', {exact: true}).first().click()
    const open = async (item: string | RegExp) => {
      await attention.getByText(item, {exact: true}).click()
    }

    // Imported benefits wait for an editor to confirm suggested citations: they are on that
    // list, not on "Benefits without citations", which holds only benefits nobody has a source for.
    const suggested = await client.fetch<string[]>(
      '*[_type == "supplementContent.benefit" && count(suggestedCitations) > 0 && count(coalesce(citations, [])) == 0].title',
    )
    expect(suggested.length).toBeGreaterThan(0)
    await open('Benefits without citations')
    await expectList(
      listPane(page, 'Benefits without citations'),
      ['Attention: a benefit awaiting citations'],
      ['Better calcium use', ...suggested],
    )
    await h.screenshot('14-attention-benefits-without-citations')

    await open('Suggested citations to confirm')
    const toConfirm = listPane(page, 'Suggested citations to confirm')
    await expectList(toConfirm, [suggested[0]], ['Attention: a benefit awaiting citations'])
    // Each item says why it is there.
    await toConfirm
      .getByText(/suggested to confirm/)
      .first()
      .waitFor({timeout: 10_000})
    await h.screenshot('14b-attention-suggested-citations')

    await open('Citations used by nothing')
    await expectList(
      listPane(page, 'Citations used by nothing'),
      ['Attention: accessed today, cited by nothing'],
      ['Fixture: a study a benefit relies on', 'Attention: accessed in 2023'],
    )
    await h.screenshot('15-attention-unused-citations')

    await open('Possible duplicates')
    await listPane(page, 'Possible duplicates').getByText('Benefits', {exact: true}).click()
    await expectList(
      listPane(page, 'Possible duplicate benefits'),
      ['Better calcium use', 'Better use of calcium'],
      ['Attention: a benefit awaiting citations'],
    )
    await h.screenshot('16-attention-possible-duplicates')

    await open(/^Supplements not reviewed in/)
    await expectList(
      listPane(page, 'Supplements not reviewed in 12 months'),
      [supplementName, 'Attention: reviewed in 2023'],
      ['Attention: reviewed today'],
    )
    await h.screenshot('17-attention-review-due')

    // Only citations readers see (approved in a review) with an access date over 12 months old.
    // The imported citations (accessed in 2025 by the article's author, not yet reviewed) and the
    // fixture cited only by a benefit are not due.
    const importedCitation = await client.fetch<string>(
      '*[_type == "supplementContent.citation" && _id in *[_id == $id][0].citations[]._ref][0].title',
      {id: supplementId},
    )
    await open(/^Citations accessed over/)
    const stale = listPane(page, 'Citations accessed over 12 months ago')
    await expectList(
      stale,
      ['Attention: accessed in 2023'],
      [
        'Attention: accessed today, cited by nothing',
        'Fixture: a study a benefit relies on',
        importedCitation,
      ],
    )
    await stale.getByText(/accessed 2023-03-01/).waitFor({timeout: 10_000})
    await expect.poll(() => stale.getByRole('option').count()).toBe(1)
    await h.screenshot('18-attention-stale-citations')
  })

  it('lists the warnings the importer flagged for review, and an editor clears the flag in the form', async () => {
    const {page} = h
    const flagged = 'Review: a statement the importer could not read'
    const checked = 'Review: a warning an editor already checked'
    onTestFinished(() => removeDocuments(['warning-review-flagged', 'warning-review-checked']))
    await h.lake.client
      .transaction()
      .createOrReplace({
        _id: 'warning-review-flagged',
        _type: 'supplementContent.warning',
        title: flagged,
        kind: 'general',
        severity: 'caution',
        text: 'Use it with care if you are unwell.',
        needsReview: true,
      })
      .createOrReplace({
        _id: 'warning-review-checked',
        _type: 'supplementContent.warning',
        title: checked,
        kind: 'general',
        severity: 'caution',
        text: 'Stop taking it two weeks before surgery.',
        needsReview: false,
      })
      .commit()

    await page.goto(`${h.studio.url}/structure`)
    await page.getByText('Needs attention', {exact: true}).first().click()
    await listPane(page, 'Needs attention').getByText('Warnings to review', {exact: true}).click()
    const list = listPane(page, 'Warnings to review')
    await expectList(list, [flagged], [checked])
    await h.screenshot('19-attention-warnings-to-review')

    await list.getByText(flagged, {exact: true}).click()
    // A boolean field is its own switch row (no "field-<name>" wrapper): found by its title.
    const field = page.getByTestId('boolean-input').filter({hasText: 'Needs review'})
    await field.getByText(/could not read it with confidence/).waitFor({timeout: 30_000})
    const toggle = field.locator('input#needsReview')
    await expect.poll(() => toggle.isChecked(), {timeout: 30_000}).toBe(true)
    await expect.poll(() => toggle.isEnabled(), {timeout: 30_000}).toBe(true)
    await h.screenshot('19b-warning-needs-review-field')
    await toggle.click()
    // The editor's draft clears the flag, and the list no longer offers the warning.
    await eventually(() =>
      client
        .fetch<boolean | null>('*[_id == $id][0].needsReview', {id: 'warning-review-flagged'})
        .then((value) => value === false),
    )
    await expect
      .poll(() => list.getByText(flagged, {exact: true}).count(), {timeout: 30_000})
      .toBe(0)
    await h.screenshot('19c-warnings-to-review-cleared')
    await page.goto(`${h.studio.url}/structure`)
  })

  it('confirms or dismisses suggested citations in one click each, emptying the to-do list', async () => {
    const {page} = h
    // Benefits of its own, as the importer leaves them (suggestions, no supporting citation), so
    // the imported content the review test publishes stays as imported.
    const citations = await client.fetch<string[]>(
      '*[_type == "supplementContent.citation" && !(_id in $fixtures)] | order(_id asc)[0...4]._id',
      {fixtures: Object.values(FIXTURE)},
    )
    expect(citations).toHaveLength(4)
    const suggestions = (ids: string[]) =>
      ids.map((id, index) => ({_type: 'reference', _ref: id, _key: `s${index}`, _weak: true}))
    const one = {id: 'benefit-confirm-one-by-one', title: 'Confirm: one by one', ids: citations}
    const all = {id: 'benefit-confirm-all', title: 'Confirm: all at once', ids: citations.slice(1)}
    onTestFinished(() => removeDocuments([one.id, all.id]))
    const tx = h.lake.client.transaction()
    for (const benefit of [one, all]) {
      tx.createOrReplace({
        _id: benefit.id,
        _type: 'supplementContent.benefit',
        title: benefit.title,
        slug: {_type: 'slug', current: benefit.id},
        summary: 'A claim the importer found sources for.',
        healthArea: 'bone',
        evidenceStrength: 'limited',
        suggestedCitations: suggestions(benefit.ids),
      })
    }
    await tx.commit()
    const stateOf = (id: string) =>
      client.fetch<{cited: string[]; suggested: string[]}>(
        `*[_id == $id][0]{
          "cited": coalesce(citations[]._ref, []), "suggested": coalesce(suggestedCitations[]._ref, [])
        }`,
        {id},
      )

    // From the benefit: confirm the first suggestion, dismiss the others, one click each.
    await openDocument(h, 'supplementContent.benefit', one.id)
    const dialog = page.getByRole('dialog')
    await runAction(page, `Confirm suggested citations (${one.ids.length})`, dialog, async () => {
      await dialog.getByTestId('suggested-citation').first().waitFor({timeout: 15_000})
      await expect(dialog.getByTestId('suggested-citation').count()).resolves.toBe(one.ids.length)
      await h.screenshot('23-confirm-suggested-citations')
      await dialog.getByRole('button', {name: 'Confirm', exact: true}).first().click()
    })
    // The first suggestion is now a supporting citation; the others still wait.
    await eventually(() => stateOf(one.id).then((value) => value?.cited.length === 1))
    expect(await stateOf(one.id)).toEqual({cited: [one.ids[0]], suggested: one.ids.slice(1)})
    for (let left = one.ids.length - 1; left > 0; left--) {
      await dialog.getByRole('button', {name: 'Dismiss', exact: true}).first().click()
      await expect
        .poll(() => dialog.getByTestId('suggested-citation').count(), {timeout: 15_000})
        .toBe(left - 1)
    }
    await dialog.getByTestId('suggestions-done').waitFor({timeout: 15_000})
    await h.screenshot('24-suggested-citations-done')
    await page.keyboard.press('Escape')
    await eventually(() => stateOf(one.id).then((value) => value?.suggested.length === 0))
    expect(await stateOf(one.id)).toEqual({cited: [one.ids[0]], suggested: []})

    // From the list: the other benefit is on it; "Confirm all" empties it in one click.
    await page.goto(`${h.studio.url}/structure`)
    await page.getByText('Needs attention', {exact: true}).first().click()
    await listPane(page, 'Needs attention')
      .getByText('Suggested citations to confirm', {exact: true})
      .click()
    const toConfirm = listPane(page, 'Suggested citations to confirm')
    await expectList(toConfirm, [all.title], [one.title])
    await toConfirm.getByText(all.title, {exact: true}).click()
    await page
      .locator(
        '[data-testid="document-panel-scroller"] :is(input, textarea):not([readonly]):not([disabled])',
      )
      .first()
      .waitFor({timeout: 90_000})
    await runAction(page, `Confirm suggested citations (${all.ids.length})`, dialog, async () => {
      await expect
        .poll(() => dialog.getByTestId('suggested-citation').count(), {timeout: 15_000})
        .toBe(all.ids.length)
      await dialog
        .getByRole('button', {name: `Confirm all ${all.ids.length}`, exact: true})
        .click({timeout: 10_000})
    })
    await dialog.getByTestId('suggestions-done').waitFor({timeout: 15_000})
    await h.screenshot('24b-suggested-citations-all-confirmed')
    await page.keyboard.press('Escape')
    await eventually(() => stateOf(all.id).then((value) => value?.suggested.length === 0))
    expect(await stateOf(all.id)).toEqual({cited: all.ids, suggested: []})
    // Both benefits have left the to-do list; neither is "without citations" either.
    await expectList(toConfirm, [], [all.title, one.title])
    await h.screenshot('24c-suggested-citations-list-emptied')
  })

  it('uses words that do not mislead: review status, plurals, URL messages, same-titled benefits', async () => {
    const {page} = h
    onTestFinished(() =>
      removeDocuments([
        'supplement-words-d3',
        'supplement-words-omega',
        'benefit-words-heart-d3',
        'benefit-words-heart-omega',
        'citation-words-url',
      ]),
    )
    // Two benefits titled alike, from two supplements: lists and search tell them apart.
    const tx = client.transaction()
    tx.createOrReplace({
      _id: 'citation-words-url',
      _type: 'supplementContent.citation',
      title: 'Words: a citation whose address is edited',
      url: 'https://example.org/words-url',
      publisher: 'Example Journal',
      sourceType: 'peerReviewedJournal',
      accessed: todayIsoDate(),
    })
    for (const [id, supplement] of [
      ['benefit-words-heart-d3', 'supplement-words-d3'],
      ['benefit-words-heart-omega', 'supplement-words-omega'],
    ]) {
      tx.createOrReplace({
        _id: id,
        _type: 'supplementContent.benefit',
        title: 'Heart Health',
        // Slugs are unique; the importer prefixes the supplement's, as here.
        slug: {
          _type: 'slug',
          current: `${supplement.replace('supplement-', '')}-heart-health`,
        },
        summary: 'Supports the heart.',
        healthArea: 'cardiovascular',
        evidenceStrength: 'limited',
        citations: [{_type: 'reference', _ref: FIXTURE.citedCitation, _key: 'c0'}],
      })
      tx.createOrReplace({
        _id: supplement,
        _type: 'supplementContent.supplement',
        name: supplement.endsWith('d3') ? 'Words: Vitamin D3' : 'Words: Omega-3',
        slug: {_type: 'slug', current: supplement},
        benefits: [{_type: 'reference', _ref: id, _key: 'b0'}],
        review: {_type: 'supplementContent.medicalReview', status: 'draft'},
      })
    }
    await tx.commit()

    // In lists, which show what the document itself holds, the unique slug's supplement prefix;
    // plurals right: one citation is "1 citation".
    const content = listPane(page, 'Content')
    await page.goto(`${h.studio.url}/structure`)
    await content.getByText('Benefits', {exact: true}).click({timeout: 60_000})
    const benefits = listPane(page, 'Benefits')
    await benefits
      .getByText(/^words-d3 · 1 citation · Heart and blood vessels · Limited$/)
      .waitFor({timeout: 30_000})
    await benefits
      .getByText(/^words-omega · 1 citation · Heart and blood vessels · Limited$/)
      .waitFor({timeout: 10_000})
    await expect(benefits.getByText(/\b1 citations\b/).count()).resolves.toBe(0)
    await h.screenshot('25-same-titled-benefits')
    // Where a benefit is shown as a reference, the supplement linking it is named.
    await openDocument(h, 'supplementContent.supplement', 'supplement-words-omega')
    await page.getByRole('tab', {name: 'Benefits, audiences & safety'}).click()
    await page
      .getByTestId('field-benefits')
      .getByText(/^Words: Omega-3 · words-omega · 1 citation/)
      .waitFor({timeout: 20_000})
    await h.screenshot('25b-benefit-reference-names-supplement')

    // The review status reads "Not reviewed", never "Draft" (Sanity's own word for unpublished).
    await page.goto(`${h.studio.url}/structure`)
    await content.getByText('Supplements', {exact: true}).click({timeout: 60_000})
    const supplements = listPane(page, 'Supplements')
    await supplements
      .getByText(/^Not reviewed · 1 benefit$/)
      .first()
      .waitFor({timeout: 30_000})
    await expect(supplements.getByText(/^Draft\b/).count()).resolves.toBe(0)
    await h.screenshot('26-supplement-review-words')

    // A citation URL that is not http(s) gets a message about that, not "enter the address". A
    // citation of its own: the draft the edit makes is removed with it afterwards.
    await openDocument(h, 'supplementContent.citation', 'citation-words-url')
    const url = page.getByTestId('field-url')
    await url.locator('input').fill('ftp://x')
    // Sanity shows a field's message where an editor looks for it: on the field's error icon
    // (a tooltip) and in the document's Validation panel.
    const icon = url.locator('[data-testid="input-validation-icon-error"]')
    await icon.first().waitFor({timeout: 20_000})
    const ftpMessage = 'Enter a full web address starting with http:// or https://.'
    const tooltip = page.locator('[data-ui="Tooltip"]').filter({hasText: ftpMessage})
    await expect
      .poll(
        async () => {
          await icon.first().hover()
          return tooltip.isVisible()
        },
        {timeout: 20_000},
      )
      .toBe(true)
    await h.screenshot('27-ftp-url-message')
    // The Validation panel lists it under URL (away from the icon, so no tooltip shows it too).
    await page.getByRole('button', {name: 'Validation', exact: true}).click()
    await page.mouse.move(5, 600)
    await expect.poll(() => tooltip.isVisible(), {timeout: 10_000}).toBe(false)
    await page.getByText(ftpMessage).filter({visible: true}).first().waitFor({timeout: 20_000})
    await expect(page.getByText('Enter the web address of the cited work.').count()).resolves.toBe(
      0,
    )
    await h.screenshot('27b-ftp-url-validation-panel')
    // An empty address is the other message.
    await url.locator('input').fill('')
    await page.getByText('Enter the web address of the cited work.').last().waitFor({
      timeout: 20_000,
    })
    await expect(page.getByText(ftpMessage).count()).resolves.toBe(0)
  })

  it('runs a GROQ query against the lake in the Vision playground', async () => {
    const {page} = h
    await page.goto(`${h.studio.url}/vision`)
    const editor = page.getByTestId('vision-query-editor').locator('.cm-content')
    await editor.waitFor({timeout: 30_000})
    await editor.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.press('Delete')
    // Inserted as one text, as a paste would be (typing would trigger bracket auto-closing).
    await page.keyboard.insertText('*[_type == "supplementContent.supplement"]{name}')
    await page.getByRole('button', {name: 'Fetch', exact: true}).click()
    const result = page.getByTestId('vision-result')
    await result
      .getByText(/Vitamin D3 and K2/)
      .first()
      .waitFor({timeout: 20_000})
    // The projection ran as typed: names only, no system fields.
    await expect(result.getByText(/_id/).count()).resolves.toBe(0)
    // The query went to the lake (the build's apiHost), not to sanity.io.
    const url = page.locator(
      'input[data-testid="vision-query-url"], [data-testid="vision-query-url"] input',
    )
    await expect(url.inputValue()).resolves.toContain(`localhost:${TEST_TLS_PORT}/`)
    await h.screenshot('19-vision-query')
  })

  it('publishes an edited benefit summary that a client query then sees', async () => {
    const benefitId = await client.fetch<string>(
      '*[_type == "supplementContent.benefit" && !(_id in path("drafts.**")) && !(_id in $fixtures)][0]._id',
      {fixtures: Object.values(FIXTURE)},
    )
    await openDocument(h, 'supplementContent.benefit', benefitId)
    const summary = `Edited in the browser at ${new Date().toISOString()}.`
    const field = h.page.getByTestId('field-summary').locator('textarea')
    // Type only once the stored document is in the form, as an editor would.
    await expect.poll(() => field.inputValue(), {timeout: 20_000}).not.toBe('')
    await field.fill(summary)
    const publishedSummary = () =>
      client
        .fetch<string | null>(
          '*[_id == $id][0].summary',
          {id: benefitId},
          {perspective: 'published'},
        )
        .then((value) => (value === summary ? value : null))
    await publish(h.page.locator('[data-testid="document-pane"]').last(), publishedSummary)
    expect(await publishedSummary()).toBe(summary)
    await h.screenshot('04-benefit-published')
  })

  it('creates a new warning from inside the supplement, linked both ways', async () => {
    await openDocument(h, 'supplementContent.supplement', supplementId)
    const {page} = h
    await page.getByRole('tab', {name: 'Benefits, audiences & safety'}).click()
    const warnings = page.getByTestId('field-warnings')
    const create = warnings.getByRole('button', {name: /^Create/}).first()
    // While the form settles (previews, validation) an overlay can take the first click: an
    // editor clicks again.
    const deadline = Date.now() + 60_000
    while (!(await create.isVisible())) {
      if (Date.now() > deadline) throw new Error('"Add item" never offered "Create"')
      await warnings
        .getByRole('button', {name: 'Add item'})
        .click({timeout: 5_000})
        .catch(() => page.keyboard.press('Escape'))
      await create.waitFor({timeout: 5_000}).catch(() => undefined)
    }
    await create.click()
    const menuItem = page.getByRole('menuitem', {name: /Warning/})
    if (await menuItem.isVisible().catch(() => false)) await menuItem.click()
    const pane = page.locator('[data-testid="document-pane"]').last()
    await pane.getByTestId('field-title').locator('input').fill('Take with food')
    await pane.getByTestId('field-kind').getByRole('radio', {name: 'General'}).check()
    await pane
      .getByTestId('field-text')
      .locator('textarea')
      .fill('Vitamins D and K are fat-soluble.')
    await h.screenshot('05-new-warning-in-place')
    const publishedWarning = () =>
      client.fetch<string | null>(
        '*[_type == "supplementContent.warning" && title == "Take with food"][0]._id',
        {},
        {perspective: 'published'},
      )
    await publish(pane, publishedWarning)
    const warningId = (await publishedWarning())!
    // The supplement's draft links the new warning; "Mark reviewed" (below) publishes the two
    // together with the rest of the page.
    await eventually(() =>
      client.fetch<boolean>(
        '$warning in *[_id == $id][0].warnings[]._ref',
        {id: supplementId, warning: warningId},
        {perspective: 'drafts'},
      ),
    )
    await openDocument(h, 'supplementContent.warning', warningId)
    const name = await client.fetch<string>('*[_id == $id][0].name', {id: supplementId})
    const fromSupplements = page.getByRole('listbox', {
      name: 'Incoming references of type Supplement',
    })
    await scrollTo(fromSupplements)
    await expectList(fromSupplements, [name], [])
    await h.screenshot('06-warning-incoming-reference')
  })

  it('refuses to delete a citation that a benefit relies on, saying why', async () => {
    await openDocument(h, 'supplementContent.citation', FIXTURE.citedCitation)
    const dialog = h.page.getByRole('dialog')
    await runAction(h.page, 'Delete', dialog, () =>
      dialog
        .getByText(/Better calcium use/)
        .first()
        .waitFor({timeout: 15_000}),
    )
    await h.screenshot('07-delete-citation-refused')
    // Sanity's dialog names the referring benefit and offers "Delete anyway"; the lake then
    // refuses the delete (a strong reference) and the Studio says why.
    await dialog.getByRole('button', {name: 'Delete anyway'}).click()
    // Not only Sanity's generic "an error occurred" toast: a dialog says why, naming the benefit.
    const refused = h.page.getByTestId('delete-refused')
    await refused.waitFor({timeout: 15_000})
    await h.page.getByText('This citation was not deleted').waitFor({timeout: 5_000})
    await refused
      .getByTestId('delete-referrer')
      .getByText('Better calcium use', {exact: true})
      .waitFor({timeout: 15_000})
    await refused.getByText(/strong reference/).waitFor()
    // Sanity's own toast, behind the dialog, says what happened and leaves the why to the dialog:
    // not its generic "An error occurred ... This usually means ...".
    const toasts = h.page.locator('[data-ui="Toast"]')
    await toasts
      .filter({hasText: 'This document was not deleted.'})
      .first()
      .waitFor({timeout: 15_000})
    await expect(toasts.filter({hasText: /An error occurred/}).count()).resolves.toBe(0)
    await h.screenshot('08-delete-citation-refused-reason')
    expect(await client.getDocument(FIXTURE.citedCitation)).toBeTruthy()
  })

  it('reviews the imported supplement: shows what changed, then publishes it with everything it links', async () => {
    // Imported as drafts: nothing of it is public yet.
    const site = siteFetch({preview: false})
    const slug = await client.fetch<string>('*[_id == $id][0].slug.current', {id: supplementId})
    expect(
      await h.lake.anonClient.fetch(supplementPageQuery, {...site.params, slug}, site.options),
    ).toBeNull()
    await openDocument(h, 'supplementContent.supplement', supplementId)
    await h.page.getByText('Not reviewed', {exact: true}).first().waitFor({timeout: 20_000})
    const dialog = h.page.getByRole('dialog')
    await runAction(h.page, 'Mark reviewed', dialog, async () => {
      // The reviewer sees every document the review will publish, new ones first among them.
      const changes = dialog.getByTestId('review-change')
      await changes.first().waitFor({timeout: 15_000})
      await dialog
        .getByText(/Take with food/)
        .first()
        .waitFor({timeout: 5_000})
      expect(await changes.count()).toBeGreaterThan(50)
      await h.screenshot('09-review-dialog')
      await dialog.getByRole('button', {name: 'Approve and publish'}).click({timeout: 5_000})
    })
    const review = await eventually(() =>
      client
        .fetch<{status: string; reviewer: string; lastReviewed: string; revision: string} | null>(
          '*[_id == $id][0].review',
          {id: supplementId},
          {perspective: 'published'},
        )
        .then((value) => (value?.status === 'reviewed' ? value : null)),
    )
    expect(review.lastReviewed).toBe(todayIsoDate())
    expect(review.reviewer).toBeTruthy()
    // One transaction: the supplement and every draft it linked were published by it, with
    // strong references, and anonymous readers now get the page with the new warning. (Only
    // what the review approved: another test's draft elsewhere in the dataset is not its business.)
    const approved = await client.fetch<string[]>(
      '*[_id == $id][0].review.approved[].document._ref',
      {id: supplementId},
      {perspective: 'published'},
    )
    expect(approved.length).toBeGreaterThan(50)
    const draftsLeft = await client.fetch<string[]>(
      '*[_id in $drafts]._id',
      {drafts: [supplementId, ...approved].map((id) => `drafts.${id}`)},
      {perspective: 'raw'},
    )
    expect(draftsLeft).toEqual([])
    const page = await h.lake.anonClient.fetch(
      supplementPageQuery,
      {...site.params, slug},
      site.options,
    )
    expect(page?.review.reviewer).toBe(review.reviewer)
    expect(page?.warnings.map((w) => w.title)).toContain('Take with food')
    expect(page?.citations.length).toBeGreaterThanOrEqual(47)
    await h.page.getByText('Reviewed', {exact: true}).first().waitFor({timeout: 20_000})
    await h.screenshot('09b-marked-reviewed')
  })

  it('shows an edit after the review on the supplement, in "Changed since review" and in the review dialog', async () => {
    const benefitId = await client.fetch<string>('*[_id == $id][0].benefits[0]._ref', {
      id: supplementId,
    })
    await openDocument(h, 'supplementContent.benefit', benefitId)
    const field = h.page.getByTestId('field-summary').locator('textarea')
    await expect.poll(() => field.inputValue(), {timeout: 20_000}).not.toBe('')
    await field.fill('EDITED AFTER REVIEW: cures everything.')
    // The Studio may open the draft as a copy before the typed text reaches it.
    await eventually(
      async () =>
        (await client.getDocument(`drafts.${benefitId}`))?.summary ===
        'EDITED AFTER REVIEW: cures everything.',
    )
    const site = siteFetch({preview: false})
    const slug = await client.fetch<string>('*[_id == $id][0].slug.current', {id: supplementId})
    const page = await h.lake.anonClient.fetch(
      supplementPageQuery,
      {...site.params, slug},
      site.options,
    )
    expect(JSON.stringify(page)).not.toContain('EDITED AFTER REVIEW')

    await openDocument(h, 'supplementContent.supplement', supplementId)
    await h.page.getByText('Changed since review', {exact: true}).first().waitFor({timeout: 20_000})
    await h.screenshot('20-changed-since-review-badge')
    const dialog = h.page.getByRole('dialog')
    await runAction(h.page, 'Mark reviewed', dialog, async () => {
      const change = dialog.getByTestId('review-change')
      await change.first().waitFor({timeout: 15_000})
      await dialog.getByText('Changed fields: summary').waitFor({timeout: 5_000})
      expect(await change.count()).toBe(1)
      await h.screenshot('21-review-dialog-diff')
    })
    await h.page.keyboard.press('Escape')
  })

  it('lists the supplement edited after its review under "Changed since review"', async () => {
    const supplementName = await client.fetch<string>('*[_id == $id][0].name', {id: supplementId})
    await h.page.goto(`${h.studio.url}/structure`)
    await h.page.getByText('Needs attention', {exact: true}).first().click()
    await listPane(h.page, 'Needs attention')
      .getByText('Changed since review', {exact: true})
      .click()
    await expectList(listPane(h.page, 'Changed since review'), [supplementName], [])
    await h.screenshot('22-changed-since-review-list')
  })

  it('merges a duplicate benefit: references moved, duplicate deleted, in one go', async () => {
    await openDocument(h, 'supplementContent.benefit', FIXTURE.duplicateKeep)
    const dialog = h.page.getByRole('dialog')
    await runAction(h.page, 'Merge duplicates', dialog, async () => {
      await dialog.getByTestId('merge-candidate').first().waitFor({timeout: 10_000})
      await h.screenshot('10-merge-dialog')
      await dialog.getByRole('button', {name: 'Merge into this'}).click({timeout: 5_000})
    })
    await eventually(async () => !(await client.getDocument(FIXTURE.duplicateMerge)))
    const refs = await client.fetch<string[]>('*[_id == $id][0].benefits[]._ref', {
      id: supplementId,
    })
    expect(refs).toContain(FIXTURE.duplicateKeep)
    expect(refs).not.toContain(FIXTURE.duplicateMerge)
    expect(await client.fetch('count(*[references($id)])', {id: FIXTURE.duplicateMerge})).toBe(0)
    await h.screenshot('11-merged')
  })
  // Several round trips through the Studio's inspector: on a loaded machine longer than most tests.
  it(
    'lists edits and publishes in History, reviews changes since publishing, and restores a revision',
    {timeout: 600_000},
    async () => {
      // A benefit of its own, published, so other tests' edits don't show in its history.
      const source = await testBenefitSource()
      const id = 'benefit-history-e2e'
      const type = String(source._type)
      await h.lake.client.createOrReplace({
        ...source,
        _id: id,
        title: 'Bone density (history test)',
        slug: {_type: 'slug', current: 'bone-density-history-test'},
        summary: 'Summary as first published.',
      })
      const draftSummary = (expected: string) => () =>
        h.lake.client
          .getDocument(`drafts.${id}`)
          .then((doc) => (doc?.summary === expected ? doc : null))
      const publishedSummary = (expected: string) => () =>
        h.lake.client.getDocument(id).then((doc) => (doc?.summary === expected ? doc : null))

      await openDocument(h, type, id)
      const pane = h.page.locator('[data-testid="document-pane"]').last()
      const field = h.page.getByTestId('field-summary').locator('textarea')
      await expect.poll(() => field.inputValue(), {timeout: 20_000}).not.toBe('')
      await field.fill('Summary edited, then published.')
      await eventually(draftSummary('Summary edited, then published.'))
      await publish(pane, publishedSummary('Summary edited, then published.'))
      await field.fill('Summary edited after publishing, not yet reviewed.')
      await eventually(draftSummary('Summary edited after publishing, not yet reviewed.'))

      // Review changes: the diff since the last publish, with who made it.
      await h.page.getByRole('button', {name: 'Review changes'}).first().click()
      const review = h.page.locator('#review-panel')
      // The summary's diff since the published revision, inline: what was removed and added.
      await expect
        .poll(() => review.innerText(), {timeout: 60_000})
        .toMatch(/From\s+Published:[\s\S]*To\s+Edited:[\s\S]*Summary[\s\S]*not yet review/)
      expect(await review.innerText()).toMatch(/then/)
      await h.screenshot('30-review-changes-since-publish')

      // History: the edits, the publish and the draft's creations, newest first, each with who and when.
      await h.page.getByRole('tab', {name: 'History'}).click()
      const history = h.page.locator('#history-panel')
      const items = history.getByTestId('timeline-item-button')
      await expect.poll(() => items.count(), {timeout: 60_000}).toBeGreaterThanOrEqual(3)
      const timeline = await history.innerText()
      // Newest first: the edits after publishing, the draft they made, the publish, the first draft.
      const when = String.raw`\s+(?:just now|\d+ \w+\. ago)`
      const order = ['Edited', 'Draft created', 'Published', 'Draft created']
      expect(timeline).toMatch(new RegExp(order.map((event) => event + when).join('[\\s\\S]*')))
      // Each entry shows who made it: the lake's user, by name on the avatar.
      for (const item of await items.all()) {
        const author = await item.locator('[data-ui="Avatar"]').first().getAttribute('title')
        expect(author).toBe('Local Editor')
      }
      await h.screenshot('31-history-timeline')

      // Restore the published revision into the draft: the Studio shows that revision, and its
      // footer offers "Revert to revision" behind a confirmation.
      await items.filter({hasText: 'Published'}).first().click()
      const summaryAt = h.page.getByTestId('field-summary').locator('textarea')
      await expect
        .poll(() => summaryAt.inputValue(), {timeout: 60_000})
        .toBe('Summary edited, then published.')
      await h.screenshot('32-history-revision-selected')
      const revert = h.page.getByRole('button', {name: 'Revert to revision', exact: true})
      await expect.poll(() => revert.isEnabled(), {timeout: 60_000}).toBe(true)
      await revert.click()
      // The confirmation is a popover by the button, not a modal dialog.
      await h.page.getByRole('button', {name: 'Confirm', exact: true}).click({timeout: 30_000})
      // The lake has the restored value in the draft, and the editor sees it in the form again.
      await eventually(draftSummary('Summary edited, then published.'), 60_000)
      expect((await h.lake.client.getDocument(id))?.summary).toBe('Summary edited, then published.')
      await expect
        .poll(() => field.inputValue(), {timeout: 60_000})
        .toBe('Summary edited, then published.')
      await h.screenshot('33-history-restored')
    },
  )

  // A second browser boots the Studio with a cold cache: on a loaded machine that takes minutes.
  it(
    'shows two editors on one document each other’s avatar and the field they are in',
    {timeout: 600_000},
    async () => {
      // A document of its own, so no other test's dialog or draft is in the way.
      const source = await testBenefitSource()
      const id = 'benefit-presence-e2e'
      const type = String(source._type)
      await h.lake.client.createOrReplace({
        ...source,
        _id: id,
        title: 'Vitamin D status (presence test)',
        slug: {_type: 'slug', current: 'vitamin-d-status-presence-test'},
      })
      const second = await launchBrowser()
      const other = second.context.pages()[0] ?? (await second.context.newPage())
      other.on('pageerror', (error) => h.problems.push(`second editor: ${error.message}`))
      other.on('requestfailed', (request) => {
        if (request.failure()?.errorText !== 'net::ERR_ABORTED') {
          h.problems.push(
            `second editor: ${request.url().slice(0, 200)} ${request.failure()?.errorText}`,
          )
        }
      })
      // The other editor's avatar, named as the lake's user.
      const avatar = '[data-ui="Avatar"][title="Local Editor"]'
      const frames: string[] = []
      // What each page's presence socket receives, for a failing run's report.
      for (const [name, page] of [
        ['first editor', h.page],
        ['second editor', other],
      ] as const) {
        page.on('websocket', (socket) =>
          socket.on('framereceived', ({payload}) => {
            if (String(payload).includes('presence_subscription')) {
              frames.push(`${name} <- ${String(payload).slice(0, 300)}`)
            }
          }),
        )
      }
      try {
        await openDocumentIn(h.page, h.studio.url, type, id)
        // The second editor: its own browser profile, so its own presence session. Its first load
        // of the Studio has nothing cached.
        await openDocumentIn(other, h.studio.url, type, id, 240_000)
        // Both in the document, in no field yet: each sees the other in the document's presence
        // (rendered only while someone else is in it; one's own session is never shown).
        for (const page of [h.page, other]) {
          await page
            .getByTestId('document-level-presence')
            .locator(avatar)
            .first()
            .waitFor({timeout: 90_000})
        }
        // Each focuses a field: the other sees the avatar on that field, and only there.
        await other.getByTestId('field-summary').locator('textarea').click({timeout: 60_000})
        await h.page.getByTestId('field-title').locator('input').click({timeout: 60_000})
        await expect
          .poll(() => fieldsWithAvatar(h.page, avatar), {timeout: 90_000})
          .toEqual(['summary'])
        await expect
          .poll(() => fieldsWithAvatar(other, avatar), {timeout: 90_000})
          .toEqual(['title'])
        await h.screenshot('34-presence-first-editor')
        await other.screenshot({path: `${ARTIFACTS}/35-presence-second-editor.png`})

        // The second editor leaves: the first no longer sees anyone in the document.
        await second.close()
        await expect.poll(() => fieldsWithAvatar(h.page, avatar), {timeout: 90_000}).toEqual([])
        expect(await h.page.getByTestId('document-level-presence').count()).toBe(0)
      } catch (error) {
        h.problems.push(...frames.slice(-40))
        await other
          .screenshot({path: `${ARTIFACTS}/failed-presence-second-editor.png`, timeout: 30_000})
          .catch((screenshotError) => h.problems.push(`second editor: ${screenshotError}`))
        throw error
      } finally {
        await second.close().catch(() => undefined)
      }
    },
  )
})
