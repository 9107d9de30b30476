import type {ClientPerspective} from '@sanity/client'

/** How a site reads: public (published, reviewed only) or an editor's preview. */
export interface SiteMode {
  preview?: boolean
}

/**
 * The perspective and the `$preview` param that go together for a mode. Spread `params` into a
 * query's params and pass `perspective` to `client.fetch`'s options:
 *
 *   const {params, options} = siteFetch({preview})
 *   client.fetch(supplementPageQuery, {...params, slug}, options)
 */
export function siteFetch({preview = false}: SiteMode = {}): {
  params: {preview: boolean}
  options: {perspective: ClientPerspective; useCdn?: boolean}
} {
  return {
    params: {preview},
    options: preview ? {perspective: 'drafts', useCdn: false} : {perspective: 'published'},
  }
}
