import {Card, Stack, Text} from '@sanity/ui'
import {useEffect, useRef, useState} from 'react'
import {
  type DocumentActionComponent,
  Preview,
  useClient,
  useDocumentOperationEvent,
  useSchema,
} from 'sanity'
import {IntentLink} from 'sanity/router'

import {type DeleteRefusal, deleteRefusal} from '../lib/refusal.ts'

const API_VERSION = '2025-02-19'

interface Referrer {
  _id: string
  _type: string
}

/** Error events already explained, so a remounted footer does not reopen the dialog. */
const explained = new WeakSet<object>()
const wrapped = new WeakMap<DocumentActionComponent, DocumentActionComponent>()

/**
 * Sanity's Delete action, with the reason when the lake refuses: after "Delete anyway" on a
 * document others still link to with a strong reference, the editor gets a dialog naming each
 * linking document (a link to open it) and what to do, instead of only the generic error toast.
 */
export function withDeleteReason(original: DocumentActionComponent): DocumentActionComponent {
  const existing = wrapped.get(original)
  if (existing) return existing
  const DeleteWithReason: DocumentActionComponent = (props) => {
    const description = original(props)
    const event = useDocumentOperationEvent(props.id, props.type)
    // The last event is replayed on mount; only a refusal that happens from now on is explained.
    const seenOnMount = useRef(event)
    const client = useClient({apiVersion: API_VERSION})
    const schema = useSchema()
    const [refusal, setRefusal] = useState<DeleteRefusal | null>(null)
    const [referrers, setReferrers] = useState<Referrer[] | null>(null)

    useEffect(() => {
      if (!event || event === seenOnMount.current || explained.has(event)) return
      if (event.type !== 'error' || event.op !== 'delete') return
      explained.add(event)
      const found = deleteRefusal(event.error)
      if (!found) return
      setRefusal(found)
      setReferrers(null)
      // Every document that links to it now, not only the ones the lake named.
      client
        .fetch<Referrer[]>(
          '*[_id in $named || references($ids)]{_id, _type}',
          {named: found.referencingIds, ids: [props.id, `drafts.${props.id}`]},
          {perspective: 'raw'},
        )
        .then(setReferrers, () =>
          setReferrers(found.referencingIds.map((id) => ({_id: id, _type: ''}))),
        )
    }, [client, event, props.id])

    if (!description || !refusal) return description
    const typeTitle = (schema.get(props.type)?.title ?? props.type).toLowerCase()
    return {
      ...description,
      dialog: {
        type: 'dialog',
        header: `This ${typeTitle} was not deleted`,
        onClose: () => setRefusal(null),
        content: (
          <Stack gap={4} data-testid="delete-refused">
            <Text size={1}>
              Other documents still link to this {typeTitle}, and a link that must always resolve (a
              strong reference) keeps it from being deleted. Remove this {typeTitle} from each of
              them, publish them, then delete it again.
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
                    <Preview schemaType={type} value={{_id: referrer._id, _type: referrer._type}} />
                  ) : (
                    <Text size={1}>{referrer._id}</Text>
                  )}
                </Card>
              )
            })}
            <Text size={1} muted>
              The content lake answered: {refusal.description}
            </Text>
          </Stack>
        ),
      },
    }
  }
  DeleteWithReason.action = original.action
  DeleteWithReason.displayName = 'DeleteWithReason'
  wrapped.set(original, DeleteWithReason)
  return DeleteWithReason
}
