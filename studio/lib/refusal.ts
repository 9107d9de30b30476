/**
 * Reads why the content lake refused to delete a document. The lake (like Sanity's) answers a
 * delete of a strongly referenced document with a 409 `mutationError` whose item is a
 * `documentHasExistingReferencesError` listing `referencingIDs`; @sanity/client keeps that body
 * as the error's `details` (older paths: `response.body.error`). Pure, so it is unit-tested.
 */
export interface DeleteRefusal {
  /** Ids of the documents that still link to the one being deleted. */
  referencingIds: string[]
  /** The lake's own words. */
  description: string
}

interface ErrorItem {
  error?: {type?: string; referencingIDs?: unknown; description?: string}
}

function bodyOf(error: unknown): {description?: string; items?: ErrorItem[]} | undefined {
  if (!error || typeof error !== 'object') return undefined
  const candidate = error as {
    details?: unknown
    response?: {body?: {error?: unknown}}
  }
  const body = candidate.details ?? candidate.response?.body?.error
  return body && typeof body === 'object' ? (body as {items?: ErrorItem[]}) : undefined
}

/** The refusal in an error, or null when the error is about something else. */
export function deleteRefusal(error: unknown): DeleteRefusal | null {
  const body = bodyOf(error)
  const item = body?.items?.find(
    (entry) => entry?.error?.type === 'documentHasExistingReferencesError',
  )
  const message = error instanceof Error ? error.message : ''
  if (item?.error) {
    const ids = Array.isArray(item.error.referencingIDs)
      ? item.error.referencingIDs.filter((id): id is string => typeof id === 'string')
      : []
    return {referencingIds: ids, description: item.error.description ?? message}
  }
  // Without the structured body, the message still names the first referring document.
  const match = /cannot be deleted as there are references to it from "([^"]+)"/.exec(
    body?.description ?? message,
  )
  return match ? {referencingIds: [match[1]], description: body?.description ?? message} : null
}
