/**
 * The seed article as a reader sees it: imported into a lake, worked on by an editor, built into
 * the static site, opened in Chromium on a desktop and a phone. Screenshots are kept in
 * tests/artifacts/site/ (git-ignored).
 */
import {mkdirSync, readFileSync, rmSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

import {type Browser, chromium, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {buildSite} from '../../scripts/render/build-site.ts'
import {defineSiteConfig} from '../../site/index.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {CHROMIUM, CHROMIUM_ARGS} from '../studio/harness.ts'
import {confirmAndReview, importArticle, SEED, SEED_ANNOTATION} from './seed-page.ts'

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts/site')
const OUT = join(ARTIFACTS, 'build')
const AXE = readFileSync(
  resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'),
  'utf8',
)

const site = defineSiteConfig({
  baseUrl: 'https://supplements.example/',
  name: 'Supplement Guide',
  publisher: {name: 'Example Health Media', url: 'https://supplements.example/'},
})

let t: TestLake
let browser: Browser
let pageFile: string

beforeAll(async () => {
  t = await startTestLake()
  const article = await importArticle(t.client, SEED)
  await confirmAndReview(t.client, article, SEED_ANNOTATION)
  rmSync(OUT, {recursive: true, force: true})
  mkdirSync(OUT, {recursive: true})
  const built = await buildSite(t.client, site, OUT)
  pageFile = join(OUT, built.pages[0].file)
  browser = await chromium.launch({executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS})
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function open(viewport: {width: number; height: number}): Promise<Page> {
  const page = await browser.newPage({viewport})
  await page.goto(pathToFileURL(pageFile).href)
  return page
}

interface AxeResults {
  violations: Array<{id: string; nodes: unknown[]}>
}

/** axe-core's violations for the given rule tags, as "rule-id (nodes)". */
async function axe(page: Page, tags: string[]): Promise<string[]> {
  await page.addScriptTag({content: AXE})
  return page.evaluate(async (runOnly) => {
    const {axe} = window as unknown as {
      axe: {run: (context: unknown, options: unknown) => Promise<AxeResults>}
    }
    const results = await axe.run(document, {runOnly: {type: 'tag', values: runOnly}})
    return results.violations.map((v) => `${v.id} (${v.nodes.length})`)
  }, tags)
}

describe('the seed page in Chromium', () => {
  it('has no axe violations (WCAG 2.2 AA and best practices) on desktop and phone', async () => {
    for (const viewport of [
      {width: 1280, height: 900},
      {width: 390, height: 844},
    ]) {
      const page = await open(viewport)
      expect(
        await axe(page, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']),
      ).toEqual([])
      await page.close()
    }
  })

  it('has axe find what it should: the same page without its main landmark fails', async () => {
    const page = await open({width: 1280, height: 900})
    await page.evaluate(() =>
      document.querySelector('main')!.replaceWith(...document.querySelector('main')!.childNodes),
    )
    const violations = await axe(page, ['best-practice'])
    expect(violations.map((v) => v.replace(/ \(\d+\)$/, ''))).toEqual(
      expect.arrayContaining(['landmark-one-main', 'region']),
    )
    await page.close()
  })

  it('has an index page with no axe violations', async () => {
    const page = await browser.newPage({viewport: {width: 390, height: 844}})
    await page.goto(pathToFileURL(join(OUT, 'index.html')).href)
    expect(
      await axe(page, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']),
    ).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({path: join(ARTIFACTS, 'index-mobile.png'), fullPage: true})
    await page.close()
  })

  it('does not scroll sideways at 390 px, long URLs included, and keeps a readable measure', async () => {
    const page = await open({width: 390, height: 844})
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      widest: Math.max(
        ...[...document.querySelectorAll('main *')].map((e) => e.getBoundingClientRect().right),
      ),
    }))
    expect(widths.scroll).toBeLessThanOrEqual(widths.client)
    expect(widths.widest).toBeLessThanOrEqual(390)
    await page.screenshot({path: join(ARTIFACTS, 'seed-mobile.png'), fullPage: true})
    await page.screenshot({path: join(ARTIFACTS, 'seed-mobile-top.png')})
    await page.close()

    const desktop = await open({width: 1280, height: 900})
    const measure = await desktop.evaluate(() => {
      const p = document.querySelector('.article-body p')!
      const style = getComputedStyle(p)
      const chars = p.getBoundingClientRect().width / (parseFloat(style.fontSize) * 0.5)
      return {chars, font: style.fontFamily}
    })
    // About 45 to 90 characters a line, in a sans-serif system font rather than the browser default.
    expect(measure.chars).toBeGreaterThan(45)
    expect(measure.chars).toBeLessThan(90)
    expect(measure.font).toMatch(/system-ui/)
    expect(await desktop.locator('main').count()).toBe(1)
    await desktop.screenshot({path: join(ARTIFACTS, 'seed-desktop.png'), fullPage: true})
    await desktop.screenshot({path: join(ARTIFACTS, 'seed-desktop-top.png')})
    await desktop.close()
  })

  it('moves to the works-cited entry when a citation marker is clicked', async () => {
    const page = await open({width: 1280, height: 900})
    const marker = page.locator('.article-body sup.citation-ref a').first()
    const href = await marker.getAttribute('href')
    await marker.click()
    expect(await page.evaluate(() => window.location.hash)).toBe(href)
    await expect.poll(() => page.locator(`${href}`).isVisible()).toBe(true)
    await page.screenshot({path: join(ARTIFACTS, 'seed-citation-target.png')})
    await page.close()
  })
})
