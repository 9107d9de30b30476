/**
 * "Mark reviewed" as data: publish a supplement together with every draft of the documents its
 * page shows, in one transaction, and record in the review which revision of each was approved.
 * Used by the Studio's action and by scripts and tests with a plain @sanity/client.
 */
import type {SanityClient} from '@sanity/client'
import {getDraftId, getPublishedId} from '@sanity/id-utils'
import {uuid} from '@sanity/uuid'

type Doc = Record<string, unknown> & {_id: string; _type: string; _rev?: string}

export interface ReviewedDocumentEntry {
  _key: string
  _type: 'supplementContent.reviewedDocument'
  document: {_type: 'reference'; _ref: string; _weak: true}
  revision: string
}

export interface ApprovalInput {
  reviewer: string
  /** `YYYY-MM-DD` */
  date: string
  /** The transaction's id, which becomes every published document's `_rev`; random by default. */
  transactionId?: string
}

export interface ApprovalPlan {
  transactionId: string
  actions: Array<Record<string, unknown>>
  /** Linked documents this review publishes (they had drafts). */
  published: string[]
  /** Every linked document the review approves, with the revision readers will see. */
  approved: ReviewedDocumentEntry[]
}

/** What a document needs published beside it: references that are strong, or become strong on publish. */
export function neededReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) neededReferences(item, found)
  } else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    const onlyWeak = object._weak === true && object._strengthenOnPublish === undefined
    if (typeof object._ref === 'string' && !onlyWeak) {
      const id = getPublishedId(object._ref as never) as string
      if (!found.includes(id)) found.push(id)
    }
    for (const [key, child] of Object.entries(object)) {
      // `review.approved` points at what was approved last time, not at what the page shows.
      if (key === 'approved' && object._type === 'supplementContent.medicalReview') continue
      if (child && typeof child === 'object') neededReferences(child, found)
    }
  }
  return found
}

/** A stable array key for an id (FNV-1a, twice): the same in the Studio and in Node. */
function keyOf(id: string): string {
  const hash = (seed: number) => {
    let h = seed
    for (let i = 0; i < id.length; i++) {
      h ^= id.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    return h.toString(16).padStart(8, '0')
  }
  return `${hash(0x811c9dc5)}${hash(0x050c5d1f)}`
}

/**
 * Pure: the Actions that approve `supplement` (its draft when there is one) with `linked`, the
 * draft and published versions of every document it needs, as read just before.
 */
export function planApproval(
  versions: Map<string, {draft?: Doc; published?: Doc}>,
  supplementId: string,
  input: ApprovalInput,
): ApprovalPlan {
  const transactionId = input.transactionId ?? uuid()
  const publishedId = getPublishedId(supplementId as never) as string
  const draftId = getDraftId(publishedId as never) as string
  const own = versions.get(publishedId)
  const supplement = own?.draft ?? own?.published
  if (!supplement) throw new Error(`Supplement "${publishedId}" does not exist.`)

  const actions: Array<Record<string, unknown>> = []
  const published: string[] = []
  const approved: ReviewedDocumentEntry[] = []
  const seen = new Set<string>([publishedId])
  const queue = neededReferences(supplement)
  while (queue.length > 0) {
    const id = queue.shift()!
    if (seen.has(id)) continue
    seen.add(id)
    const version = versions.get(id)
    const current = version?.draft ?? version?.published
    if (!current) {
      throw new Error(
        `"${id}", which the supplement links to, does not exist; remove the link or create it first.`,
      )
    }
    queue.push(...neededReferences(current))
    if (version?.draft) {
      actions.push({
        actionType: 'sanity.action.document.publish',
        draftId: version.draft._id,
        publishedId: id,
        // Publish what was looked at: an edit made meanwhile fails the whole approval.
        ifDraftRevisionId: version.draft._rev,
        ...(version.published ? {ifPublishedRevisionId: version.published._rev} : {}),
      })
      published.push(id)
    }
    approved.push({
      _key: keyOf(id),
      _type: 'supplementContent.reviewedDocument',
      document: {_type: 'reference', _ref: id, _weak: true},
      revision: version?.draft ? transactionId : String(version?.published?._rev),
    })
  }
  actions.push(
    {
      actionType: 'sanity.action.document.edit',
      draftId,
      publishedId,
      patch: {
        // The supplement as the reviewer saw it: an edit made meanwhile fails the approval.
        ...(own?.draft?._rev ? {ifRevisionID: own.draft._rev} : {}),
        set: {
          review: {
            _type: 'supplementContent.medicalReview',
            status: 'reviewed',
            reviewer: input.reviewer,
            lastReviewed: input.date,
            revision: transactionId,
            approved,
          },
        },
      },
    },
    {actionType: 'sanity.action.document.publish', draftId, publishedId},
  )
  return {transactionId, actions, published, approved}
}

/** Draft and published versions of `ids`, read with the client's token. */
export async function readVersions(
  client: SanityClient,
  ids: string[],
): Promise<Map<string, {draft?: Doc; published?: Doc}>> {
  const all = ids.flatMap((id) => [id, getDraftId(id as never) as string])
  const docs = await client.getDocuments<Doc>(all)
  const map = new Map<string, {draft?: Doc; published?: Doc}>()
  ids.forEach((id, index) => {
    const published = docs[index * 2] ?? undefined
    const draft = docs[index * 2 + 1] ?? undefined
    if (published || draft) map.set(id, {draft, published})
  })
  return map
}

/**
 * Marks a supplement reviewed: sets reviewer, date and status, records what was approved, and
 * publishes it with the drafts of every benefit, audience, warning and citation it needs, in one
 * transaction (references marked `_strengthenOnPublish` become strong as they are published).
 */
export async function markSupplementReviewed(
  client: SanityClient,
  supplementId: string,
  input: ApprovalInput,
  /** The versions the reviewer was shown (`readClosure`); what is published must be those. */
  versions?: Map<string, {draft?: Doc; published?: Doc}>,
): Promise<ApprovalPlan> {
  const publishedId = getPublishedId(supplementId as never) as string
  const plan = planApproval(
    versions ?? (await readClosure(client, publishedId)),
    publishedId,
    input,
  )
  await client.action(plan.actions as never, {transactionId: plan.transactionId})
  return plan
}

/** The supplement and everything its page needs, a level at a time (linked, their citations). */
export async function readClosure(
  client: SanityClient,
  supplementId: string,
): Promise<Map<string, {draft?: Doc; published?: Doc}>> {
  const publishedId = getPublishedId(supplementId as never) as string
  const versions = await readVersions(client, [publishedId])
  let pending = [publishedId]
  for (let depth = 0; depth < 4 && pending.length > 0; depth++) {
    const next = pending.flatMap((id) => {
      const version = versions.get(id)
      return neededReferences(version?.draft ?? version?.published).filter(
        (ref) => !versions.has(ref),
      )
    })
    pending = [...new Set(next)]
    if (pending.length > 0) {
      for (const [id, v] of await readVersions(client, pending)) versions.set(id, v)
    }
  }
  return versions
}

export interface ReviewChange {
  id: string
  type: string
  title: string
  /** new: never published; edited: an open draft; published: published after the review. */
  state: 'new' | 'edited' | 'publishedAfterReview'
  /** Fields whose value differs from what readers see now. */
  fields: string[]
}

const SKIPPED = new Set(['_id', '_rev', '_createdAt', '_updatedAt', '_originalId', 'review'])
const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([k]) => k !== '_weak' && k !== '_strengthenOnPublish')
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  ) ?? ''

/**
 * What changed since the supplement's last review, per document, with the fields that differ
 * from what readers see: the reviewer's diff before approving again.
 */
export function changesSinceReview(
  versions: Map<string, {draft?: Doc; published?: Doc}>,
  supplementId: string,
): ReviewChange[] {
  const publishedId = getPublishedId(supplementId as never) as string
  const own = versions.get(publishedId)
  const review = (own?.published?.review ?? {}) as {
    revision?: string
    approved?: ReviewedDocumentEntry[]
  }
  const approvedRev = new Map((review.approved ?? []).map((e) => [e.document._ref, e.revision]))
  const changes: ReviewChange[] = []
  for (const [id, {draft, published}] of versions) {
    const current = draft ?? published
    if (!current) continue
    const title = String(current.name ?? current.title ?? id)
    const fieldsChanged = () =>
      [...new Set([...Object.keys(draft ?? {}), ...Object.keys(published ?? {})])]
        .filter((field) => !SKIPPED.has(field))
        .filter((field) => stable(draft?.[field]) !== stable(published?.[field]))
        .sort()
    if (!published) {
      changes.push({id, type: current._type, title, state: 'new', fields: []})
    } else if (draft) {
      const fields = fieldsChanged()
      if (fields.length > 0 || id === publishedId)
        changes.push({id, type: current._type, title, state: 'edited', fields})
    } else if (
      // Before a first review nothing linked was approved: a document published by hand is as
      // unreviewed as a new one, and the reviewer must see it.
      id === publishedId
        ? review.revision !== published._rev
        : approvedRev.get(id) !== published._rev
    ) {
      changes.push({id, type: current._type, title, state: 'publishedAfterReview', fields: []})
    }
  }
  return changes
}
