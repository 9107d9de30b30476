import {type Doc, DRAFTS_PREFIX, isDraftId, isVersionId, randomId} from '../documents.ts'
import {mutationError} from '../errors.ts'
import type {Router} from '../http/router.ts'
import type {Lake} from '../lake.ts'
import type {Transaction} from '../transaction.ts'
import {checkId} from '../validate.ts'
import {requireToken} from './access.ts'

type Action = Record<string, unknown> & {actionType?: string}

/**
 * The Actions API (/data/actions), which the Studio edits and publishes through. Each request is one
 * transaction; a dry run checks the actions and answers without writing.
 */
export function actionRoutes(router: Router, lake: Lake): void {
  router.on('POST', '/data/actions/:dataset', async (ctx) => {
    requireToken(ctx)
    const body = await ctx.json()
    const actions = Array.isArray(body.actions) ? body.actions : [body.actions]
    const dryRun = body.dryRun === true
    const transactionId = body.transactionId
    const {tx} = await lake.transact(
      ctx.params.dataset,
      (tx) => {
        actions.forEach((action: Action, index: number) => {
          tx.index = index
          applyAction(tx, action, dryRun)
        })
      },
      {transactionId, dryRun},
    )
    ctx.send(200, {transactionId: tx.id})
  })
}

/** Document actions that name the published document they act on. */
const NEEDS_PUBLISHED_ID = new Set([
  'sanity.action.document.edit',
  'sanity.action.document.publish',
  'sanity.action.document.unpublish',
  'sanity.action.document.delete',
])

function applyAction(tx: Transaction, action: Action, dryRun: boolean): void {
  if (!action || typeof action !== 'object' || Array.isArray(action))
    fail(tx, 400, 'An action must be an object', 'invalidActionError')
  const type = String(action.actionType)
  const source = action
  const publishedId = action.publishedId as string
  if (NEEDS_PUBLISHED_ID.has(type) || action.publishedId !== undefined) {
    checkId(action.publishedId, tx.index)
    if (isDraftId(publishedId) || isVersionId(publishedId)) {
      fail(tx, 400, `publishedId "${publishedId}" is a draft or version id`, 'invalidActionError')
    }
  }
  const draftId = (action.draftId ?? action.versionId ?? `${DRAFTS_PREFIX}${publishedId}`) as string
  if (action.draftId !== undefined || action.versionId !== undefined) checkId(draftId, tx.index)
  if (action.includeDrafts !== undefined) {
    if (!Array.isArray(action.includeDrafts))
      fail(tx, 400, 'includeDrafts must be an array of ids', 'invalidActionError')
    for (const id of action.includeDrafts as unknown[]) checkId(id, tx.index)
  }
  if (
    type === 'sanity.action.document.edit' &&
    (!action.patch || typeof action.patch !== 'object' || Array.isArray(action.patch))
  ) {
    fail(tx, 400, 'An edit action needs a "patch" object', 'invalidActionError')
  }
  switch (type) {
    case 'sanity.action.document.create': {
      const attributes = (action.attributes ?? {}) as Doc
      const id = attributes._id ?? `${DRAFTS_PREFIX}${publishedId}`
      if (tx.get(id)) {
        if (action.ifExists === 'ignore') return
        fail(tx, 409, `Document by ID "${id}" already exists`, 'documentAlreadyExistsError', id)
      }
      tx.results.push(tx.create({...attributes, _id: id}, source))
      return
    }
    case 'sanity.action.document.edit': {
      // The first edit of a published document starts its draft from the published version.
      if (!tx.get(draftId)) {
        const base = tx.get(publishedId)
        if (!base)
          fail(
            tx,
            404,
            `Cannot edit "${publishedId}": it has no draft or published version`,
            'documentNotFoundError',
            draftId,
          )
        tx.write(draftId, {...base, _id: draftId}, source)
      }
      tx.results.push(tx.patch(draftId, {...(action.patch as object), id: draftId}, source))
      return
    }
    case 'sanity.action.document.replaceDraft':
    case 'sanity.action.document.version.replace': {
      const doc = (action.attributes ?? action.document) as Doc
      const id = doc?._id ?? draftId
      tx.results.push(tx.createOrReplace({...doc, _id: id}, source))
      return
    }
    case 'sanity.action.document.publish': {
      const draft = tx.get(draftId)
      if (!draft)
        fail(
          tx,
          409,
          `Cannot publish "${draftId}": it does not exist`,
          'documentNotFoundError',
          draftId,
        )
      if (action.ifDraftRevisionId && action.ifDraftRevisionId !== draft._rev) {
        fail(
          tx,
          409,
          `Draft "${draftId}" has unexpected revision ID`,
          'documentRevisionIDDoesNotMatchError',
          draftId,
        )
      }
      const published = tx.get(publishedId)
      if (action.ifPublishedRevisionId && action.ifPublishedRevisionId !== published?._rev) {
        fail(
          tx,
          409,
          `Document "${publishedId}" has unexpected revision ID`,
          'documentRevisionIDDoesNotMatchError',
          publishedId,
        )
      }
      const {_originalId: _dropped, ...content} = draft
      tx.results.push(
        tx.write(publishedId, strengthen({...content, _id: publishedId}) as Doc, source),
      )
      tx.results.push(tx.delete(draftId, source))
      return
    }
    case 'sanity.action.document.unpublish': {
      const published = tx.get(publishedId)
      if (!published)
        fail(
          tx,
          409,
          `Cannot unpublish "${publishedId}": it is not published`,
          'documentNotFoundError',
          publishedId,
        )
      if (!tx.get(draftId)) tx.write(draftId, {...published, _id: draftId}, source)
      tx.results.push(tx.delete(publishedId, source))
      return
    }
    case 'sanity.action.document.discard':
    case 'sanity.action.document.version.discard': {
      if (!tx.get(draftId))
        fail(
          tx,
          409,
          `Cannot discard "${draftId}": it does not exist`,
          'documentNotFoundError',
          draftId,
        )
      tx.results.push(tx.delete(draftId, source))
      return
    }
    case 'sanity.action.document.delete': {
      const drafts = [
        `${DRAFTS_PREFIX}${publishedId}`,
        ...((action.includeDrafts as string[]) ?? []),
      ]
      for (const id of new Set([publishedId, ...drafts])) {
        if (tx.get(id)) tx.results.push(tx.delete(id, source))
      }
      return
    }
    case 'sanity.action.document.version.create': {
      const doc = (action.document ?? {}) as Doc
      const base = action.baseId ? tx.get(String(action.baseId)) : undefined
      const id = (doc._id ?? action.versionId) as string
      tx.results.push(tx.create({...(base ?? {}), ...doc, _id: id}, source))
      return
    }
    case 'sanity.action.release.create': {
      const releaseId = String(action.releaseId ?? randomId(8))
      if (!dryRun) {
        tx.results.push(
          tx.create(
            {
              _id: `_.releases.${releaseId}`,
              _type: 'system.release',
              name: releaseId,
              state: 'active',
              metadata: action.metadata ?? {},
            },
            source,
          ),
        )
      }
      return
    }
    default:
      if (dryRun && type.startsWith('sanity.action.release.')) return
      fail(
        tx,
        400,
        `Action "${type}" is not supported by the local content lake`,
        'unsupportedActionError',
      )
  }
}

function fail(
  tx: Transaction,
  status: number,
  description: string,
  type: string,
  id?: string,
): never {
  throw mutationError(status, tx.index, {description, type, id})
}

/** On publish, references marked `_strengthenOnPublish` become strong, as the Content Lake does. */
function strengthen(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strengthen)
  if (!value || typeof value !== 'object') return value
  const object = {...(value as Record<string, unknown>)}
  const plan = object._strengthenOnPublish as {weak?: boolean} | undefined
  if (plan !== undefined) {
    delete object._strengthenOnPublish
    if (plan && plan.weak) object._weak = true
    else delete object._weak
  }
  for (const key of Object.keys(object)) object[key] = strengthen(object[key])
  return object
}
