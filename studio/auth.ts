import type {AuthConfig} from 'sanity'

/** The localStorage key the Studio reads a project's token from (sanity 6, `loginMethod: 'token'`). */
export function authTokenStorageKey(projectId: string): string {
  return `__studio_auth_token_${projectId}`
}

/**
 * Signs the single local editor in to the local content lake: stores the lake's token where the
 * Studio looks for it, before the Studio starts, so nobody pastes a token or sees a login screen.
 *
 * Why it is acceptable to put the token in the Studio bundle: it is the token of the *local* lake,
 * which listens on 127.0.0.1 only and holds a developer's working copy; anyone who can load this
 * Studio can already read the token file in `.lake/token`. A hosted project never takes this
 * path: with `SANITY_STUDIO_PROJECT_ID` set and no API host, the Studio uses Sanity's normal login.
 * Does nothing outside a browser (the CLI loads the config in Node to extract the schema).
 */
export function seedLocalToken(projectId: string, token: string | undefined): void {
  if (!token || typeof window === 'undefined' || typeof window.localStorage === 'undefined') return
  const key = authTokenStorageKey(projectId)
  try {
    const stored = JSON.parse(window.localStorage.getItem(key) ?? 'null') as {token?: string} | null
    if (stored?.token === token) return
  } catch {
    // An unreadable value is replaced below.
  }
  window.localStorage.setItem(key, JSON.stringify({token}))
}

/** Auth for the local lake: the token from localStorage only, never cookies or login providers. */
export function localStudioAuth(): AuthConfig {
  return {loginMethod: 'token', providers: []}
}
