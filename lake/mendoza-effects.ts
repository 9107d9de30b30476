import {isDeepStrictEqual} from 'node:util'

/** A patch in mendoza's wire format: opcodes and their operands, flattened into one array. */
export type MendozaPatch = unknown[]

export interface Effects {
  apply: MendozaPatch
  revert: MendozaPatch
}

// Opcodes of mendoza's format (the `mendoza` package reads them; it has no encoder). Operands
// follow in the order the reader takes them: ObjectSetFieldValue is value, then key.
const VALUE = 0
const PUSH_FIELD_COPY = 10
const RETURN_INTO_OBJECT_SAME_KEY_POP = 15
const OBJECT_SET_FIELD_VALUE = 17
const OBJECT_DELETE_FIELD = 19

/**
 * The effects of one transaction on one document, as the Studio replays them to attribute each
 * changed field to its author: object fields are diffed recursively, any other changed value
 * (arrays, strings, numbers) is replaced whole. A created or deleted document is replaced whole.
 */
export function documentEffects(before: unknown, after: unknown): Effects {
  return {
    apply: encode(before ?? null, after ?? null),
    revert: encode(after ?? null, before ?? null),
  }
}

function encode(left: unknown, right: unknown): MendozaPatch {
  if (isObject(left) && isObject(right)) {
    const patch: MendozaPatch = []
    objectOps(left, right, patch)
    return patch
  }
  return isDeepStrictEqual(left, right) ? [] : [VALUE, right]
}

/** Turns the output object (a copy of `left`) into `right`; field indexes count `left`'s sorted keys. */
function objectOps(
  left: Record<string, unknown>,
  right: Record<string, unknown>,
  patch: MendozaPatch,
): void {
  const leftKeys = Object.keys(left).sort()
  leftKeys.forEach((key, index) => {
    if (!(key in right) || right[key] === undefined) patch.push(OBJECT_DELETE_FIELD, index)
  })
  for (const key of Object.keys(right)) {
    const next = right[key]
    if (next === undefined) continue
    const previous = left[key]
    if (previous !== undefined && isDeepStrictEqual(previous, next)) continue
    if (isObject(previous) && isObject(next)) {
      patch.push(PUSH_FIELD_COPY, leftKeys.indexOf(key))
      objectOps(previous, next, patch)
      patch.push(RETURN_INTO_OBJECT_SAME_KEY_POP)
    } else {
      patch.push(OBJECT_SET_FIELD_VALUE, next, key)
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
