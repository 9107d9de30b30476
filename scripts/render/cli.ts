/**
 * Renders one supplement page to static HTML from the content lake (or hosted Sanity, by env).
 *
 *   npm run render -- <slug> [--out file.html] [--preview] [--url https://example.com/x]
 *                    [--base-url https://example.com/] [--name "Site name"]
 *
 * Without --preview only a published, medically reviewed supplement is found. With --base-url
 * (or SITE_URL) the page gets the site's header, byline, canonical address and publisher, as
 * `npm run site` writes it.
 */
import {writeFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {siteFetch} from '../../schemas/queries/options.ts'
import {supplementPageQuery} from '../../schemas/queries/index.ts'
import {defineSiteConfig} from '../../site/config.ts'
import {clientFromEnv} from '../lib/env.ts'
import {renderSupplementPage} from './page.ts'

const USAGE =
  'Usage: npm run render -- <slug> [--out file.html] [--preview] [--url <page url>] [--base-url <site url>] [--name <site name>]'

async function main(): Promise<number> {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      out: {type: 'string', short: 'o'},
      preview: {type: 'boolean', default: false},
      url: {type: 'string'},
      'base-url': {type: 'string'},
      name: {type: 'string'},
      help: {type: 'boolean', short: 'h'},
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const slug = positionals[0]
  if (!slug || positionals.length > 1) {
    console.error(USAGE)
    return 2
  }
  const {params, options} = siteFetch({preview: values.preview})
  const page = await clientFromEnv().fetch(supplementPageQuery, {...params, slug}, options)
  if (!page) {
    console.error(
      values.preview
        ? `No supplement has the slug "${slug}".`
        : `No published, medically reviewed supplement has the slug "${slug}". ` +
            'Use --preview to render content that is not reviewed yet.',
    )
    return 1
  }
  const baseUrl = values['base-url'] ?? process.env.SITE_URL
  const site = baseUrl
    ? defineSiteConfig({baseUrl, name: values.name ?? process.env.SITE_NAME ?? 'Supplement guide'})
    : undefined
  const html = renderSupplementPage(page, {url: values.url, site})
  if (values.out) {
    writeFileSync(values.out, html)
    console.error(`Wrote ${values.out} (${page.citations.length} citations)`)
  } else {
    process.stdout.write(html)
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
