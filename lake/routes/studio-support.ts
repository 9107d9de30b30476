import {LOCAL_PROJECT_ID} from '../../scripts/lib/env.ts'
import {badRequest, LakeError, notFound} from '../errors.ts'
import type {Context} from '../http/context.ts'
import type {Router} from '../http/router.ts'
import {isValidId} from '../documents.ts'
import {LOCAL_USER_ID, type Lake} from '../lake.ts'
import {referencesTo} from '../references.ts'
import {requireToken} from './access.ts'

/**
 * What the Studio asks for besides documents to boot for one local editor: who is logged in, the
 * project, its datasets and grants, and a set of probes (features, schedules, user applications, ...)
 * that only need a well-formed empty answer. Extend here when the Studio starts probing something new.
 */
export function studioSupportRoutes(router: Router, lake: Lake): void {
  const user = {
    id: LOCAL_USER_ID,
    name: 'Local Editor',
    email: 'editor@localhost',
    profileImage: null,
    provider: 'local',
    role: 'administrator',
    roles: [{name: 'administrator', title: 'Administrator'}],
  }
  const createdAt = new Date().toISOString()

  router.on('GET', '/ping', (ctx) => text(ctx, 'PONG'))
  // The Studio's diagnosis after a request failed outright. An origin the lake doesn't allow never
  // gets here (http/guard.ts refuses it), so whoever asks is allowed, with credentials.
  router.on('GET', '/check/cors', (ctx) =>
    ctx.send(200, {result: {allowed: true, withCredentials: true}}),
  )

  // Without the token the Studio shows its login screen, as hosted Sanity answers `{}` to a stranger.
  router.on('GET', '/users/me', (ctx) => ctx.send(200, ctx.authenticated ? user : {}))
  router.on('GET', '/users/:ids', (ctx) => {
    const ids = ctx.params.ids.split(',')
    const users = ids.map((id) =>
      id === LOCAL_USER_ID || id === 'me' ? user : {id, displayName: id},
    )
    ctx.send(200, ids.length > 1 ? users : users[0])
  })

  // The Studio's per-user settings belong to the token holder, like everything else of theirs.
  router.on('GET', '/users/me/keyvalue/:keys', (ctx) => {
    requireToken(ctx)
    ctx.send(
      200,
      ctx.params.keys.split(',').map((key) => ({key, value: lake.store.getValue(key)})),
    )
  })
  router.on(['PUT', 'PATCH', 'POST'], '/users/me/keyvalue', async (ctx) => {
    requireToken(ctx)
    const entries = keyValueEntries(await ctx.text())
    ctx.checkNesting(entries)
    for (const {key, value} of entries) lake.store.setValue(key, value)
    ctx.send(200, entries)
  })

  router.on('GET', '/projects/:projectId', (ctx) => {
    ctx.send(200, {
      id: ctx.params.projectId,
      displayName: 'Local content lake',
      studioHost: null,
      isBlocked: false,
      isDisabled: false,
      isDisabledByUser: false,
      organizationId: null,
      metadata: {color: null, externalStudioHost: null},
      pendingInvites: 0,
      createdAt,
      members: [
        {
          id: LOCAL_USER_ID,
          role: 'administrator',
          roles: user.roles,
          isCurrentUser: true,
          isRobot: false,
          createdAt,
        },
      ],
      features: [],
    })
  })

  const listDatasets = (ctx: Context) =>
    ctx.send(
      200,
      lake.datasetNames().map((name) => ({
        name,
        aclMode: 'public',
        createdAt,
        createdByUserId: LOCAL_USER_ID,
        tags: [],
      })),
    )
  router.on('GET', '/projects/:projectId/datasets', listDatasets)
  // The project-hostname form (`<projectId>.host/vX/datasets`), which Vision's dataset picker uses.
  router.on('GET', '/datasets', listDatasets)
  router.on('PUT', '/projects/:projectId/datasets/:dataset', (ctx) => {
    requireToken(ctx)
    lake.createDataset(ctx.params.dataset)
    ctx.send(200, {datasetName: ctx.params.dataset, aclMode: 'public'})
  })
  router.on('DELETE', '/projects/:projectId/datasets/:dataset', (ctx) => {
    requireToken(ctx)
    lake.deleteDataset(ctx.params.dataset)
    ctx.send(200, {deleted: true})
  })
  router.on('GET', '/projects/:projectId/datasets/:dataset/acl', (ctx) => {
    lake.dataset(ctx.params.dataset)
    const permissions = ctx.authenticated ? ['read', 'create', 'history', 'update'] : ['read']
    ctx.send(200, [
      {filter: ctx.authenticated ? '_id in path("**")' : '_id in path("*")', permissions},
    ])
  })
  router.on('GET', '/projects/:projectId/grants', (ctx) => {
    if (!ctx.authenticated) return ctx.send(200, {})
    const all = (names: string[]) => names.map((name) => ({name, params: {}}))
    ctx.send(200, {
      'sanity.document.filter.mode': [
        {
          grants: all(['read', 'create', 'update', 'history', 'editHistory']),
          config: {filter: '_id in path("**")'},
        },
      ],
      'sanity.project': [
        {grants: all(['read', 'update', 'createSession', 'deployStudio']), config: {}},
      ],
      'sanity.project.datasets': [
        {grants: all(['read', 'create', 'update', 'delete']), config: {}},
      ],
      'sanity.project.members': [{grants: all(['read']), config: {}}],
    })
  })

  router.on('GET', '/features', (ctx) => ctx.send(200, []))
  router.on('GET', '/projects/:projectId/features', (ctx) => ctx.send(200, []))
  router.on('GET', '/projects/:projectId/features/:feature', (ctx) => ctx.send(200, false))
  router.on('GET', '/projects/:projectId/user-applications', (ctx) => ctx.send(200, []))
  router.on('GET', '/user-applications', (ctx) => ctx.send(200, []))
  router.on('GET', '/schedules/:projectId/:dataset', (ctx) => ctx.send(200, {schedules: []}))
  router.on('GET', '/auth/providers', (ctx) =>
    ctx.send(200, {providers: [], thirdPartyLogin: false, sso: {}}),
  )
  router.on('POST', '/auth/logout', (ctx) => ctx.send(200, {}))
  router.on('GET', '/help', (ctx) => ctx.send(200, {}))
  router.on('GET', '/announcements*', (ctx) => ctx.send(200, []))
  // Journeys are Sanity's hosted onboarding and upsell content: trial dialogs, announcements and
  // the upsell cards of comments, tasks, releases, scheduled drafts, asset and document limits.
  // Locally there is none to show: no trial dialog, no announcements, and `null` for an upsell,
  // which the Studio reads as "nothing to offer".
  router.on('GET', '/journey/projects/:projectId', (ctx) => ctx.send(200, {}))
  router.on('GET', '/journey/trial', (ctx) => ctx.send(200, {}))
  router.on('GET', '/journey/trial/override', (ctx) => ctx.send(200, {}))
  router.on('POST', '/journey/trial/:dialogId', (ctx) => ctx.send(200, {}))
  router.on('GET', '/journey/announcements', (ctx) => ctx.send(200, []))
  router.on('GET', '/journey/:journey', (ctx) => ctx.send(200, null))

  // Who refers to a document from elsewhere, asked by the delete and unpublish dialogs (polled
  // every 5 s while one is open). References within the dataset the Studio finds with its own
  // query; this answers the rest: cross-dataset references from the project's other datasets.
  router.on('GET', '/data/references/:dataset/documents/:id/to', (ctx) => {
    requireToken(ctx)
    lake.dataset(ctx.params.dataset)
    const id = ctx.params.id
    if (!isValidId(id)) throw badRequest(`Invalid document id "${String(id).slice(0, 200)}"`)
    const references = referencesTo(lake, ctx.params.dataset, id, {
      internal: !ctx.flag('excludeInternalReferences'),
      paths: !ctx.flag('excludePaths'),
    })
    ctx.send(200, {totalCount: references.length, references})
  })
  // Telemetry is never sent from the local lake's Studio: consent is always "denied".
  router.on('GET', '/intake/telemetry-status', (ctx) => ctx.send(200, {status: 'denied'}))
  router.on('POST', '/intake/*', (ctx) => ctx.send(200, {}))
  // The Studio registers its schema descriptor; "complete" means nothing more to upload.
  router.on('POST', '/descriptors/claim', (ctx) =>
    ctx.send(200, {synchronization: {type: 'complete'}}),
  )
  router.on('POST', '/descriptors/synchronize', (ctx) => ctx.send(200, {type: 'complete'}))
  router.on('POST', '/telemetry/*', (ctx) => ctx.send(200, {}))

  router.on('GET', '/projects', (ctx) =>
    ctx.send(200, [{id: LOCAL_PROJECT_ID, displayName: 'Local content lake'}]),
  )
  router.on('*', '*', (ctx) => {
    throw notFound(`The local content lake has no ${ctx.method} ${ctx.path}`)
  })
}

/** The Studio keeps small per-user settings here (recent searches, inspector widths). */
const MAX_KEYVALUE_ENTRIES = 100
const MAX_KEYVALUE_BYTES = 64 * 1024

/** `[{key, value}]` or one `{key, value}`; anything else is the client's mistake, a 400. */
function keyValueEntries(text: string): Array<{key: string; value: unknown}> {
  let body: unknown
  try {
    body = JSON.parse(text || '[]')
  } catch {
    throw badRequest('Key-value body must be JSON', 'invalidRequestBodyError')
  }
  const entries = Array.isArray(body) ? body : [body]
  if (entries.length > MAX_KEYVALUE_ENTRIES) {
    throw badRequest(`At most ${MAX_KEYVALUE_ENTRIES} key-value entries at once`)
  }
  for (const entry of entries) {
    if (JSON.stringify(entry ?? null).length > MAX_KEYVALUE_BYTES) {
      throw new LakeError(413, `A key-value entry may hold at most ${MAX_KEYVALUE_BYTES} bytes`)
    }
    const key = (entry as {key?: unknown} | null)?.key
    if (
      !entry ||
      typeof entry !== 'object' ||
      typeof key !== 'string' ||
      !key ||
      key.length > 512
    ) {
      throw badRequest(
        'Each key-value entry must be {"key": "<1-512 characters>", "value": ...}',
        'invalidRequestBodyError',
      )
    }
  }
  return entries as Array<{key: string; value: unknown}>
}

function text(ctx: Context, body: string): void {
  ctx.res.writeHead(200, {'content-type': 'text/plain; charset=utf-8'})
  ctx.res.end(body)
}
