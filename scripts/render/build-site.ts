import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {SanityClient} from '@sanity/client'
import {stegaClean} from '@sanity/client/stega'

import {siteFetch} from '../../schemas/queries/options.ts'
import {supplementListQuery, supplementPageQuery} from '../../schemas/queries/index.ts'
import {type ResolvedSiteConfig, supplementUrl} from '../../site/config.ts'
import {pageDateModified} from '../../site/jsonld.ts'
import {renderSupplementPage} from './page.ts'
import {renderIndexPage, renderSitemap} from './site-pages.ts'

export interface BuiltSite {
  /** Files written, relative to the output folder. */
  files: string[]
  pages: Array<{slug: string; url: string; file: string}>
}

/**
 * Writes the public site: one page per published, medically reviewed supplement
 * (`supplements/<slug>/index.html`), an index page and `sitemap.xml`. Reads with perspective
 * `published` and `$preview == false`, one query per page.
 */
export async function buildSite(
  client: SanityClient,
  site: ResolvedSiteConfig,
  outDir: string,
): Promise<BuiltSite> {
  const {params, options} = siteFetch({preview: false})
  const cards = await client.fetch(supplementListQuery, params, options)
  const built: BuiltSite = {files: [], pages: []}
  const sitemap: Array<{url: string; lastModified?: string}> = [{url: site.baseUrl}]
  const write = (file: string, content: string) => {
    mkdirSync(join(outDir, file, '..'), {recursive: true})
    writeFileSync(join(outDir, file), content)
    built.files.push(file)
  }
  const listed: typeof cards = []
  for (const card of cards) {
    const slug = stegaClean(card.slug)
    const page = await client.fetch(supplementPageQuery, {...params, slug}, options)
    // Listed a moment ago but gone or unreviewed since: it is not published, so no page.
    if (!page || stegaClean(page.review.status) !== 'reviewed') continue
    const file = `supplements/${slug}/index.html`
    const url = supplementUrl(site, slug)
    write(file, renderSupplementPage(page, {site, url}))
    built.pages.push({slug, url, file})
    sitemap.push({url, lastModified: pageDateModified(stegaClean(page))})
    listed.push(card)
  }
  write('index.html', renderIndexPage(listed, site))
  write('sitemap.xml', renderSitemap(sitemap))
  return built
}
