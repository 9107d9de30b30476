import {Card, Flex, Spinner, Stack, Text} from '@sanity/ui'
import {cloneElement, isValidElement, type ReactElement, useEffect, useRef, useState} from 'react'
import {
  type DocumentActionComponent,
  type DocumentActionDescription,
  Preview,
  useClient,
  useDocumentOperationEvent,
  useSchema,
} from 'sanity'
import {IntentLink} from 'sanity/router'

import {type DeleteRefusal, deleteRefusal} from '../lib/refusal.ts'

const API_VERSION = '2025-02-19'
/** Sanity's own wait for the outcome of a delete. */
const OUTCOME_TIMEOUT_MS = 30_000

interface Referrer {
  _id: string
  _type: string
}

type Phase =
  {state: 'idle'} | {state: 'deleting'; since: unknown} | {state: 'refused'; refusal: DeleteRefusal}

const wrapped = new WeakMap<DocumentActionComponent, DocumentActionComponent>()

/**
 * Sanity's Delete action, with the reason when the lake refuses. After "Delete anyway" on a
 * document others still link to with a strong reference, the lake answers 409 and Sanity shows
 * only "An error occurred..."; this keeps the action's dialog open through the delete ("Deleting…")
 * and, on a refusal, names each linking document (a link to open it) and what to do.
 *
 * The dialog has to stay open without a gap: the Studio forgets which menu action owns the dialog
 * as soon as that action shows none, so a dialog opened later would never appear.
 */
export function withDeleteReason(original: DocumentActionComponent): DocumentActionComponent {
  const existing = wrapped.get(original)
  if (existing) return existing
  const DeleteWithReason: DocumentActionComponent = (props) => {
    const description = original(props)
    const event = useDocumentOperationEvent(props.id, props.type)
    const client = useClient({apiVersion: API_VERSION})
    const schema = useSchema()
    const [phase, setPhase] = useState<Phase>({state: 'idle'})
    const [referrers, setReferrers] = useState<Referrer[] | null>(null)
    const latestEvent = useRef(event)
    latestEvent.current = event

    useEffect(() => {
      if (phase.state !== 'deleting' || !event || event === phase.since) return undefined
      if (event.op !== 'delete') return undefined
      const refusal = event.type === 'error' ? deleteRefusal(event.error) : null
      if (!refusal) {
        // Deleted (the pane closes), or failed for another reason (Sanity's toast says so).
        setPhase({state: 'idle'})
        return undefined
      }
      setPhase({state: 'refused', refusal})
      setReferrers(null)
      // Every document that links to it now, not only the ones the lake named.
      client
        .fetch<Referrer[]>(
          '*[_id in $named || references($ids)]{_id, _type}',
          {named: refusal.referencingIds, ids: [props.id, `drafts.${props.id}`]},
          {perspective: 'raw'},
        )
        .then(setReferrers, () =>
          setReferrers(refusal.referencingIds.map((id) => ({_id: id, _type: ''}))),
        )
      return undefined
    }, [client, event, phase, props.id])

    useEffect(() => {
      if (phase.state !== 'deleting') return undefined
      const timer = setTimeout(() => setPhase({state: 'idle'}), OUTCOME_TIMEOUT_MS)
      return () => clearTimeout(timer)
    }, [phase])

    if (!description) return description
    const typeTitle = (schema.get(props.type)?.title ?? props.type).toLowerCase()

    if (phase.state === 'deleting') {
      return {
        ...description,
        dialog: {
          type: 'dialog',
          header: `Deleting this ${typeTitle}…`,
          onClose: () => setPhase({state: 'idle'}),
          content: (
            <Flex align="center" gap={3} padding={2}>
              <Spinner muted />
              <Text size={1}>Waiting for the content lake…</Text>
            </Flex>
          ),
        },
      }
    }

    if (phase.state === 'refused') {
      return {
        ...description,
        dialog: {
          type: 'dialog',
          header: `This ${typeTitle} was not deleted`,
          onClose: () => setPhase({state: 'idle'}),
          content: (
            <Stack gap={4} data-testid="delete-refused">
              <Text size={1}>
                Other documents still link to this {typeTitle}, and a link that must always resolve
                (a strong reference) keeps it from being deleted. Remove this {typeTitle} from each
                of them, publish them, then delete it again.
              </Text>
              {(referrers ?? []).map((referrer) => {
                const type = schema.get(referrer._type)
                return (
                  <Card
                    key={referrer._id}
                    as={IntentLink}
                    intent="edit"
                    params={{id: referrer._id.replace(/^drafts\./, ''), type: referrer._type}}
                    border
                    radius={2}
                    padding={2}
                    data-testid="delete-referrer"
                  >
                    {type ? (
                      <Preview
                        schemaType={type}
                        value={{_id: referrer._id, _type: referrer._type}}
                      />
                    ) : (
                      <Text size={1}>{referrer._id}</Text>
                    )}
                  </Card>
                )
              })}
              <Text size={1} muted>
                The content lake answered: {refusal(phase)}
              </Text>
            </Stack>
          ),
        },
      }
    }

    return {
      ...description,
      dialog: watchConfirm(description.dialog, () => {
        setPhase({state: 'deleting', since: latestEvent.current})
      }),
    }
  }
  DeleteWithReason.action = original.action
  DeleteWithReason.displayName = 'DeleteWithReason'
  wrapped.set(original, DeleteWithReason)
  return DeleteWithReason
}

function refusal(phase: Phase): string {
  return phase.state === 'refused' ? phase.refusal.description : ''
}

/** Sanity's confirm dialog, told to report its "Delete" / "Delete anyway" click to us first. */
function watchConfirm(
  dialog: DocumentActionDescription['dialog'],
  onConfirm: () => void,
): DocumentActionDescription['dialog'] {
  if (!dialog || dialog.type !== 'custom' || !isValidElement(dialog.component)) return dialog
  const element = dialog.component as ReactElement<{onConfirm?: (...args: never[]) => void}>
  const confirm = element.props.onConfirm
  if (typeof confirm !== 'function') return dialog
  return {
    ...dialog,
    component: cloneElement(element, {
      onConfirm: (...args: never[]) => {
        onConfirm()
        confirm(...args)
      },
    }),
  }
}
