import {stegaClean} from '@sanity/client/stega'

import type {SupplementListQueryResult} from '../../schemas/sanity.types.ts'
import {type ResolvedSiteConfig, supplementUrl} from '../../site/config.ts'
import {escapeHtml, formatDate, jsonForScript, safeHref} from './html.ts'
import {PAGE_STYLES} from './styles.ts'

/** The index page: every supplement on the site, by name, linking to its page. */
export function renderIndexPage(
  supplements: SupplementListQueryResult,
  site: ResolvedSiteConfig,
): string {
  const cards = supplements.map((card) => {
    const clean = stegaClean(card)
    const reviewed = formatDate(clean.lastReviewed)
    return (
      '<li>\n' +
      `<h2><a href="${safeHref(supplementUrl(site, clean.slug))}">${escapeHtml(card.name)}</a></h2>\n` +
      (card.headline ? `<p>${escapeHtml(card.headline)}</p>\n` : '') +
      (reviewed && clean.lastReviewed
        ? `<p class="review">Medically reviewed on <time datetime="${escapeHtml(clean.lastReviewed.slice(0, 10))}">${escapeHtml(reviewed)}</time>.</p>\n`
        : '') +
      '</li>'
    )
  })
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    '@id': `${site.baseUrl}#website`,
    name: site.name,
    url: site.baseUrl,
    inLanguage: site.language,
    publisher: {
      '@type': 'Organization',
      '@id': `${site.baseUrl}#publisher`,
      name: site.publisher.name,
    },
  }
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(site.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(site.name)}</title>`,
    `<link rel="canonical" href="${safeHref(site.baseUrl)}">`,
    `<style>\n${PAGE_STYLES}\n</style>`,
    `<script type="application/ld+json">\n${jsonForScript(jsonLd)}\n</script>`,
    '</head>',
    '<body>',
    `<header class="site-header"><a href="${safeHref(site.baseUrl)}">${escapeHtml(site.name)}</a></header>`,
    '<main id="main">',
    `<h1>Supplements</h1>`,
    supplements.length > 0
      ? `<ul class="cards">\n${cards.join('\n')}\n</ul>`
      : '<p>No supplement has been published yet.</p>',
    '</main>',
    `<footer class="site-footer"><p>Published by ${escapeHtml(site.publisher.name)}.</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** sitemap.xml (sitemaps.org 0.9): the index page and every supplement page with its last change. */
export function renderSitemap(pages: Array<{url: string; lastModified?: string}>): string {
  const entries = pages.map(
    ({url, lastModified}) =>
      `  <url>\n    <loc>${escapeXml(url)}</loc>\n` +
      (lastModified ? `    <lastmod>${escapeXml(lastModified)}</lastmod>\n` : '') +
      '  </url>',
  )
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    `${entries.join('\n')}\n</urlset>\n`
  )
}

function escapeXml(value: string): string {
  return escapeHtml(stegaClean(value))
}
