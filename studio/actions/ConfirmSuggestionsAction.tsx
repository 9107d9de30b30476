import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {CloseIcon} from '@sanity/icons/Close'
import {uuid} from '@sanity/uuid'
import {Box, Button, Card, Flex, Stack, Text} from '@sanity/ui'
import {useCallback, useEffect, useMemo, useState} from 'react'
import {
  type DocumentActionComponent,
  Preview,
  useClient,
  useDocumentOperation,
  useSchema,
} from 'sanity'

import {
  type CitationRef,
  type SuggestionDecision,
  suggestedIds,
  suggestionPatches,
} from '../lib/suggestions.ts'

const API_VERSION = '2025-02-19'
const newKey = () => uuid().replace(/-/g, '').slice(0, 12)

/**
 * "Confirm suggested citations": the importer suggests citations for a benefit or warning by
 * matching wording. Each one is confirmed (moved to "Supporting citations") or dismissed with one
 * click, or all at once; the claim then leaves the "Suggested citations to confirm" list.
 */
export const ConfirmSuggestionsAction: DocumentActionComponent = (props) => {
  const {id, type, draft, published} = props
  const client = useClient({apiVersion: API_VERSION})
  const citationType = useSchema().get('supplementContent.citation')
  const {patch} = useDocumentOperation(id, type)
  const [open, setOpen] = useState(false)
  const [publishedIds, setPublishedIds] = useState<Set<string> | null>(null)
  const [error, setError] = useState<string | null>(null)

  const current = useMemo(
    () =>
      (draft ?? published ?? {}) as {citations?: CitationRef[]; suggestedCitations?: CitationRef[]},
    [draft, published],
  )
  const pending = suggestedIds(current.suggestedCitations)
  const pendingKey = pending.join(',')

  // Which suggested citations are published decides how a confirmed one is linked.
  useEffect(() => {
    if (!open || !pendingKey) return undefined
    let cancelled = false
    client
      .fetch<string[]>('*[_id in $ids]._id', {ids: pendingKey.split(',')}, {perspective: 'raw'})
      .then((found) => !cancelled && setPublishedIds(new Set(found)))
      .catch((err: Error) => !cancelled && setError(err.message))
    return () => {
      cancelled = true
    }
  }, [client, open, pendingKey])

  const decide = useCallback(
    (decision: SuggestionDecision) => {
      if (!publishedIds) return
      const patches = suggestionPatches(current, decision, {published: publishedIds, newKey})
      if (patches.length > 0) patch.execute(patches)
    },
    [current, patch, publishedIds],
  )

  if (pending.length === 0 && !open) return null

  return {
    label: `Confirm suggested citations (${pending.length})`,
    icon: CheckmarkCircleIcon,
    title: 'Confirm or dismiss the citations the importer suggested for this claim',
    onHandle: () => setOpen(true),
    dialog: open && {
      type: 'dialog',
      header: 'Suggested citations',
      onClose: () => {
        setOpen(false)
        setPublishedIds(null)
      },
      content: (
        <Stack gap={4}>
          <Text size={1} muted>
            The importer matched these sources to the claim by their wording. Open a source to check
            that it supports the claim, then confirm it (it becomes a supporting citation) or
            dismiss it.
          </Text>
          {pending.length === 0 && (
            <Text size={1} data-testid="suggestions-done">
              No suggestions left to confirm.
            </Text>
          )}
          {pending.map((citationId) => (
            <Card key={citationId} border radius={2} padding={2} data-testid="suggested-citation">
              <Flex align="center" gap={2}>
                <Box flex={1}>
                  {citationType && (
                    <Preview
                      schemaType={citationType}
                      value={{_id: citationId, _type: 'supplementContent.citation'}}
                    />
                  )}
                </Box>
                <Button
                  text="Confirm"
                  tone="positive"
                  icon={CheckmarkCircleIcon}
                  disabled={!publishedIds || Boolean(patch.disabled)}
                  onClick={() => decide({confirm: [citationId], dismiss: []})}
                />
                <Button
                  text="Dismiss"
                  mode="ghost"
                  icon={CloseIcon}
                  disabled={!publishedIds || Boolean(patch.disabled)}
                  onClick={() => decide({confirm: [], dismiss: [citationId]})}
                />
              </Flex>
            </Card>
          ))}
          {pending.length > 1 && (
            <Flex justify="flex-end">
              <Button
                text={`Confirm all ${pending.length}`}
                tone="positive"
                icon={CheckmarkCircleIcon}
                disabled={!publishedIds || Boolean(patch.disabled)}
                onClick={() => decide({confirm: pending, dismiss: []})}
              />
            </Flex>
          )}
          {error && (
            <Card tone="critical" padding={3} radius={2}>
              <Text size={1}>Could not check the suggested citations: {error}</Text>
            </Card>
          )}
        </Stack>
      ),
    },
  }
}
ConfirmSuggestionsAction.displayName = 'ConfirmSuggestionsAction'
ConfirmSuggestionsAction.action = 'supplementConfirmSuggestions'
