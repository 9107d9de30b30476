import {ClientError} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {SANITY_ERROR_TYPES} from '../../lake/errors.ts'
import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Errors reach clients in Sanity's shapes and under Sanity's type names, so that @sanity/client
 * builds the same ClientError (message, statusCode, details) an app would get from hosted Sanity,
 * and code that branches on `details.type` or `details.items[].error.type` works unchanged.
 */
let t: TestLake
const sent: Array<{status: number; body: unknown}> = []

beforeAll(async () => {
  t = await startTestLake({limits: {maxBodyBytes: 64 * 1024}})
  await t.client.createOrReplace({
    _id: 'vitd',
    _type: 'supplementContent.supplement',
    name: 'Vitamin D',
  })
  await t.client.createOrReplace({
    _id: 'bones',
    _type: 'supplementContent.benefit',
    supplement: {_type: 'reference', _ref: 'vitd'},
  })
})
afterAll(() => t.close())

/** Runs a client call that must fail and returns the ClientError it failed with. */
async function failure(call: () => Promise<unknown>): Promise<ClientError> {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ClientError)
  const clientError = error as ClientError
  sent.push({status: clientError.statusCode, body: clientError.response.body})
  return clientError
}

async function raw(path: string, init: RequestInit = {}) {
  const response = await fetch(`${t.lake.url}/v${API_VERSION}${path}`, {
    ...init,
    headers: {authorization: `Bearer ${t.lake.token}`, ...init.headers},
  })
  const body = (await response.json()) as {error?: {type?: string; description?: string}}
  sent.push({status: response.status, body})
  return {status: response.status, body}
}

describe("the lake's errors, as @sanity/client reads them", () => {
  it('a malformed query is a queryParseError with a position, shown as a code frame', async () => {
    const error = await failure(() => t.client.fetch('*[_type == "supplementContent.supplement"'))
    expect(error.statusCode).toBe(400)
    expect(error.details).toMatchObject({
      type: 'queryParseError',
      query: '*[_type == "supplementContent.supplement"',
    })
    expect(error.message).toMatch(/^GROQ query parse error:/)
  })

  it('a transaction refused for a document that exists names documentAlreadyExistsError', async () => {
    const error = await failure(() =>
      t.client.create({_id: 'vitd', _type: 'supplementContent.supplement'}),
    )
    expect(error.statusCode).toBe(409)
    expect(error.details).toMatchObject({
      type: 'mutationError',
      items: [{error: {type: 'documentAlreadyExistsError', id: 'vitd'}, index: 0}],
    })
    expect(error.message).toMatch(/^The mutation\(s\) failed: .*vitd/)
  })

  it('a stale revision names documentRevisionIDDoesNotMatchError', async () => {
    const error = await failure(() =>
      t.client.patch('vitd').ifRevisionId('stale').set({name: 'x'}).commit(),
    )
    expect(error.statusCode).toBe(409)
    expect(error.details).toMatchObject({
      type: 'mutationError',
      items: [{error: {type: 'documentRevisionIDDoesNotMatchError'}}],
    })
  })

  it('deleting a referenced document names documentHasExistingReferencesError and who refers', async () => {
    const error = await failure(() => t.client.delete('vitd'))
    expect(error.statusCode).toBe(409)
    expect(error.details).toMatchObject({
      type: 'mutationError',
      items: [{error: {type: 'documentHasExistingReferencesError', referencingIDs: ['bones']}}],
    })
  })

  it('a document Sanity would refuse is a validationError item, through mutations and actions alike', async () => {
    const mutation = await failure(() =>
      t.client.create({_id: '../x', _type: 'supplementContent.supplement'}),
    )
    expect(mutation.statusCode).toBe(400)
    expect(mutation.details).toMatchObject({
      type: 'mutationError',
      items: [{error: {type: 'validationError'}}],
    })
    const action = await failure(() =>
      t.client.action({
        actionType: 'sanity.action.document.create',
        publishedId: '../x',
        attributes: {_type: 'supplementContent.supplement'},
      } as never),
    )
    expect(action.statusCode).toBe(400)
    expect(action.details).toMatchObject({items: [{error: {type: 'validationError'}}]})
  })

  it('malformed requests are httpBadRequest: a body that is not JSON, a bad perspective, a bad %-escape', async () => {
    const body = await raw('/data/mutate/production', {method: 'POST', body: '{"mutations": ['})
    expect(body).toMatchObject({status: 400, body: {error: {type: 'httpBadRequest'}}})
    const perspective = await raw('/data/query/production?query=*&perspective=raw,drafts')
    expect(perspective).toMatchObject({status: 400, body: {error: {type: 'httpBadRequest'}}})
    const escape = await raw('/data/doc/production/%E0%A4%A')
    expect(escape).toMatchObject({status: 400, body: {error: {type: 'httpBadRequest'}}})
  })

  it('limits answer with the http type of their status', async () => {
    const big = await raw('/data/mutate/production', {
      method: 'POST',
      body: JSON.stringify({mutations: [{create: {_type: 'x', text: 'x'.repeat(70_000)}}]}),
    })
    expect(big).toMatchObject({status: 413, body: {error: {type: 'httpPayloadTooLarge'}}})
  })

  it('unknown routes and missing tokens answer as Sanity does, in its {error, message, statusCode} form', async () => {
    const missing = await failure(() => t.client.request({url: '/no/such/endpoint'}))
    expect(missing.statusCode).toBe(404)
    expect(missing.message).toMatch(/^Not Found - /)
    const anonymous = await failure(() =>
      t.anonClient.create({_type: 'supplementContent.supplement'}),
    )
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.message).toMatch(/^Unauthorized - /)
  })

  it('every error answered above carries only names Sanity uses', () => {
    const types = sent.flatMap(({body}) => {
      const error = (body as {error?: unknown}).error
      expect(error, JSON.stringify(body).slice(0, 200)).toBeTruthy()
      if (typeof error === 'string') return []
      const {type, items} = error as {type: string; items?: Array<{error: {type: string}}>}
      return [type, ...(items ?? []).map((item) => item.error.type)]
    })
    expect(types.length).toBeGreaterThan(10)
    for (const type of types) {
      expect(SANITY_ERROR_TYPES.has(type) || /^http[A-Z][A-Za-z]+$/.test(type), type).toBe(true)
    }
  })
})
