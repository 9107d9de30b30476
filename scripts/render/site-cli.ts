/**
 * Builds the static public site from the content lake (or hosted Sanity, by env):
 *
 *   npm run site -- --out <dir> [--base-url https://example.com/] [--name "Site name"]
 *                   [--publisher "Publisher"] [--author "Author"]
 *
 * Every published, medically reviewed supplement gets `supplements/<slug>/index.html`; the
 * folder also gets `index.html` and `sitemap.xml`. SITE_URL, SITE_NAME, SITE_PUBLISHER and
 * SITE_AUTHOR set the same options from the environment.
 */
import {resolve} from 'node:path'
import {parseArgs} from 'node:util'

import {defineSiteConfig} from '../../site/config.ts'
import {clientFromEnv} from '../lib/env.ts'
import {buildSite} from './build-site.ts'

const USAGE =
  'Usage: npm run site -- --out <dir> [--base-url <url>] [--name <site name>] [--publisher <name>] [--author <name>]'
const LOCAL_BASE_URL = 'http://localhost:8080/'

async function main(): Promise<number> {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      out: {type: 'string', short: 'o'},
      'base-url': {type: 'string'},
      name: {type: 'string'},
      publisher: {type: 'string'},
      author: {type: 'string'},
      help: {type: 'boolean', short: 'h'},
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (!values.out || positionals.length > 0) {
    console.error(USAGE)
    return 2
  }
  const baseUrl = values['base-url'] ?? process.env.SITE_URL
  if (!baseUrl) {
    console.error(
      `No --base-url or SITE_URL: links, sitemap and JSON-LD use ${LOCAL_BASE_URL}; ` +
        'pass the public address before publishing.',
    )
  }
  const name = values.name ?? process.env.SITE_NAME ?? 'Supplement guide'
  const publisher = values.publisher ?? process.env.SITE_PUBLISHER
  const author = values.author ?? process.env.SITE_AUTHOR
  const site = defineSiteConfig({
    baseUrl: baseUrl ?? LOCAL_BASE_URL,
    name,
    publisher: publisher ? {name: publisher} : undefined,
    author: author ? {name: author} : undefined,
  })
  const out = resolve(values.out)
  const built = await buildSite(clientFromEnv(), site, out)
  console.error(
    `Wrote ${built.pages.length} supplement page${built.pages.length === 1 ? '' : 's'}, ` +
      `index.html and sitemap.xml to ${out}`,
  )
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
