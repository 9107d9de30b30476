import {TransferIcon} from '@sanity/icons/Transfer'
import {Box, Button, Card, Flex, Stack, Text} from '@sanity/ui'
import {useCallback, useEffect, useState} from 'react'
import {
  type DocumentActionComponent,
  getPublishedId,
  Preview,
  type SanityDocument,
  useClient,
  useSchema,
} from 'sanity'

import {planMerge, type ReferringDocument} from '../lib/merge.ts'

const API_VERSION = '2025-02-19'

interface ReferenceValue {
  _ref?: string
}

function duplicateIds(doc: SanityDocument | null): string[] {
  const list = (doc?.possibleDuplicates ?? []) as ReferenceValue[]
  const ids = list.map((item) => item?._ref).filter((ref): ref is string => Boolean(ref))
  return [...new Set(ids.map(getPublishedId))]
}

/**
 * "Merge duplicates": the importer lists documents it could not tell apart from this one in
 * "Possible duplicates". Merging one of them into this document moves every reference to it
 * (lists, annotations in the narrative, other documents' duplicate lists) over to this document
 * and deletes it, all in one transaction guarded by each document's revision.
 */
export const MergeDuplicatesAction: DocumentActionComponent = (props) => {
  const {id, type, draft, published} = props
  const client = useClient({apiVersion: API_VERSION})
  const schemaType = useSchema().get(type)
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [existing, setExisting] = useState<string[] | null>(null)

  const candidates = duplicateIds(draft ?? published).filter((ref) => ref !== id)
  const candidateKey = candidates.join(',')

  // Only offer duplicates that still exist (a weak reference may point at a deleted document).
  useEffect(() => {
    if (!open) return undefined
    let cancelled = false
    const ids = candidateKey ? candidateKey.split(',') : []
    client
      .fetch<string[]>(
        '*[_id in $ids]._id',
        {ids: ids.flatMap((ref) => [ref, `drafts.${ref}`])},
        {
          perspective: 'raw',
        },
      )
      .then((found) => {
        if (!cancelled) setExisting([...new Set(found.map(getPublishedId))])
      })
      .catch((err: Error) => !cancelled && setError(err.message))
    return () => {
      cancelled = true
    }
  }, [client, open, candidateKey])

  const merge = useCallback(
    async (duplicateId: string) => {
      setBusy(duplicateId)
      setError(null)
      try {
        const referring = await client.fetch<ReferringDocument[]>(
          '*[references($ids)]',
          {ids: [duplicateId, `drafts.${duplicateId}`]},
          {perspective: 'raw'},
        )
        const plan = planMerge({keepId: id, duplicateId, referring})
        await client.transaction(plan.mutations).commit({visibility: 'async'})
        setExisting((ids) => (ids ?? []).filter((other) => other !== duplicateId))
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err))
      } finally {
        setBusy(null)
      }
    },
    [client, id],
  )

  if (candidates.length === 0) return null
  const typeTitle = (schemaType?.title ?? type).toLowerCase()

  return {
    label: 'Merge duplicates',
    icon: TransferIcon,
    title: `Merge a possible duplicate into this ${typeTitle}`,
    onHandle: () => setOpen(true),
    dialog: open && {
      type: 'dialog',
      header: 'Merge duplicates',
      onClose: () => {
        setOpen(false)
        setExisting(null)
      },
      content: (
        <Stack gap={4}>
          <Text size={1} muted>
            Merging moves every reference to the duplicate over to this {typeTitle}, then deletes
            the duplicate. It happens in one transaction: either all of it or none of it.
          </Text>
          {existing === null && !error && <Text size={1}>Loading…</Text>}
          {existing?.length === 0 && (
            <Text size={1}>No possible duplicates left. Clear the list in the form.</Text>
          )}
          {existing?.map((duplicateId) => (
            <Card key={duplicateId} border radius={2} padding={2} data-testid="merge-candidate">
              <Flex align="center" gap={2}>
                <Box flex={1}>
                  {schemaType && (
                    <Preview schemaType={schemaType} value={{_id: duplicateId, _type: type}} />
                  )}
                </Box>
                <Button
                  text={busy === duplicateId ? 'Merging…' : 'Merge into this'}
                  tone="critical"
                  icon={TransferIcon}
                  disabled={busy !== null}
                  onClick={() => merge(duplicateId)}
                />
              </Flex>
            </Card>
          ))}
          {error && (
            <Card tone="critical" padding={3} radius={2}>
              <Text size={1}>Merge failed, nothing was changed: {error}</Text>
            </Card>
          )}
        </Stack>
      ),
    },
  }
}
MergeDuplicatesAction.displayName = 'MergeDuplicatesAction'
MergeDuplicatesAction.action = 'supplementMergeDuplicates'
