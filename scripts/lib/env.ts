import {existsSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {type ClientConfig, createClient, type SanityClient} from '@sanity/client'

/** The API version every script and test in this project speaks. */
export const API_VERSION = '2025-02-19'

/** Project id the local content lake answers to; it must be a valid DNS label for `<id>.localhost`. */
export const LOCAL_PROJECT_ID = 'local'
export const DEFAULT_DATASET = 'production'
export const DEFAULT_LAKE_PORT = 7070
export const DEFAULT_LAKE_TLS_PORT = 7443

export interface LakeSettings {
  dataDir: string
  host: string
  port: number
  tlsPort: number
  tokenFile: string
}

export function lakeSettings(env: NodeJS.ProcessEnv = process.env): LakeSettings {
  const dataDir = resolve(env.SANITY_LAKE_DIR || '.lake')
  return {
    dataDir,
    host: env.SANITY_LAKE_HOST || '127.0.0.1',
    port: Number(env.SANITY_LAKE_PORT || DEFAULT_LAKE_PORT),
    tlsPort: Number(env.SANITY_LAKE_TLS_PORT || DEFAULT_LAKE_TLS_PORT),
    tokenFile: join(dataDir, 'token'),
  }
}

/** True when the environment names a hosted Sanity project and no local API host. */
export function usesHostedSanity(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SANITY_PROJECT_ID) && !env.SANITY_API_HOST
}

/**
 * Client configuration from the environment alone: hosted Sanity when `SANITY_PROJECT_ID` is set,
 * otherwise the local content lake with the token it stored in its data folder.
 */
export function clientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const dataset = env.SANITY_DATASET || DEFAULT_DATASET
  if (usesHostedSanity(env)) {
    return {
      projectId: env.SANITY_PROJECT_ID,
      dataset,
      token: env.SANITY_API_TOKEN,
      apiVersion: API_VERSION,
      useCdn: false,
    }
  }
  const lake = lakeSettings(env)
  const token =
    env.SANITY_API_TOKEN ||
    (existsSync(lake.tokenFile) ? readFileSync(lake.tokenFile, 'utf8').trim() : undefined)
  return {
    projectId: env.SANITY_PROJECT_ID || LOCAL_PROJECT_ID,
    dataset,
    token,
    apiVersion: API_VERSION,
    apiHost: env.SANITY_API_HOST || `http://${lake.host}:${lake.port}`,
    useProjectHostname: false,
    useCdn: false,
  }
}

/** A client for a lake this process started or knows (its URL and token), on one dataset. */
export function lakeClient(
  lake: {url: string; token?: string},
  dataset: string = DEFAULT_DATASET,
): SanityClient {
  return createClient({
    projectId: LOCAL_PROJECT_ID,
    dataset,
    apiVersion: API_VERSION,
    apiHost: lake.url,
    useProjectHostname: false,
    useCdn: false,
    token: lake.token,
  })
}

export function clientFromEnv(env: NodeJS.ProcessEnv = process.env): SanityClient {
  return createClient(clientConfigFromEnv(env))
}
