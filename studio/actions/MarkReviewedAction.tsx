import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {useState} from 'react'
import {
  type DocumentActionComponent,
  useCurrentUser,
  useDocumentOperation,
  useValidationStatus,
} from 'sanity'

import {todayIsoDate} from '../../schemas/lib/validators.ts'

/** Fallback reviewer name when the current user has none (the local lake's editor always has). */
const UNKNOWN_REVIEWER = 'Unknown reviewer'

/**
 * "Mark reviewed": records the current user as medical reviewer with today's date, sets the review
 * status to Reviewed and publishes, in one step. Refused while the supplement has validation
 * errors, so a reviewed page is always a valid one.
 */
export const MarkReviewedAction: DocumentActionComponent = (props) => {
  const {id, type, draft, published} = props
  const {patch, publish} = useDocumentOperation(id, type)
  // Validate what will be published: the draft when there is one (the hook takes the target
  // document's own id), with references required to be published.
  const {validation, isValidating} = useValidationStatus(
    draft?._id ?? published?._id ?? id,
    type,
    true,
  )
  const user = useCurrentUser()
  const [confirming, setConfirming] = useState(false)
  const [working, setWorking] = useState(false)

  const doc = draft ?? published
  const errors = validation.filter((marker) => marker.level === 'error')
  const reviewer = user?.name || UNKNOWN_REVIEWER
  const today = todayIsoDate()

  let disabledReason: string | undefined
  if (!doc) disabledReason = 'Save the supplement before marking it reviewed.'
  else if (isValidating) disabledReason = 'Checking the supplement…'
  else if (errors.length > 0)
    disabledReason = `Fix ${errors.length === 1 ? 'the validation error' : `${errors.length} validation errors`} before marking this supplement reviewed.`

  return {
    label: working ? 'Marking reviewed…' : 'Mark reviewed',
    icon: CheckmarkCircleIcon,
    tone: 'positive',
    disabled: Boolean(disabledReason) || working || Boolean(patch.disabled),
    title: disabledReason ?? `Record ${reviewer} as medical reviewer on ${today} and publish`,
    onHandle: () => setConfirming(true),
    dialog: confirming && {
      type: 'confirm',
      tone: 'positive',
      message: `Record ${reviewer} as the medical reviewer on ${today}, set the status to Reviewed and publish the supplement?`,
      onCancel: () => setConfirming(false),
      onConfirm: () => {
        setWorking(true)
        setConfirming(false)
        patch.execute([
          {setIfMissing: {review: {_type: 'supplementContent.medicalReview'}}},
          {
            set: {
              'review.status': 'reviewed',
              'review.reviewer': reviewer,
              'review.lastReviewed': today,
            },
          },
        ])
        publish.execute()
        setWorking(false)
      },
    },
  }
}
MarkReviewedAction.displayName = 'MarkReviewedAction'
MarkReviewedAction.action = 'supplementMarkReviewed'
