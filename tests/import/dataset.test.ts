import {execFile} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {supplementPageQuery, supplementsForAudienceQuery} from '../../schemas/queries/index.ts'
import {siteFetch} from '../../schemas/queries/options.ts'
import {importArticleFile, planImport} from '../../scripts/import/index.ts'
import {acquireLock} from '../../scripts/import/lock.ts'
import {markSupplementReviewed, readClosure} from '../../studio/lib/approval.ts'
import {CHANGED_SINCE_REVIEW} from '../../studio/lib/queries.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {fixture, SEED} from './helpers.ts'

const SUPPLEMENT = 'supplement-vitamin-d3-and-k2'
const BONES = 'benefit-vitamin-d3-and-k2-stronger-bones'
const HEART = 'benefit-vitamin-d3-and-k2-heart-health'
const RECORD = 'importRecord.vitamin-d3-and-k2'
const drafts = (id: string) => `drafts.${id}`
const ROOT = join(import.meta.dirname, '../..')
/** What the seed becomes, per type: the extraction stages decide, these tests check the flow. */
const SEED_PLAN = planImport(readFileSync(SEED, 'utf8'), {sourceFile: 'vitamin-d3-k2.txt'})
const planValue = (id: string, field: string) =>
  SEED_PLAN.documents.find((doc) => doc._id === id)?.[field] as string
const planned = (type: string) => SEED_PLAN.documents.filter((doc) => doc._type === type).length
const run = promisify(execFile)

describe('importing into a dataset: drafts until a medical reviewer approves', () => {
  let lake: TestLake
  const dir = mkdtempSync(join(tmpdir(), 'import-ds-'))
  // Validation is covered by its own test; skipping it here keeps this suite fast.
  const importFile = (path: string, extra: {force?: boolean; dryRun?: boolean} = {}) =>
    importArticleFile(path, {client: lake.client, skipValidation: true, ...extra})
  /** The seed, edited, under the seed's own file name (a new version of the same article). */
  const version = (edit: (text: string) => string, folder = 'v') => {
    mkdirSync(join(dir, folder), {recursive: true})
    const path = join(dir, folder, 'vitamin-d3-k2.txt')
    writeFileSync(path, edit(readFileSync(SEED, 'utf8')))
    return path
  }
  const publicPage = () =>
    lake.anonClient.fetch(
      supplementPageQuery,
      {...siteFetch().params, slug: 'vitamin-d3-and-k2'},
      siteFetch().options,
    )
  const changedSinceReview = () =>
    lake.client.fetch<string[]>(`*[${CHANGED_SINCE_REVIEW}]._id`, {}, {perspective: 'drafts'})
  /** The vitamin D limit (4,000 IU in the seed), found once: later tests change its amount. */
  let limitId: string | undefined
  const doseLimitWarning = async () =>
    (limitId ??= SEED_PLAN.documents.find(
      (doc) =>
        doc._type === 'supplementContent.warning' &&
        (doc.doseLimit as {amount?: number} | undefined)?.amount === 4000,
    )!._id)
  const approve = (reviewer = 'Dr. Jane Doe, MD') =>
    markSupplementReviewed(lake.client, SUPPLEMENT, {reviewer, date: '2025-06-01'})

  beforeAll(async () => {
    lake = await startTestLake()
  })
  afterAll(async () => {
    await lake?.close()
    rmSync(dir, {recursive: true, force: true})
  })

  it('writes nothing on bad input or in a dry run', async () => {
    await expect(importFile(fixture('malformed-citation.txt'))).rejects.toThrow(
      /:45: malformed citation/,
    )
    const dry = await importFile(SEED, {dryRun: true})
    expect(dry.mutationCount).toBeGreaterThan(50)
    expect(await lake.client.fetch('count(*)')).toBe(0)
  })

  it('lands as linked drafts in one transaction: anonymous readers and `published` see nothing', async () => {
    const result = await importFile(SEED)
    expect(result.counts).toMatchObject({
      'supplementContent.supplement': {created: 1},
      'supplementContent.benefit': {created: 3},
      'supplementContent.audience': {created: 4},
      'supplementContent.warning': {created: planned('supplementContent.warning')},
      'supplementContent.citation': {created: 47},
    })
    expect(result.transactionId).toBeTruthy()
    const drafted = await lake.client.fetch(
      `*[_id == $id][0]{name, "benefits": benefits[]->title, "warnings": count(warnings)}`,
      {id: SUPPLEMENT},
      {perspective: 'drafts'},
    )
    expect(drafted).toEqual({
      name: 'Vitamin D3 and K2',
      benefits: ['Stronger Bones', 'Heart Health', 'Calcium efficiency'],
      warnings: planned('supplementContent.warning'),
    })
    // Nothing but drafts and the importer's private record: nothing public at all.
    expect(
      await lake.client.fetch(
        'count(*[!string::startsWith(_id, "drafts.")])',
        {},
        {perspective: 'raw'},
      ),
    ).toBe(1)
    expect(await lake.anonClient.fetch('count(*)')).toBe(0)
    expect(await lake.client.fetch('count(*)', {}, {perspective: 'published'})).toBe(1)
    expect(
      await lake.client.fetch(
        '*[_type != "supplementContent.importRecord"]',
        {},
        {perspective: 'published'},
      ),
    ).toEqual([])
    expect(await publicPage()).toBeNull()
    const audience = await lake.anonClient.fetch(
      supplementsForAudienceQuery,
      {
        ...siteFetch().params,
        audience: 'vitamin-d3-and-k2-postmenopausal-women-concerned-about-osteoporosis',
      },
      siteFetch().options,
    )
    expect(audience).toBeNull()
    // Draft references to draft-only documents are weak until published, as the Studio writes them.
    const draft = await lake.client.getDocument(drafts(SUPPLEMENT))
    expect(draft?.benefits[0]).toMatchObject({
      _ref: BONES,
      _weak: true,
      _strengthenOnPublish: {type: 'supplementContent.benefit'},
    })
    expect(await lake.anonClient.fetch('count(*[_type == "supplementContent.importRecord"])')).toBe(
      0,
    )
  })

  it('sends 0 mutations when the article is unchanged, also from another folder', async () => {
    const again = await importFile(SEED)
    expect(again.mutationCount).toBe(0)
    expect(again.counts['supplementContent.citation']).toEqual({
      created: 0,
      updated: 0,
      unchanged: 47,
    })
    const elsewhere = join(dir, 'elsewhere')
    mkdirSync(elsewhere)
    copyFileSync(SEED, join(elsewhere, 'vitamin-d3-k2.txt'))
    // The CLI, run from two other working directories, against this lake.
    for (const cwd of [elsewhere, tmpdir()]) {
      const {stdout} = await run(
        process.execPath,
        [join(ROOT, 'scripts/import/cli.ts'), join(elsewhere, 'vitamin-d3-k2.txt')],
        {
          cwd,
          env: {
            ...process.env,
            SANITY_API_HOST: lake.lake.url,
            SANITY_API_TOKEN: lake.lake.token,
            SANITY_PROJECT_ID: '',
          },
        },
      )
      expect(stdout).toMatch(/0 mutation\(s\) sent/)
    }
  }, 240_000)

  it('"Mark reviewed" publishes the supplement and everything it links in one transaction, strong', async () => {
    const approval = await approve()
    expect(approval.published).toContain(BONES)
    const published = await lake.client.fetch<Array<{_id: string; _rev: string}>>(
      '*[_type in ["supplementContent.supplement", "supplementContent.benefit", "supplementContent.audience", "supplementContent.warning", "supplementContent.citation"]]{_id, _rev}',
      {},
      {perspective: 'published'},
    )
    expect(published).toHaveLength(SEED_PLAN.documents.length)
    expect(new Set(published.map((doc) => doc._rev))).toEqual(new Set([approval.transactionId]))
    expect(
      await lake.client.fetch(
        'count(*[string::startsWith(_id, "drafts.")])',
        {},
        {perspective: 'raw'},
      ),
    ).toBe(0)
    const supplement = await lake.client.getDocument(SUPPLEMENT)
    expect(supplement?.benefits[0]).toEqual({
      _type: 'reference',
      _key: expect.any(String),
      _ref: BONES,
    })
    expect(supplement?.review).toMatchObject({
      status: 'reviewed',
      reviewer: 'Dr. Jane Doe, MD',
      revision: approval.transactionId,
    })
    // Strong now: the lake refuses to delete a benefit the published supplement shows.
    await expect(lake.client.delete(BONES)).rejects.toThrow(/references/)

    const page = await publicPage()
    expect(page?.benefits.map((b) => b.title)).toEqual([
      'Stronger Bones',
      'Heart Health',
      'Calcium efficiency',
    ])
    expect(page?.warnings).toHaveLength(planned('supplementContent.warning'))
    expect(await changedSinceReview()).toEqual([])
  })

  it('an edit published after the review never reaches readers, and shows as changed, until re-approved', async () => {
    // An editor edits the benefit in a draft: readers keep the reviewed page; editors see the change.
    await lake.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: drafts(HEART),
      publishedId: HEART,
      patch: {set: {summary: 'EDITED AFTER REVIEW: cures everything.'}},
    })
    expect(await changedSinceReview()).toEqual([SUPPLEMENT])
    expect(JSON.stringify(await publicPage())).not.toContain('EDITED AFTER REVIEW')
    // Published past the reviewer (Studio's plain Publish, or the API): the page leaves the site.
    await lake.client.action({
      actionType: 'sanity.action.document.publish',
      draftId: drafts(HEART),
      publishedId: HEART,
    })
    expect(
      await lake.client.fetch('*[_id == $id][0].summary', {id: HEART}, {perspective: 'published'}),
    ).toMatch(/EDITED/)
    expect(await publicPage()).toBeNull()
    expect(await changedSinceReview()).toEqual([SUPPLEMENT])
    // So does a supplement published without a review.
    await approve()
    expect((await publicPage())?.benefits.find((b) => b._id === HEART)?.summary).toMatch(/EDITED/)
    await lake.client.action([
      {
        actionType: 'sanity.action.document.edit',
        draftId: drafts(SUPPLEMENT),
        publishedId: SUPPLEMENT,
        patch: {set: {summary: 'Unreviewed summary.'}},
      },
      {
        actionType: 'sanity.action.document.publish',
        draftId: drafts(SUPPLEMENT),
        publishedId: SUPPLEMENT,
      },
    ])
    expect(await publicPage()).toBeNull()
    expect(await changedSinceReview()).toEqual([SUPPLEMENT])
    // Put the article's values back and approve, for the next tests.
    await lake.client.action([
      {
        actionType: 'sanity.action.document.edit',
        draftId: drafts(SUPPLEMENT),
        publishedId: SUPPLEMENT,
        patch: {set: {summary: planValue(SUPPLEMENT, 'summary')}},
      },
      {
        actionType: 'sanity.action.document.edit',
        draftId: drafts(HEART),
        publishedId: HEART,
        patch: {set: {summary: planValue(HEART, 'summary')}},
      },
    ])
    await approve()
    expect(await publicPage()).not.toBeNull()
  })

  it('publishes exactly what the reviewer was shown: an edit made meanwhile fails the approval', async () => {
    await lake.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: drafts(BONES),
      publishedId: BONES,
      patch: {set: {summary: 'Seen by the reviewer.'}},
    })
    const shown = await readClosure(lake.client, SUPPLEMENT)
    await lake.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: drafts(BONES),
      publishedId: BONES,
      patch: {set: {summary: 'Changed after the reviewer looked.'}},
    })
    await expect(
      markSupplementReviewed(
        lake.client,
        SUPPLEMENT,
        {reviewer: 'Dr. Jane Doe, MD', date: '2025-06-01'},
        shown,
      ),
    ).rejects.toThrow(/revision/i)
    expect(JSON.stringify(await publicPage())).not.toContain('Changed after the reviewer')
    await lake.client.action({actionType: 'sanity.action.document.discard', draftId: drafts(BONES)})
  })

  it("merges a re-import into an editor's open draft: the article's new limit and the editor's correction both land there", async () => {
    const warning = await doseLimitWarning()
    // The editor corrects who the limit is for, in a draft (not yet reviewed).
    await lake.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: drafts(warning),
      publishedId: warning,
      patch: {set: {'doseLimit.population': 'adults'}},
    })
    const lowered = version((text) =>
      text.replace('Vitamin D is 4,000 IU per day', 'Vitamin D is 2,000 IU per day'),
    )
    const result = await importFile(lowered)
    expect(result.conflicts).toEqual([])
    expect(result.counts['supplementContent.warning']).toMatchObject({updated: 1})
    const draft = await lake.client.getDocument(drafts(warning))
    expect(draft?.doseLimit).toMatchObject({amount: 2000, population: 'adults'})
    expect(draft?.text).toMatch(/2,000 IU/)
    // The published warning is untouched: readers keep what was reviewed (4,000) until approval.
    expect((await lake.client.getDocument(warning))?.doseLimit).toMatchObject({amount: 4000})
    expect(JSON.stringify(await publicPage())).toContain('4,000 IU')
    expect(await changedSinceReview()).toEqual([SUPPLEMENT])
    await approve()
    const page = await publicPage()
    expect(page?.warnings.find((w) => w.kind === 'doseLimit')?.doseLimit).toMatchObject({
      amount: 2000,
      population: 'adults',
    })
  })

  it('keeps a warning (and its editor corrections) when the article rewords it, and links new items into an edited list', async () => {
    const warning = await doseLimitWarning()
    const interaction = await lake.client.fetch<string>(
      '*[_type == "supplementContent.warning" && kind == "drugInteraction"][0]._id',
    )
    // An editor unlinks the interaction warning from the supplement and corrects the limit's severity.
    await lake.client.action([
      {
        actionType: 'sanity.action.document.edit',
        draftId: drafts(SUPPLEMENT),
        publishedId: SUPPLEMENT,
        patch: {unset: [`warnings[_ref == "${interaction}"]`]},
      },
      {
        actionType: 'sanity.action.document.edit',
        draftId: drafts(warning),
        publishedId: warning,
        patch: {set: {severity: 'serious'}},
      },
    ])
    // The article rewords the limit ("Vitamin D3" instead of "Vitamin D": a new id on its own)
    // and adds a side effect.
    const reworded = version((text) =>
      text
        .replace('Vitamin D is 4,000 IU per day', 'Vitamin D3 is 2,000 IU per day')
        .replace(
          'However, there is one crucial consideration:',
          'Some people notice mild nausea or an upset stomach when they start taking vitamin D3. However, there is one crucial consideration:',
        ),
    )
    // Planned without the previous import, the reworded limit would be a new document.
    const {planImport} = await import('../../scripts/import/plan.ts')
    const fresh = planImport(readFileSync(reworded, 'utf8'), {sourceFile: 'vitamin-d3-k2.txt'})
    expect(fresh.documents.map((doc) => doc._id)).not.toContain(warning)
    const result = await importFile(reworded)
    expect(result.conflicts).toEqual([])
    const list = await lake.client.fetch<Array<{_id: string; kind: string; title: string}>>(
      '*[_id == $id][0].warnings[]->{_id, kind, title}',
      {id: SUPPLEMENT},
      {perspective: 'drafts'},
    )
    const ids = list.map((w) => w._id)
    // Same document for the reworded limit, the editor's severity kept; the unlinked one stays unlinked.
    expect(ids).toContain(warning)
    expect(list.find((w) => w._id === warning)?.title).toMatch(/Vitamin D3/)
    expect((await lake.client.getDocument(drafts(warning)))?.severity).toBe('serious')
    expect(ids).not.toContain(interaction)
    // The new warning is linked even though the editor changed the list.
    expect(list.length).toBeGreaterThanOrEqual(2)
    const created = ids.filter((id) => id !== warning)
    expect(created.length).toBeGreaterThan(0)
    expect(
      await lake.client.fetch(
        'count(*[_type == "supplementContent.warning" && kind == "doseLimit"])',
        {},
        {perspective: 'drafts'},
      ),
    ).toBe(1)
    expect(result.stale).toEqual([])
    await approve()
  })

  it('reports a conflict (exit 3) and --force discards exactly the listed editor values, saying which', async () => {
    const warning = await doseLimitWarning()
    // The editor changes the limit and (separately) the population; the article changes the limit.
    await lake.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: drafts(warning),
      publishedId: warning,
      patch: {set: {text: 'Editor: the upper limit is 1,000 IU per day.'}},
    })
    await lake.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: drafts(BONES),
      publishedId: BONES,
      patch: {set: {summary: 'Editor summary.'}},
    })
    const changed = version(
      (text) =>
        text
          .replace('Vitamin D is 4,000 IU per day', 'Vitamin D3 is 1,500 IU per day')
          .replace(
            'However, there is one crucial consideration:',
            'Some people notice mild nausea or an upset stomach when they start taking vitamin D3. However, there is one crucial consideration:',
          ),
      'force',
    )
    const env = {
      ...process.env,
      SANITY_API_HOST: lake.lake.url,
      SANITY_API_TOKEN: lake.lake.token,
      SANITY_PROJECT_ID: '',
    }
    const cli = (...args: string[]) =>
      run(process.execPath, [join(ROOT, 'scripts/import/cli.ts'), changed, ...args], {env}).then(
        (r) => ({code: 0, stdout: r.stdout}),
        (e: {code: number; stdout: string}) => ({code: e.code, stdout: e.stdout}),
      )
    const plain = await cli()
    expect(plain.code).toBe(3)
    expect(plain.stdout).toMatch(
      new RegExp(`conflict: ${warning} text: .*Editor: the upper limit is 1,000 IU`),
    )
    expect(plain.stdout).toMatch(/--force/)
    expect(plain.stdout).not.toMatch(/conflict: .*summary/)
    const draft = await lake.client.getDocument(drafts(warning))
    expect(draft?.text).toBe('Editor: the upper limit is 1,000 IU per day.')
    // The field only the article changed did land in the same draft.
    expect(draft?.doseLimit).toMatchObject({amount: 1500, population: 'adults'})

    const forced = await cli('--force')
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(
      new RegExp(
        `--force discarded the editor's ${warning} text: "Editor: the upper limit is 1,000 IU per day."`,
      ),
    )
    const after = await lake.client.getDocument(drafts(warning))
    expect(after?.text).toMatch(/1,500 IU/)
    // Only the listed conflict: the editor's population and severity and the benefit summary stay.
    const listed = [...plain.stdout.matchAll(/conflict: (\S+ \S+):/g)].map((m) => m[1])
    const discarded = [...forced.stdout.matchAll(/discarded the editor's (\S+ \S+):/g)].map(
      (m) => m[1],
    )
    expect(discarded).toEqual(listed)
    expect(after?.doseLimit).toMatchObject({population: 'adults'})
    expect(after?.severity).toBe('serious')
    expect((await lake.client.getDocument(drafts(BONES)))?.summary).toBe('Editor summary.')
    expect((await cli()).code).toBe(0)
  }, 240_000)

  it("refuses an article whose ids would overwrite another article's supplement", async () => {
    const other = join(dir, 'another-article.txt')
    writeFileSync(other, readFileSync(SEED, 'utf8').replace('For years', 'For decades'))
    const before = await lake.client.fetch('*[_id == $id][0]._rev', {id: drafts(SUPPLEMENT)})
    await expect(importFile(other)).rejects.toThrow(
      /belongs to another article \(vitamin-d3-k2\.txt\)/,
    )
    expect(await lake.client.fetch('*[_id == $id][0]._rev', {id: drafts(SUPPLEMENT)})).toBe(before)
  })

  it('waits for, or refuses, a second import while a live one holds the lock; a dead holder does not block', async () => {
    const changed = version((text) => text.replace('Stronger Bones:', 'Strong Bones:'), 'locked')
    const held = await acquireLock(lake.client, RECORD, 'other')
    await expect(
      importArticleFile(changed, {client: lake.client, skipValidation: true, lockWaitMs: 300}),
    ).rejects.toThrow(/another import of this article is running/)
    // A lock left by a process of this machine that has exited is taken over at once.
    await lake.client
      .patch(RECORD)
      .ifRevisionId(held.rev)
      .set({'lock.holder': `${hostname()}:999999`})
      .commit()
    const result = await importArticleFile(changed, {
      client: lake.client,
      skipValidation: true,
      lockWaitMs: 0,
    })
    expect(result.mutationCount).toBeGreaterThan(0)
    expect((await lake.client.getDocument(RECORD))?.lock).toBeUndefined()
  })
})

describe('two imports of the same article at once', () => {
  it('lands one whole; the other waits and finds nothing to do: no empty transaction, no lock left', async () => {
    const lake = await startTestLake()
    try {
      const results = await Promise.allSettled(
        [0, 1].map(() => importArticleFile(SEED, {client: lake.client, skipValidation: true})),
      )
      for (const failure of results.filter((r) => r.status === 'rejected')) {
        expect(String((failure as PromiseRejectedResult).reason)).toMatch(
          /another import of this article is running|changed while importing/,
        )
      }
      const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      expect(done.filter((r) => r.mutationCount > 0)).toHaveLength(1)
      for (const r of done.filter((r) => r.mutationCount === 0))
        expect(r.transactionId).toBeUndefined()
      expect(
        await lake.client.fetch(
          'count(*[_type == "supplementContent.citation"])',
          {},
          {perspective: 'drafts'},
        ),
      ).toBe(47)
      expect((await lake.client.getDocument(RECORD))?.lock).toBeUndefined()
      const again = await importArticleFile(SEED, {
        client: lake.client,
        skipValidation: true,
        lockWaitMs: 0,
      })
      expect(again.mutationCount).toBe(0)
    } finally {
      await lake.close()
    }
  })
})
