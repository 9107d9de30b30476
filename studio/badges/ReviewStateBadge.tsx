import {useEffect, useState} from 'react'
import {type DocumentBadgeComponent, useClient} from 'sanity'

import {CHANGED_SINCE_REVIEW} from '../lib/queries.ts'

const API_VERSION = '2025-02-19'

/**
 * The supplement's review state, in the document's footer: "Reviewed" while readers see exactly
 * what a reviewer approved, "Changed since review" when the supplement or anything it shows has
 * changed after that (readers keep the approved version, or lose the page if a change was
 * published past the reviewer), "Not reviewed" before a first review.
 */
export const ReviewStateBadge: DocumentBadgeComponent = (props) => {
  const {id, draft, published} = props
  const client = useClient({apiVersion: API_VERSION})
  const [linkedChanged, setLinkedChanged] = useState(false)
  const review = published?.review as
    {status?: string; revision?: string; approved?: Array<{document?: {_ref?: string}}>} | undefined
  const approved = review?.status === 'reviewed' && Boolean(review.revision)
  const watched = (review?.approved ?? [])
    .map((entry) => entry.document?._ref)
    .filter((ref): ref is string => Boolean(ref))
    .flatMap((ref) => [ref, `drafts.${ref}`])
    .join(',')

  useEffect(() => {
    if (!approved) return undefined
    const check = () =>
      client
        .fetch<boolean>(
          `count(*[_id == $id && ${CHANGED_SINCE_REVIEW}]) > 0`,
          {id},
          {perspective: 'raw'},
        )
        .then(setLinkedChanged, () => undefined)
    void check()
    // Any edit of a linked document may change the state: listen to the documents it approved.
    const subscription = client
      .listen(
        '*[_id in $ids]',
        {ids: watched ? watched.split(',') : []},
        {
          includeResult: false,
          visibility: 'query',
        },
      )
      .subscribe({next: () => void check(), error: () => undefined})
    return () => subscription.unsubscribe()
  }, [approved, client, id, watched, draft?._rev, published?._rev])

  if (!approved)
    return {
      label: 'Not reviewed',
      color: 'warning',
      title: 'Not yet approved by a medical reviewer: readers do not see it.',
    }
  if (draft || linkedChanged || published?._rev !== review?.revision) {
    return {
      label: 'Changed since review',
      color: 'danger',
      title:
        'Changed after its medical review: readers see the approved version (or nothing, if a change was published without review) until "Mark reviewed" approves it again.',
    }
  }
  return {
    label: 'Reviewed',
    color: 'success',
    title: 'Readers see exactly what the medical reviewer approved.',
  }
}
ReviewStateBadge.displayName = 'ReviewStateBadge'
