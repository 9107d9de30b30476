import {randomBytes} from 'node:crypto'

export interface Doc {
  _id?: string
  _type?: string
  _rev?: string
  _createdAt?: string
  _updatedAt?: string
  [field: string]: unknown
}

export const DRAFTS_PREFIX = 'drafts.'
export const VERSIONS_PREFIX = 'versions.'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A random id in the 22-character base62 form Sanity uses for revisions and transactions. */
export function randomId(length = 22): string {
  const bytes = randomBytes(length)
  let id = ''
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length]
  return id
}

export function isDraftId(id: string): boolean {
  return id.startsWith(DRAFTS_PREFIX)
}

export function isVersionId(id: string): boolean {
  return id.startsWith(VERSIONS_PREFIX)
}

/** Ids with a path (`drafts.x`, `versions.r.x`, `a.b`) are private: anonymous readers never see them. */
export function isPrivateId(id: string): boolean {
  return id.includes('.')
}

const VALID_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/

export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && VALID_ID.test(id) && !id.includes('..')
}

/**
 * The ids a document references strongly. Weak references, references that are only strengthened on
 * publish and references into other datasets or projects may dangle, so they are left out.
 */
export function strongReferences(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) strongReferences(item, found)
  } else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    if (
      typeof object._ref === 'string' &&
      object._weak !== true &&
      object._strengthenOnPublish === undefined &&
      object._dataset === undefined &&
      object._projectId === undefined
    ) {
      found.add(object._ref)
    }
    for (const key in object) {
      const child = object[key]
      if (child && typeof child === 'object') strongReferences(child, found)
    }
  }
  return found
}

/** Gives every object in an array a `_key`, as Sanity's `autoGenerateArrayKeys` does. */
export function addMissingArrayKeys(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item) && !('_key' in item)) {
        ;(item as Record<string, unknown>)._key = randomId(12)
      }
      addMissingArrayKeys(item)
    }
  } else if (value && typeof value === 'object') {
    for (const child of Object.values(value)) addMissingArrayKeys(child)
  }
}

/** Up to this limit the check recurses: the stack holds that many frames with room to spare. */
const RECURSION_SAFE_DEPTH = 1000

/**
 * True when `value` nests objects and arrays deeper than `max` levels. Every document of every
 * write is walked (and the request body once more), so the walk allocates nothing: it recurses,
 * which the depth limit itself bounds; a limit configured beyond what the stack can hold is
 * checked with an explicit stack instead.
 */
export function nestingExceeds(value: unknown, max: number): boolean {
  if (max > RECURSION_SAFE_DEPTH) return nestingExceedsIteratively(value, max)
  return deeperThan(value, max)
}

/** `value` nests more than `left` levels (an object or array is one level, scalars none). */
function deeperThan(value: unknown, left: number): boolean {
  if (!value || typeof value !== 'object') return false
  if (left === 0) return true
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (item && typeof item === 'object' && deeperThan(item, left - 1)) return true
    }
  } else {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      const child = (value as Record<string, unknown>)[key]
      if (child && typeof child === 'object' && deeperThan(child, left - 1)) return true
    }
  }
  return false
}

function nestingExceedsIteratively(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (!current || typeof current !== 'object') continue
    if (depth > max) return true
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child && typeof child === 'object') stack.push([child, depth + 1])
    }
  }
  return false
}
