/** Who publishes the site: named in every page's JSON-LD, byline and the index page. */
export interface SiteOrganization {
  name: string
  url?: string
  /** Absolute URL of a logo image. */
  logo?: string
}

export interface SiteAuthor {
  /** schema.org type of the author: a person, or an organization such as an editorial team. */
  type?: 'Person' | 'Organization'
  name: string
  url?: string
}

export interface SiteConfig {
  /** Absolute base URL of the site, e.g. `https://example.com/`; pages live under it. */
  baseUrl: string
  /** The site's name, shown in the header and used as the publisher when none is given. */
  name: string
  /** The organization that publishes the pages (defaults to `{name}`). */
  publisher?: SiteOrganization
  /**
   * Who wrote the pages: the content model has no author field, so a site names one (a person or
   * its editorial team); defaults to the publisher.
   */
  author?: SiteAuthor
  /** BCP 47 language of the content (`en`). */
  language?: string
  /** Absolute URL of an image that represents the pages (e.g. a social card). */
  image?: string
}

/** A site configuration with its defaults filled in. */
export interface ResolvedSiteConfig {
  baseUrl: string
  name: string
  publisher: SiteOrganization
  author: SiteAuthor
  /** True when no author is configured: the publisher is the author. */
  authorIsPublisher: boolean
  language: string
  image?: string
}

/** Checks a site configuration and fills its defaults; throws a message naming the bad option. */
export function defineSiteConfig(config: SiteConfig): ResolvedSiteConfig {
  let base: URL
  try {
    base = new URL(config.baseUrl)
  } catch {
    throw new Error(
      `Site config: baseUrl must be an absolute http(s) URL, got "${config.baseUrl}".`,
    )
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(
      `Site config: baseUrl must be an absolute http(s) URL, got "${config.baseUrl}".`,
    )
  }
  if (!config.name?.trim()) throw new Error('Site config: name must be non-empty text.')
  const baseUrl = base.href.endsWith('/') ? base.href : `${base.href}/`
  const publisher = config.publisher ?? {name: config.name.trim(), url: baseUrl}
  return {
    baseUrl,
    name: config.name.trim(),
    publisher,
    author: config.author ?? {type: 'Organization', name: publisher.name, url: publisher.url},
    authorIsPublisher: !config.author,
    language: config.language ?? 'en',
    image: config.image,
  }
}

/** Where a supplement page lives: `<baseUrl>supplements/<slug>/`. */
export function supplementUrl(config: Pick<SiteConfig, 'baseUrl'>, slug: string): string {
  return new URL(`supplements/${encodeURIComponent(slug)}/`, config.baseUrl).href
}
