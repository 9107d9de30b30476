import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {Box, Button, Card, Flex, Stack, Text} from '@sanity/ui'
import {useCallback, useEffect, useState} from 'react'
import {type DocumentActionComponent, useClient, useCurrentUser, useValidationStatus} from 'sanity'

import {todayIsoDate} from '../../schemas/lib/validators.ts'
import {
  changesSinceReview,
  markSupplementReviewed,
  readClosure,
  type ReviewChange,
} from '../lib/approval.ts'

const API_VERSION = '2025-02-19'

/** Fallback reviewer name when the current user has none (the local lake's editor always has). */
const UNKNOWN_REVIEWER = 'Unknown reviewer'

const STATE_LABEL: Record<ReviewChange['state'], string> = {
  new: 'new, never published',
  edited: 'edited',
  publishedAfterReview: 'published without this review',
}

/** True when the value at `path` is a reference that becomes strong when published. */
function publishedTogether(doc: unknown, path: ReadonlyArray<unknown>): boolean {
  let value: unknown = doc
  for (const segment of path) {
    if (Array.isArray(value) && segment && typeof segment === 'object' && '_key' in segment) {
      value = value.find((item: {_key?: string}) => item?._key === segment._key)
    } else if (value && typeof value === 'object') {
      value = (value as Record<string, unknown>)[segment as string | number]
    } else return false
  }
  return Boolean(value && typeof value === 'object' && '_strengthenOnPublish' in value)
}

/**
 * "Mark reviewed", the supplement's way to publish: shows the reviewer what changed since the last
 * review (every linked document with an open draft, and which fields differ from what readers
 * see), then records the current user as medical reviewer with today's date and publishes the
 * supplement together with those drafts in one transaction, noting the revision of each document
 * approved. Refused while the supplement has validation errors.
 */
export const MarkReviewedAction: DocumentActionComponent = (props) => {
  const {id, type, draft, published, onComplete} = props
  const client = useClient({apiVersion: API_VERSION})
  // Linked drafts are published by this action itself, so they need not be published yet.
  const {validation, isValidating} = useValidationStatus(
    draft?._id ?? published?._id ?? id,
    type,
    false,
  )
  const user = useCurrentUser()
  const [open, setOpen] = useState(false)
  const [changes, setChanges] = useState<ReviewChange[] | null>(null)
  const [shown, setShown] = useState<Awaited<ReturnType<typeof readClosure>> | null>(null)
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const doc = draft ?? published
  // "Referenced document must be published" is exactly what this action resolves: it publishes
  // the linked drafts with the supplement, and refuses (saying which) a link to a document that
  // does not exist at all.
  const errors = validation.filter(
    (marker) =>
      marker.level === 'error' &&
      (marker as {code?: string}).code !== 'reference.not-published' &&
      !publishedTogether(doc, marker.path),
  )
  const reviewer = user?.name || UNKNOWN_REVIEWER
  const today = todayIsoDate()

  useEffect(() => {
    if (!open) return undefined
    let cancelled = false
    readClosure(client, id)
      .then((versions) => {
        if (cancelled) return
        setShown(versions)
        setChanges(changesSinceReview(versions, id))
      })
      .catch((err: Error) => !cancelled && setError(err.message))
    return () => {
      cancelled = true
    }
  }, [client, id, open])

  const approve = useCallback(async () => {
    setWorking(true)
    setError(null)
    try {
      // Exactly the versions listed in the dialog: a change made since fails the approval.
      await markSupplementReviewed(client, id, {reviewer, date: today}, shown ?? undefined)
      setOpen(false)
      setChanges(null)
      setShown(null)
      onComplete()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setWorking(false)
    }
  }, [client, id, reviewer, today, onComplete, shown])

  let disabledReason: string | undefined
  if (!doc) disabledReason = 'Save the supplement before marking it reviewed.'
  else if (isValidating) disabledReason = 'Checking the supplement…'
  else if (errors.length > 0)
    disabledReason = `Fix ${errors.length === 1 ? 'the validation error' : `${errors.length} validation errors`} before marking this supplement reviewed.`

  return {
    label: working ? 'Marking reviewed…' : 'Mark reviewed',
    icon: CheckmarkCircleIcon,
    tone: 'positive',
    disabled: Boolean(disabledReason) || working,
    title:
      disabledReason ??
      `Record ${reviewer} as medical reviewer on ${today} and publish with what it links`,
    onHandle: () => setOpen(true),
    dialog: open && {
      type: 'dialog',
      header: 'Mark reviewed and publish',
      onClose: () => {
        setOpen(false)
        setChanges(null)
        setError(null)
      },
      content: (
        <Stack gap={4} data-testid="review-dialog">
          <Text size={1}>
            Record {reviewer} as the medical reviewer on {today}, set the status to Reviewed and
            publish the supplement with every linked document below, in one transaction. Readers see
            exactly what you approve; a later change stays off the site until it is reviewed again.
          </Text>
          {changes === null && !error && <Text size={1}>Looking for changes…</Text>}
          {changes?.length === 0 && (
            <Text size={1} muted>
              Nothing changed since the last review.
            </Text>
          )}
          {changes && changes.length > 0 && (
            <Stack gap={2} data-testid="review-changes">
              <Text size={1} weight="semibold">
                Changed since the last review ({changes.length})
              </Text>
              {changes.map((change) => (
                <Card key={change.id} border radius={2} padding={2} data-testid="review-change">
                  <Stack gap={2}>
                    <Text size={1}>
                      {change.type}: <strong>{change.title}</strong> ({STATE_LABEL[change.state]})
                    </Text>
                    {change.fields.length > 0 && (
                      <Text size={1} muted>
                        Changed fields: {change.fields.join(', ')}
                      </Text>
                    )}
                    {change.state === 'edited' && change.fields.length === 0 && (
                      <Text size={1} muted>
                        Open draft, identical to what readers see so far
                      </Text>
                    )}
                  </Stack>
                </Card>
              ))}
            </Stack>
          )}
          {error && (
            <Card tone="critical" padding={3} radius={2}>
              <Text size={1}>Not published, nothing was changed: {error}</Text>
            </Card>
          )}
          <Flex justify="flex-end">
            <Box>
              <Button
                text={working ? 'Publishing…' : 'Approve and publish'}
                tone="positive"
                icon={CheckmarkCircleIcon}
                disabled={working || changes === null}
                onClick={approve}
              />
            </Box>
          </Flex>
        </Stack>
      ),
    },
  }
}
MarkReviewedAction.displayName = 'MarkReviewedAction'
MarkReviewedAction.action = 'supplementMarkReviewed'
