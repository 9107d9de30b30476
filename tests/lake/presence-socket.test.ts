import {fromUrl} from '@sanity/bifur-client'
import {firstValueFrom, of} from 'rxjs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestLake, type TestLake} from './start-test-lake.ts'

let t: TestLake

beforeAll(async () => {
  t = await startTestLake()
})
afterAll(() => t.close())

const socketUrl = () => `${t.lake.url.replace(/^http/, 'ws')}/v2022-06-30/socket/production`

interface PresenceEvent {
  type: string
  i: string
  session?: string
  m?: {sessionId?: string; session?: string; locations?: unknown[]}
}

/** Opens a raw socket and resolves with its close code (or 'open' if it stays open). */
function rawSocket(url: string): Promise<{socket: WebSocket; opened: boolean; code?: number}> {
  return new Promise((done) => {
    const socket = new WebSocket(url)
    socket.onopen = () => done({socket, opened: true})
    // A refused handshake is an error event; its close event may come much later.
    socket.onerror = () => done({socket, opened: false})
    socket.onclose = (event) => done({socket, opened: false, code: event.code})
  })
}

type Bifur = ReturnType<typeof fromUrl>

/** Records a client's presence events once its subscription is known to be live. */
async function subscribed(client: Bifur, probe: string) {
  const events: PresenceEvent[] = []
  const subscription = client
    .listen<PresenceEvent>('presence')
    .subscribe((event) => events.push(event))
  await until(async () => {
    await firstValueFrom(client.request('presence_rollcall', {session: probe}))
    return events.some((event) => event.session === probe)
  })
  return {events: () => events.filter((event) => event.session !== probe), subscription}
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((done) => setTimeout(done, 50))
  }
}

describe('presence socket (the protocol of @sanity/bifur-client, which the Studio uses)', () => {
  it('relays one session’s locations, roll calls and disconnects to another', async () => {
    const alice = await subscribed(fromUrl(socketUrl(), {token$: of(t.lake.token)}), 'alice-probe')
    const bob = fromUrl(socketUrl(), {token$: of(t.lake.token)})
    const location = {
      type: 'document',
      documentId: 'drafts.vitamin-d3',
      path: ['title'],
      lastActiveAt: new Date().toISOString(),
    }
    await firstValueFrom(bob.request('presence_rollcall', {session: 'bob-session'}))
    await firstValueFrom(
      bob.request('presence_announce', {data: {sessionId: 'bob-session', locations: [location]}}),
    )
    await firstValueFrom(bob.request('presence_disconnect', {session: 'bob-session'}))
    await until(() => alice.events().length >= 3)
    const events = alice.events()
    expect(events[0]).toMatchObject({
      type: 'rollCall',
      session: 'bob-session',
      i: expect.any(String),
    })
    expect(events[1]).toMatchObject({
      type: 'state',
      m: {sessionId: 'bob-session', locations: [location]},
    })
    expect(events[2]).toMatchObject({type: 'disconnect', m: {session: 'bob-session'}})
    alice.subscription.unsubscribe()
  })

  it('tells others when a socket with announced sessions closes', async () => {
    const watcher = await subscribed(fromUrl(socketUrl(), {token$: of(t.lake.token)}), 'w-probe')
    const {socket} = await rawSocket(socketUrl())
    const send = (id: string, method: string, params: unknown) =>
      socket.send(JSON.stringify({jsonrpc: '2.0', id, method, params}))
    send('1', 'authorization', {authorization: `Bearer ${t.lake.token}`})
    send('2', 'presence_announce', {data: {sessionId: 'leaving', locations: []}})
    await until(() => watcher.events().length >= 1)
    socket.close()
    await until(() => watcher.events().length >= 2)
    const [state, disconnect] = watcher.events()
    expect(state).toMatchObject({type: 'state', m: {sessionId: 'leaving'}})
    expect(disconnect).toMatchObject({type: 'disconnect', m: {session: 'leaving'}})
    watcher.subscription.unsubscribe()
  })

  it('refuses a wrong token, requests before the token, bad messages, and unknown datasets', async () => {
    const {socket} = await rawSocket(socketUrl())
    const replies: Array<{id: unknown; error?: {code: number}}> = []
    const closed = new Promise<number>((done) => (socket.onclose = (event) => done(event.code)))
    socket.onmessage = (event) => replies.push(JSON.parse(String(event.data)))
    socket.send('not json')
    socket.send(JSON.stringify({jsonrpc: '2.0', id: 'a', method: 'presence_subscribe', params: {}}))
    socket.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'b',
        method: 'authorization',
        params: {authorization: 'Bearer wrong'},
      }),
    )
    expect(await closed).toBe(4001)
    expect(replies.map((reply) => reply.error?.code)).toEqual([-32700, 4001, 4001])

    const missing = await rawSocket(socketUrl().replace('production', 'no-such-dataset'))
    expect(missing.opened).toBe(false)
    const elsewhere = await rawSocket(socketUrl().replace('/socket/', '/sockets/'))
    expect(elsewhere.opened).toBe(false)
  })

  it('closes a socket that floods it with messages', async () => {
    const {socket} = await rawSocket(socketUrl())
    const closed = new Promise<number>((done) => (socket.onclose = (event) => done(event.code)))
    for (let i = 0; i < 200; i++) socket.send('{}')
    expect(await closed).toBe(1008)
  })
})
