/**
 * GROQ filters behind the structure's "needs attention" lists; `$cutoff` is a YYYY-MM-DD date.
 * Each list holds only what an editor can act on, and acting takes the item off the list.
 */

/** Nothing cites the benefit and nothing is suggested: an editor has to find a source. */
export const BENEFITS_WITHOUT_CITATIONS = /* groq */ `_type == "supplementContent.benefit" && count(coalesce(citations, [])) == 0 && count(coalesce(suggestedCitations, [])) == 0`

/** The importer suggested citations by wording: each waits for an editor to confirm or dismiss it. */
export const SUGGESTED_CITATIONS_TO_CONFIRM = /* groq */ `_type in ["supplementContent.benefit", "supplementContent.warning"] && count(coalesce(suggestedCitations, [])) > 0`

/** Warnings the importer kept but could not read with confidence, until an editor clears the flag. */
export const WARNINGS_TO_REVIEW = /* groq */ `_type == "supplementContent.warning" && needsReview == true`

export const UNUSED_CITATIONS = /* groq */ `_type == "supplementContent.citation" && count(*[references(^._id)]) == 0`

export const POSSIBLE_DUPLICATES = /* groq */ `_type in $types && count(coalesce(possibleDuplicates, [])) > 0`

export const SUPPLEMENTS_DUE_FOR_REVIEW = /* groq */ `_type == "supplementContent.supplement" && (
  review.status != "reviewed" || !defined(review.lastReviewed) || review.lastReviewed < $cutoff
)`

/**
 * Citations readers are shown (a medical review approved them with a supplement) whose access date
 * is older than the cut-off: re-open the source, then set "Accessed" to today. An imported
 * citation's access date is the article author's, which is not a check made here; such citations
 * are checked when the reviewer first approves the supplement, and join this list from then on.
 * Written as a count over a subquery (not `_id in *[...].review.approved[]...`) because the Studio
 * listens with this filter too, and a listener may not nest one array traversal in another.
 */
export const STALE_CITATIONS = /* groq */ `_type == "supplementContent.citation" && defined(accessed) && accessed < $cutoff
  && count(*[_type == "supplementContent.supplement" && review.status == "reviewed" && ^._id in review.approved[].document._ref]) > 0`

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
