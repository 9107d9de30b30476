/**
 * What a website built on this content model imports, from one entry: the typed GROQ queries and
 * their generated result types, the fetch options for public and preview reads, the controlled
 * vocabularies, Portable Text components for `@portabletext/react` and `@portabletext/to-html`
 * (citation markers linked to the works cited), the page plan that prints each fact once, and
 * schema.org JSON-LD. Every helper cleans stega (visual editing) markers before it compares a
 * value or puts one into JSON-LD.
 */
export {
  benefitsByHealthAreaQuery,
  citationsBySourceTypeQuery,
  supplementListQuery,
  supplementPageQuery,
  supplementSlugsQuery,
  supplementsForAudienceQuery,
  warningsBySubstanceQuery,
} from '../schemas/queries/index.ts'
export {siteFetch, type SiteMode} from '../schemas/queries/options.ts'
export type {
  BenefitsByHealthAreaQueryResult,
  CitationsBySourceTypeQueryResult,
  SupplementListQueryResult,
  SupplementPageQueryResult,
  SupplementSlugsQueryResult,
  SupplementsForAudienceQueryResult,
  WarningsBySubstanceQueryResult,
} from '../schemas/sanity.types.ts'
export * from '../schemas/lib/vocabularies.ts'
export type {
  PageAudience,
  PageBenefit,
  PageBlock,
  PageCitation,
  PageWarning,
  SupplementPage,
} from './types.ts'

export {
  type ArticleBlock,
  type ArticlePlan,
  type BlockDecoration,
  matchText,
  narrativeBlocks,
  planArticle,
} from './article.ts'
export {
  citationNumbering,
  citationNumbersFor,
  citationPublisher,
  type CitationLike,
  type Publisher,
} from './citations.ts'
export {
  defineSiteConfig,
  type ResolvedSiteConfig,
  type SiteConfig,
  type SiteOrganization,
  type SiteAuthor,
  supplementUrl,
} from './config.ts'
export {type JsonLdOptions, pageDateModified, supplementJsonLd} from './jsonld.ts'
export {
  citationAnchor,
  citationHtmlComponents,
  citationMarkersHtml,
  type CitationComponentOptions,
  type CitationReferenceMark,
  isSeparatorBlock,
  normalBlockHtml,
} from './portable-text/html.ts'
export {CitationMarkers, citationReactComponents} from './portable-text/react.tsx'
export {stegaClean} from '@sanity/client/stega'
