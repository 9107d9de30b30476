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
    this.body = body ?? {error: {description: message, type: 'httpError'}}
  }
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
