import type {MutationEvent} from '@sanity/client'
import {BufferedDocument, Mutation} from '@sanity/mutator'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * The Studio keeps each open document in a @sanity/mutator BufferedDocument: local edits are
 * committed through the Actions API with a transaction id of the Studio's choosing, and the edit
 * counts as saved ("Saving…" settles) only when a listen event with that transaction id arrives
 * and its `mutations` apply on top of the Studio's copy. These tests drive the same classes the
 * way the Studio does (sanity/lib datastores: checkoutPair, getPairListener).
 */

let t: TestLake

beforeAll(async () => {
  t = await startTestLake()
})
afterAll(() => t.close())

type Event = MutationEvent & {transactionTotalEvents?: number}

/** The pair listener's subscription: includeResult=false, all versions, mendoza effects. */
function listenPair(ids: string[]) {
  const events: Event[] = []
  const waiters: Array<() => void> = []
  let welcomed: () => void = () => undefined
  const welcome = new Promise<void>((done) => (welcomed = done))
  const subscription = t.client
    .listen('*[_id in $ids]', {ids}, {
      includeResult: false,
      includeAllVersions: true,
      enableResume: true,
      effectFormat: 'mendoza',
      events: ['welcome', 'mutation', 'reconnect', 'reset', 'welcomeback'],
    } as never)
    .subscribe((event: {type: string}) => {
      if (event.type === 'welcome') welcomed()
      if (event.type !== 'mutation') return
      events.push(event as unknown as Event)
      waiters.splice(0).forEach((wake) => wake())
    })
  return {
    events,
    welcome,
    async next(count: number): Promise<Event[]> {
      while (events.length < count) await new Promise<void>((wake) => waiters.push(wake))
      return events.slice(0, count)
    },
    close: () => subscription.unsubscribe(),
  }
}

/** A BufferedDocument wired as the Studio wires it: commits go out as Actions. */
function studioDocument(doc: Record<string, unknown> | null, publishedId: string, draftId: string) {
  const buffered = new BufferedDocument(doc as never)
  const state = {consistent: true, committed: [] as string[]}
  buffered.onConsistencyChanged = (consistent) => (state.consistent = consistent)
  buffered.commitHandler = ({mutation, success, failure}) => {
    const params = mutation.params as {transactionId: string; mutations: Array<{patch?: object}>}
    const actions = params.mutations
      .filter((m) => m.patch)
      .map((m) => {
        const {id: _id, ...patch} = m.patch as {id: string}
        return {actionType: 'sanity.action.document.edit', draftId, publishedId, patch}
      })
    state.committed.push(params.transactionId)
    t.client
      .action(actions as never, {transactionId: params.transactionId})
      .then(() => success(), failure)
  }
  return {buffered, state}
}

describe('listen events that keep the Studio in sync', () => {
  it("confirms the Studio's first edit of a published document (draft appears) and settles", async () => {
    await t.client.createOrReplace({
      _id: 'benefit-a',
      _type: 'supplementContent.benefit',
      summary: 'Old',
    })
    const published = await t.client.getDocument('benefit-a')
    const listener = listenPair(['benefit-a', 'drafts.benefit-a'])
    await listener.welcome
    try {
      const {buffered, state} = studioDocument(null, 'benefit-a', 'drafts.benefit-a')
      // The Studio starts a draft from the published document, then patches it.
      buffered.add(
        new Mutation({
          mutations: [
            {createIfNotExists: {...(published as {_type: string}), _id: 'drafts.benefit-a'}},
            {patch: {id: 'drafts.benefit-a', set: {summary: 'New'}}},
          ],
        }),
      )
      expect(state.consistent).toBe(false)
      await buffered.commit()
      const [event] = await listener.next(1)
      expect(event).toMatchObject({
        documentId: 'drafts.benefit-a',
        transition: 'appear',
        transactionId: state.committed[0],
        resultRev: state.committed[0],
      })
      // A missing draft has no revision: an appearing document's event has no previousRev at all.
      expect('previousRev' in event).toBe(false)
      expect(event.mutations).toEqual([
        {createOrReplace: expect.objectContaining({_id: 'drafts.benefit-a', summary: 'New'})},
      ])
      buffered.arrive(new Mutation(event as never))
      expect(state.consistent).toBe(true)
      expect(buffered.document.HEAD).toMatchObject({summary: 'New', _rev: state.committed[0]})
    } finally {
      listener.close()
    }
  })

  it('confirms a later edit of the draft and a publish (two events, one transaction)', async () => {
    const listener = listenPair(['benefit-a', 'drafts.benefit-a'])
    await listener.welcome
    try {
      const draft = await t.client.getDocument('drafts.benefit-a')
      const {buffered, state} = studioDocument(draft!, 'benefit-a', 'drafts.benefit-a')
      buffered.add(
        new Mutation({mutations: [{patch: {id: 'drafts.benefit-a', set: {summary: 'Newer'}}}]}),
      )
      await buffered.commit()
      const [edit] = await listener.next(1)
      expect(edit).toMatchObject({transition: 'update', previousRev: draft!._rev})
      buffered.arrive(new Mutation(edit as never))
      expect(state.consistent).toBe(true)
      expect(buffered.document.HEAD).toMatchObject({summary: 'Newer', _rev: state.committed[0]})

      const publishedDoc = new BufferedDocument((await t.client.getDocument('benefit-a')) as never)
      await t.client.action(
        {
          actionType: 'sanity.action.document.publish',
          draftId: 'drafts.benefit-a',
          publishedId: 'benefit-a',
        },
        {transactionId: 'publish-tx'},
      )
      const events = (await listener.next(3)).slice(1)
      expect(events.map((event) => [event.documentId, event.transition])).toEqual(
        expect.arrayContaining([
          ['benefit-a', 'update'],
          ['drafts.benefit-a', 'disappear'],
        ]),
      )
      for (const event of events) {
        expect(event).toMatchObject({transactionId: 'publish-tx', transactionTotalEvents: 2})
        const target = event.documentId === 'benefit-a' ? publishedDoc : buffered
        target.arrive(new Mutation(event as never))
      }
      expect(publishedDoc.document.HEAD).toMatchObject({summary: 'Newer', _rev: 'publish-tx'})
      expect(buffered.document.HEAD).toBeNull()
    } finally {
      listener.close()
    }
  })

  it('keeps Mutations-API mutations aimed at a document by id as sent', async () => {
    const listener = listenPair(['live-1'])
    await listener.welcome
    try {
      await t.client.create({_id: 'live-1', _type: 'note', n: 1})
      await t.client.patch('live-1').inc({n: 1}).commit()
      const [created, patched] = await listener.next(2)
      expect(created.mutations).toEqual([{create: expect.objectContaining({_id: 'live-1'})}])
      expect(patched.mutations).toEqual([
        {patch: expect.objectContaining({id: 'live-1', inc: {n: 1}})},
      ])
    } finally {
      listener.close()
    }
  })
})
