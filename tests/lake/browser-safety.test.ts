import {chmodSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {request} from 'node:http'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/**
 * Issue case 7: a web page can't make the browser run anything on the lake (refused before it
 * runs, not merely hidden by CORS), DNS rebinding is refused by the Host check, the Studio's
 * settings need the token, and the data folder is private to its owner.
 */
const STUDIO = 'http://localhost:3333'
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({corsOrigins: [STUDIO], tlsPort: 0})
  await t.client.createOrReplace({_id: 'doc', _type: 'thing', n: 1})
})
afterAll(() => t.close())

/** A request with exactly these headers (fetch would not let a test set Host or Origin). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{status: number; body: string}> {
  return new Promise((done, fail) => {
    const req = request(`${t.lake.url}${path}`, {method, headers}, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => done({status: res.statusCode!, body: text}))
    })
    req.on('error', fail)
    req.end(body)
  })
}

const mutatePath = `/v${API_VERSION}/data/mutate/production`
const queryPath = `/v${API_VERSION}/data/query/production?query=${encodeURIComponent('*[_id == "doc"][0].n')}`
const simplePost = (headers: Record<string, string>) =>
  raw(
    'POST',
    mutatePath,
    {'content-type': 'text/plain', authorization: `Bearer ${t.lake.token}`, ...headers},
    JSON.stringify({mutations: [{patch: {id: 'doc', inc: {n: 1}}}]}),
  )

describe('requests caused by other web pages', () => {
  it('refuses a text/plain POST and a GET from another origin before running them', async () => {
    const post = await simplePost({origin: 'https://evil.example'})
    expect(post.status).toBe(403)
    expect(JSON.parse(post.body)).toMatchObject({statusCode: 403, error: 'Forbidden'})
    expect((await raw('GET', queryPath, {origin: 'https://evil.example'})).status).toBe(403)
    expect((await raw('GET', queryPath, {origin: 'null'})).status).toBe(403)
    expect(await t.client.fetch('*[_id == "doc"][0].n')).toBe(1)
  })

  it('refuses requests without Origin that fetch metadata says another site caused', async () => {
    expect((await simplePost({'sec-fetch-site': 'cross-site'})).status).toBe(403)
    expect((await raw('GET', queryPath, {'sec-fetch-site': 'same-site'})).status).toBe(403)
    expect(await t.client.fetch('*[_id == "doc"][0].n')).toBe(1)
  })

  it('serves the allowed Studio origin, its own origin, and clients that are no browser', async () => {
    expect((await simplePost({origin: STUDIO, 'sec-fetch-site': 'same-site'})).status).toBe(200)
    const own = `http://127.0.0.1:${t.lake.port}`
    expect(
      (await raw('GET', queryPath, {origin: own, 'sec-fetch-site': 'same-origin'})).status,
    ).toBe(200)
    expect((await raw('GET', queryPath, {'sec-fetch-site': 'none'})).status).toBe(200)
    expect(await t.client.fetch('*[_id == "doc"][0].n')).toBe(2)
  })

  it('refuses a Host that is not one of the lake’s own names (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      'evil.example:7070',
      '127.0.0.1.nip.io',
      'localhost.evil.example',
    ]) {
      expect((await raw('GET', queryPath, {host})).status, host).toBe(403)
    }
    for (const host of [
      'localhost',
      `127.0.0.1:${t.lake.port}`,
      'local.localhost:7443',
      '[::1]:80',
    ]) {
      expect((await raw('GET', queryPath, {host})).status, host).toBe(200)
    }
  })
})

describe('private data', () => {
  it("gives the Studio's key-value settings to the token holder only", async () => {
    await t.client.request({
      url: '/users/me/keyvalue',
      method: 'PUT',
      body: [{key: 'studio.pref', value: {a: 1}}],
    })
    await expect(
      t.anonClient.request({url: '/users/me/keyvalue/studio.pref'}),
    ).rejects.toMatchObject({
      statusCode: 401,
    })
    expect(await t.client.request({url: '/users/me/keyvalue/studio.pref'})).toEqual([
      {key: 'studio.pref', value: {a: 1}},
    ])
  })

  it('makes an existing world-readable data folder private on start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lake-open-'))
    try {
      chmodSync(dir, 0o755)
      writeFileSync(join(dir, 'token'), 'sk-old\n', {mode: 0o644})
      const lake = await startTestLake({dataDir: dir})
      await lake.close()
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      expect(statSync(join(dir, 'token')).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir, 'lake.sqlite')).mode & 0o777).toBe(0o600)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('keeps the data folder 0700 and its database, token and TLS files 0600', () => {
    const mode = (path: string) => statSync(path).mode & 0o777
    expect(mode(t.lake.dataDir)).toBe(0o700)
    for (const name of [
      'lake.sqlite',
      'lake.sqlite-wal',
      'lake.sqlite-shm',
      'tls-key.pem',
      'tls-cert.pem',
      'token',
    ]) {
      expect(mode(join(t.lake.dataDir, name)), name).toBe(0o600)
    }
  })
})
