/**
 * Errors in the body shapes Sanity's API answers with, so that @sanity/client turns them into the same
 * `ClientError` (with `statusCode` and `details`) an app would see against hosted Sanity.
 */
export class LakeError extends Error {
  statusCode: number
  body: unknown

  constructor(statusCode: number, message: string, body?: unknown) {
    super(message)
    this.statusCode = statusCode
    this.body = withSanityTypes(statusCode, body ?? {error: {description: message, type: ''}})
  }
}

/**
 * Error `type`s Sanity's API answers with, which clients and the Studio branch on:
 * `queryParseError` (@sanity/client formats it with a code frame), `mutationError` and
 * `actionError` envelopes whose `items[].error.type` name the cause (`documentAlreadyExistsError`,
 * `documentRevisionIDDoesNotMatchError`, `documentHasExistingReferencesError` with
 * `referencingIDs`, `insufficientPermissionsError`: the Studio reads the last two),
 * `validationError` for a document Sanity refuses, and the `http<Reason>` family
 * (`httpBadRequest`, ...) for refusals at the HTTP level.
 */
export const SANITY_ERROR_TYPES = new Set([
  'queryParseError',
  'mutationError',
  'actionError',
  'validationError',
  'documentAlreadyExistsError',
  'documentNotFoundError',
  'documentRevisionIDDoesNotMatchError',
  'documentHasExistingReferencesError',
  'documentReferenceMissingError',
  'insufficientPermissionsError',
  'documentLimitExceededError',
])

/** Reason phrases of the statuses the lake answers with, for Sanity's `http<Reason>` types. */
const HTTP_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
}

/** Sanity's `http<Reason>` type for a status, e.g. `httpBadRequest` for 400. */
export function httpErrorType(statusCode: number): string {
  return `http${HTTP_REASONS[statusCode] ?? (statusCode >= 500 ? 'InternalServerError' : 'BadRequest')}`
}

/**
 * The one place where an error's `type` becomes Sanity's: names Sanity uses pass, the lake's own
 * finer names (a limit Sanity has no error for, a malformed body) become the `http<Reason>` of
 * their status at the top level, and `validationError` for an item of a refused transaction.
 * What went wrong stays in the description.
 */
export function withSanityTypes(statusCode: number, body: unknown): unknown {
  const error = (body as {error?: unknown} | null)?.error
  if (!error || typeof error !== 'object') return body
  const top = error as {type?: unknown; items?: unknown}
  if (typeof top.type !== 'string' || !SANITY_ERROR_TYPES.has(top.type)) {
    top.type = httpErrorType(statusCode)
  }
  if (Array.isArray(top.items)) {
    for (const item of top.items) {
      const inner = (item as {error?: {type?: unknown}} | null)?.error
      if (inner && typeof inner === 'object' && !SANITY_ERROR_TYPES.has(String(inner.type))) {
        inner.type = 'validationError'
      }
    }
  }
  return body
}

export interface MutationErrorItem {
  description: string
  type: string
  id?: string
  [detail: string]: unknown
}

/** A failed transaction: the whole set of mutations is refused, with one item naming the cause. */
export function mutationError(
  statusCode: number,
  index: number,
  item: MutationErrorItem,
): LakeError {
  const description = `The mutation(s) failed: ${item.description}`
  return new LakeError(statusCode, description, {
    error: {description, type: 'mutationError', items: [{error: item, index}]},
  })
}

export function badRequest(description: string, type = 'validationError'): LakeError {
  return new LakeError(400, description, {error: {description, type}})
}

export function queryParseError(description: string, query: string, start?: number): LakeError {
  return new LakeError(400, description, {
    error: {
      description,
      query,
      start,
      end: start === undefined ? undefined : start + 1,
      type: 'queryParseError',
    },
  })
}

export function unauthorized(): LakeError {
  const message = 'Unauthorized - Session not found'
  return new LakeError(401, message, {error: 'Unauthorized', message, statusCode: 401})
}

export function notFound(message: string): LakeError {
  return new LakeError(404, message, {error: 'Not Found', message, statusCode: 404})
}

export function datasetNotFound(dataset: string): LakeError {
  const description = `Dataset "${dataset}" not found`
  return new LakeError(404, description, {
    error: {description, type: 'datasetNotFoundError'},
    message: description,
    statusCode: 404,
  })
}
