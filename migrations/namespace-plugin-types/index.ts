import {
  at,
  create,
  defineMigration,
  delete_,
  type Mutation,
  patch,
  set,
  transaction,
  unset,
} from 'sanity/migrate'

/** The plugin's type names before they were namespaced, and the prefix they now carry. */
export const FORMER_TYPE_NAMES = [
  'supplement',
  'benefit',
  'audience',
  'warning',
  'citation',
  'importRecord',
  'articleBody',
  'citationReference',
  'doseLimit',
  'importProvenance',
  'ingredient',
  'mechanismStep',
  'medicalReview',
  'reviewedDocument',
] as const
export const TYPE_NAMESPACE = 'supplementContent'

const RENAMED: ReadonlyMap<string, string> = new Map(
  FORMER_TYPE_NAMES.map((name) => [name, `${TYPE_NAMESPACE}.${name}`]),
)

type Value = unknown
type Path = Array<string | {_key: string} | number>

export interface TypeRename {
  path: Path
  from: string
  to: string
}

/**
 * Every place inside a document that names one of the former types: `_type` of objects and array
 * items (Portable Text annotations, dose limits, ingredients, reviews...), the type a draft's
 * reference will point at once published (`_strengthenOnPublish.type`), and the importer's
 * record of which type it wrote (`documents[].documentType`). Paths use `_key` for keyed items so
 * a patch lands on the same item even if an editor reorders the array meanwhile.
 */
export function typeRenamesIn(value: Value, path: Path = []): TypeRename[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => {
      const key = (item as {_key?: unknown} | null)?._key
      return typeRenamesIn(item, [...path, typeof key === 'string' ? {_key: key} : index])
    })
  }
  if (!value || typeof value !== 'object') return []
  const found: TypeRename[] = []
  for (const [field, child] of Object.entries(value)) {
    const renamedTo = typeof child === 'string' ? RENAMED.get(child) : undefined
    const namesType =
      (field === '_type' && path.length > 0) ||
      (field === 'type' && path.at(-1) === '_strengthenOnPublish') ||
      (field === 'documentType' && path.length === 2 && path[0] === 'documents')
    if (renamedTo && namesType)
      found.push({path: [...path, field], from: child as string, to: renamedTo})
    else if (child && typeof child === 'object')
      found.push(...typeRenamesIn(child, [...path, field]))
  }
  return found
}

/** A copy of the value with every rename applied (for documents that are re-created). */
export function withRenamedTypes<T>(value: T, path: Path = []): T {
  if (Array.isArray(value)) return value.map((item, i) => withRenamedTypes(item, [...path, i])) as T
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [field, child] of Object.entries(value)) {
    const renamedTo = typeof child === 'string' ? RENAMED.get(child) : undefined
    const namesType =
      field === '_type' ||
      (field === 'type' && path.at(-1) === '_strengthenOnPublish') ||
      (field === 'documentType' && path.length === 2 && path[0] === 'documents')
    out[field] = renamedTo && namesType ? renamedTo : withRenamedTypes(child, [...path, field])
  }
  return out as T
}

/** The mutations that move one stored document (published, draft or release version) over. */
export function namespaceDocument(doc: {_id: string; _type: string; _rev?: string}): Mutation[] {
  const documentType = RENAMED.get(doc._type)
  if (documentType) {
    // The Content Lake never changes a document's `_type` in place ("Cannot modify immutable
    // attribute"): delete and re-create it under the same id in one transaction, so references
    // to it stay valid. The first patch fails the transaction if an editor changed the document
    // since it was read, instead of discarding that change.
    const {_rev, _updatedAt, ...rest} = doc as typeof doc & {_updatedAt?: string}
    const guard = patch(doc._id, [at('_namespaceGuard', unset())], {ifRevision: _rev ?? ''})
    return [
      ...(_rev ? [guard] : []),
      delete_(doc._id),
      create(withRenamedTypes({...rest, _type: documentType})),
    ]
  }
  const renames = typeRenamesIn(doc)
  if (renames.length === 0) return []
  return [
    patch(
      doc._id,
      renames.map((rename) => at(rename.path, set(rename.to))),
      doc._rev ? {ifRevision: doc._rev} : undefined,
    ),
  ]
}

/**
 * The plugin's schema types are namespaced (`citation` is `supplementContent.citation`, 14 types) so that a
 * studio's own `citation`, `warning` or `audience` types can live beside them. Datasets written
 * before that keep working after this migration: every document of a former type, every object
 * inside a document that names one, and the importer's record are moved to the new names; ids,
 * references and content stay as they are. Idempotent: a second run finds nothing to do.
 */
export default defineMigration({
  title: 'Namespace the plugin’s type names (supplementContent.*)',
  async *migrate(documents) {
    for await (const doc of documents()) {
      const mutations = namespaceDocument(doc)
      if (mutations.length > 1) yield transaction(mutations)
      else if (mutations.length === 1) yield mutations[0]
    }
  },
})
