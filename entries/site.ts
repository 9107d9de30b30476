/**
 * What a website built on this content model imports: the typed GROQ queries, the fetch options for
 * public and preview reads, the generated result and document types, and the controlled
 * vocabularies (titles for stored values). No Studio code: safe for any server or browser bundle.
 */
export * from '../schemas/queries/index.ts'
export {siteFetch, type SiteMode} from '../schemas/queries/options.ts'
export type * from '../schemas/sanity.types.ts'
export * from '../schemas/lib/vocabularies.ts'
