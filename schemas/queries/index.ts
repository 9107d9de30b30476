/**
 * Typed GROQ queries for websites that publish this content model.
 *
 * Every query takes `$preview`: pass `false` on a public site, so only supplements exactly as a
 * medical reviewer approved them (and what they link to) are returned; pass `true` in an editor
 * preview.
 * Fetch with perspective `published` on a public site (drafts never leak) and `drafts` in preview;
 * `siteFetch()` in `./options.ts` returns both for a mode. Result types are generated into
 * `schemas/sanity.types.ts` by `npm run typegen` (e.g. `SupplementPageQueryResult`), and with
 * `overloadClientMethods` `client.fetch(supplementPageQuery, ...)` is typed without annotations.
 */
import {defineQuery} from 'groq'

import {
  audienceFields,
  benefitFields,
  citationFields,
  isReviewedOrPreview,
  ingredientFields,
  pageCitations,
  supplementCardFields,
  visibleSupplement,
  warningFields,
} from './fragments.ts'

/**
 * One supplement page in one round trip: the article, its benefits, audiences and warnings
 * expanded, and its citations de-duplicated and numbered by position (`citations[0]` is [1]).
 * Params: `$slug`, `$preview`.
 */
export const supplementPageQuery = defineQuery(`
  *[_type == "supplementContent.supplement" && slug.current == $slug && ${isReviewedOrPreview}][0]{
    _id,
    _createdAt,
    _updatedAt,
    name,
    "slug": slug.current,
    headline,
    summary,
    "ingredients": coalesce(ingredients[]{${ingredientFields}}, []),
    "mechanism": coalesce(mechanism[]{_key, target, effect}, []),
    "body": coalesce(body, []),
    takeaway,
    disclaimer,
    "review": {
      "status": coalesce(review.status, "draft"),
      "reviewer": review.reviewer,
      "lastReviewed": review.lastReviewed
    },
    "benefits": coalesce((benefits[]->{${benefitFields}})[defined(_id)], []),
    "audiences": coalesce((audiences[]->{${audienceFields}})[defined(_id)], []),
    "warnings": coalesce((warnings[]->{${warningFields}})[defined(_id)], []),
    citations
  }{
    ...,
    "citations": ${pageCitations}
  }
`)

/** Slugs of every visible supplement, for static generation and sitemaps. Params: `$preview`. */
export const supplementSlugsQuery = defineQuery(`
  *[${visibleSupplement}] | order(slug.current asc).slug.current
`)

/** The index page: every visible supplement as a card, by name. Params: `$preview`. */
export const supplementListQuery = defineQuery(`
  *[${visibleSupplement}] | order(lower(name) asc) {
    ${supplementCardFields},
    "healthAreas": array::unique(benefits[]->healthArea),
    "benefitCount": count(benefits),
    "warningCount": count(warnings)
  }
`)

/**
 * Benefits in one health area (a value of `HEALTH_AREAS`), each with the visible supplements that
 * claim it. A benefit no visible supplement claims is left out. Params: `$healthArea`, `$preview`.
 */
export const benefitsByHealthAreaQuery = defineQuery(`
  *[_type == "supplementContent.benefit" && healthArea == $healthArea] | order(lower(title) asc) {
    ${benefitFields},
    "supplements": *[_type == "supplementContent.supplement" && ^._id in benefits[]._ref && ${visibleSupplement}] | order(lower(name) asc) {
      ${supplementCardFields}
    }
  }[count(supplements) > 0]
`)

/**
 * An audience (by slug) and the visible supplements aimed at it; null when no audience has the
 * slug, and on a public site also when no reviewed supplement is aimed at it (an audience is
 * health content too: only a review makes it public). Params: `$audience`, `$preview`.
 */
export const supplementsForAudienceQuery = defineQuery(`
  *[
    _type == "supplementContent.audience"
    && slug.current == $audience
    && ($preview == true || count(*[${visibleSupplement} && ^._id in audiences[]._ref]) > 0)
  ][0]{
    ${audienceFields},
    "supplements": *[_type == "supplementContent.supplement" && ^._id in audiences[]._ref && ${visibleSupplement}] | order(lower(name) asc) {
      ${supplementCardFields}
    }
  }
`)

/**
 * Interaction warnings that name a substance (word match, case-insensitive: "warfarin" finds
 * "Warfarin (Coumadin)"), each with the visible supplements that carry it: every supplement that
 * interacts with warfarin. Params: `$substance`, `$preview`.
 */
export const warningsBySubstanceQuery = defineQuery(`
  *[
    _type == "supplementContent.warning"
    && kind == "drugInteraction"
    && interactingSubstances match $substance
  ] | order(lower(title) asc) {
    ${warningFields},
    "supplements": *[_type == "supplementContent.supplement" && ^._id in warnings[]._ref && ${visibleSupplement}] | order(lower(name) asc) {
      ${supplementCardFields}
    }
  }[count(supplements) > 0]
`)

/**
 * Citations of one source type (a value of `SOURCE_TYPES`) that a visible supplement lists in its
 * works cited, by title. Params: `$sourceType`, `$preview`.
 */
export const citationsBySourceTypeQuery = defineQuery(`
  {
    "cited": *[${visibleSupplement}].citations[]._ref
  }{
    "citations": *[_type == "supplementContent.citation" && sourceType == $sourceType && _id in ^.cited]
      | order(lower(title) asc) {${citationFields}}
  }.citations
`)
