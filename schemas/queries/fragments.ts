/**
 * Reusable GROQ fragments for the site queries in `./index.ts`. They are plain strings interpolated
 * into `defineQuery` templates, which `sanity typegen generate` resolves when it types each query.
 */

/**
 * What a medical review covers: the supplement is still at the revision "Mark reviewed" published,
 * and every benefit, audience, warning and citation it approved is still at the approved revision.
 * Anything published after the review (through the Studio's plain Publish or the API) changes a
 * `_rev`, and the page leaves the public site until a reviewer approves it again. Imports never
 * publish, so unreviewed content is not even in the `published` perspective; this rule is the
 * second line, for edits published by hand.
 */
export const approvedByReview = /* groq */ `(
  review.status == "reviewed"
  && defined(review.revision)
  && _rev == review.revision
  && count(review.approved[document->_rev != revision]) == 0
)`

/**
 * Visibility rule shared by every site query: only supplements exactly as a medical reviewer
 * approved them, unless the caller passes `$preview == true` (editors previewing unreviewed
 * content).
 */
export const isReviewedOrPreview = /* groq */ `($preview == true || ${approvedByReview})`

export const visibleSupplement = /* groq */ `
  _type == "supplementContent.supplement" && defined(slug.current) && ${isReviewedOrPreview}
`

export const citationFields = /* groq */ `
  _id,
  _updatedAt,
  title,
  url,
  "alternateUrls": coalesce(alternateUrls, []),
  accessed,
  publisher,
  sourceType,
  issued,
  doi,
  pmid,
  pmcid
`

export const ingredientFields = /* groq */ `
  _key,
  name,
  form,
  role
`

export const benefitFields = /* groq */ `
  _id,
  _updatedAt,
  title,
  "slug": slug.current,
  summary,
  healthArea,
  evidenceStrength,
  "citationIds": coalesce(citations[]._ref, [])
`

export const audienceFields = /* groq */ `
  _id,
  _updatedAt,
  name,
  "slug": slug.current,
  description,
  lifeStage,
  condition
`

export const doseLimitFields = /* groq */ `
  amount,
  unit,
  per,
  perKg,
  nutrient,
  population,
  authority
`

/**
 * Who and what are returned only for the kind they belong to: a field hidden after an editor
 * changes a warning's kind keeps its value, which must not reach readers.
 */
export const warningFields = /* groq */ `
  _id,
  _updatedAt,
  title,
  kind,
  severity,
  text,
  "doseLimit": select(kind == "doseLimit" => doseLimit{${doseLimitFields}}),
  "interactingSubstances": select(
    kind == "drugInteraction" => coalesce(interactingSubstances, []),
    []
  ),
  "population": select(kind == "contraindication" => population),
  "effects": select(kind == "sideEffect" => coalesce(effects, []), []),
  "citationIds": coalesce(citations[]._ref, [])
`

/** What an index page or a cross-link needs about one supplement. */
export const supplementCardFields = /* groq */ `
  _id,
  _updatedAt,
  name,
  "slug": slug.current,
  headline,
  summary,
  "ingredients": coalesce(ingredients[].name, []),
  "reviewStatus": review.status,
  "lastReviewed": review.lastReviewed
`

/**
 * Every citation a supplement page shows, de-duplicated: its works-cited list in order first, then
 * any citation that only its benefits, warnings or article annotations point to, by title.
 * Evaluated on the page after its benefits and warnings are expanded (`citations` still holds the
 * works-cited references). The citation documents are fetched by reference; the by-id scan for
 * the extras runs only when there are any.
 */
export const pageCitations = /* groq */ `
  {
    "worksCited": coalesce(citations, []),
    "extraIds": array::unique(
      coalesce(body[].markDefs[_type == "supplementContent.citationReference"].citation._ref, [])
      + coalesce(benefits[].citationIds[], [])
      + coalesce(warnings[].citationIds[], [])
    )[!(@ in coalesce(^.citations[]._ref, []))]
  }{
    "list": (worksCited[]->{${citationFields}})[defined(_id)]
      + select(
        count(extraIds) > 0 => *[_type == "supplementContent.citation" && _id in ^.extraIds]
          | order(lower(title) asc) {${citationFields}},
        []
      )
  }.list
`
