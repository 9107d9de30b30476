/** GROQ filters behind the structure's "needs attention" lists; `$cutoff` is a YYYY-MM-DD date. */
export const BENEFITS_WITHOUT_CITATIONS = /* groq */ `_type == "supplementContent.benefit" && count(coalesce(citations, [])) == 0`

/** Warnings the importer kept but could not read with confidence, until an editor clears the flag. */
export const WARNINGS_TO_REVIEW = /* groq */ `_type == "supplementContent.warning" && needsReview == true`

export const UNUSED_CITATIONS = /* groq */ `_type == "supplementContent.citation" && count(*[references(^._id)]) == 0`

export const POSSIBLE_DUPLICATES = /* groq */ `_type in $types && count(coalesce(possibleDuplicates, [])) > 0`

export const SUPPLEMENTS_DUE_FOR_REVIEW = /* groq */ `_type == "supplementContent.supplement" && (
  review.status != "reviewed" || !defined(review.lastReviewed) || review.lastReviewed < $cutoff
)`

export const STALE_CITATIONS = /* groq */ `_type == "supplementContent.citation" && defined(accessed) && accessed < $cutoff`

/**
 * Reviewed supplements whose content changed after the review: the supplement or a document it
 * approved was published again without a review (its `_rev` is not the approved one), or has an
 * open draft. Works in the `drafts` perspective (a draft overlays its document, so its `_rev`
 * differs) and in `raw` (the draft ids are looked up).
 */
export const CHANGED_SINCE_REVIEW = /* groq */ `_type == "supplementContent.supplement" && review.status == "reviewed" && (
  !defined(review.revision)
  || _rev != review.revision
  || count(review.approved[document->_rev != revision]) > 0
  || count(*[_id in ^.review.approved[]{"id": "drafts." + document._ref}.id]) > 0
)`
