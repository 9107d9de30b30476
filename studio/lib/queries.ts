/** GROQ filters behind the structure's "needs attention" lists; `$cutoff` is a YYYY-MM-DD date. */
export const BENEFITS_WITHOUT_CITATIONS = /* groq */ `_type == "supplementContent.benefit" && count(coalesce(citations, [])) == 0`

export const UNUSED_CITATIONS = /* groq */ `_type == "supplementContent.citation" && count(*[references(^._id)]) == 0`

export const POSSIBLE_DUPLICATES = /* groq */ `_type in $types && count(coalesce(possibleDuplicates, [])) > 0`

export const SUPPLEMENTS_DUE_FOR_REVIEW = /* groq */ `_type == "supplementContent.supplement" && (
  review.status != "reviewed" || !defined(review.lastReviewed) || review.lastReviewed < $cutoff
)`

export const STALE_CITATIONS = /* groq */ `_type == "supplementContent.citation" && defined(accessed) && accessed < $cutoff`
