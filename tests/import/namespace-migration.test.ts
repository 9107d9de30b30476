import type {SanityClient} from '@sanity/client'
import {SanityEncoder} from '@sanity/mutate'
import type {SanityDocument} from 'sanity'
import {collectMigrationMutations, type MigrationContext} from 'sanity/migrate'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import migration, {
  FORMER_TYPE_NAMES,
  namespaceDocument,
  TYPE_NAMESPACE,
  typeRenamesIn,
} from '../../migrations/namespace-plugin-types/index.ts'
import {supplementPageQuery} from '../../schemas/queries/index.ts'
import {validateContent} from '../../schemas/validate.ts'
import {importArticleFile} from '../../scripts/import/index.ts'
import {startTestLake, type TestLake} from '../lake/start-test-lake.ts'
import {SEED} from './helpers.ts'

/**
 * A dataset written before the plugin's types were namespaced: what the importer writes today,
 * with every type name as it was then, plus an editor's draft. The migration moves it over through
 * Sanity's own migration pieces (`collectMigrationMutations`, and `@sanity/mutate`'s encoder, which
 * the CLI's runner uses) against the real lake.
 */
const FORMER = new Map<string, string>(
  FORMER_TYPE_NAMES.map((name) => [`${TYPE_NAMESPACE}.${name}`, name]),
)

function withFormerNames(value: unknown, path: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => withFormerNames(item, path))
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([field, child]) => {
      const namesType =
        field === '_type' ||
        (field === 'type' && path.at(-1) === '_strengthenOnPublish') ||
        (field === 'documentType' && path[0] === 'documents')
      const former = typeof child === 'string' ? FORMER.get(child) : undefined
      return [field, namesType && former ? former : withFormerNames(child, [...path, field])]
    }),
  )
}

const everything = (client: SanityClient) =>
  client.fetch<SanityDocument[]>('* | order(_id)', {}, {perspective: 'raw'})

async function runMigration(client: SanityClient): Promise<number> {
  const documents = async function* () {
    yield* await everything(client)
  }
  const context = {client, dryRun: false} as unknown as MigrationContext
  let sent = 0
  for await (const item of collectMigrationMutations(migration, documents, context)) {
    for (const mutation of [item].flat()) {
      const mutations = mutation.type === 'transaction' ? mutation.mutations : [mutation]
      await client.mutate(SanityEncoder.encodeAll(mutations as never) as never)
      sent++
    }
  }
  return sent
}

let current: TestLake
let legacy: TestLake
let before: SanityDocument[]
const draftBenefit = 'drafts.benefit-edited-by-an-editor'

beforeAll(async () => {
  // Today's import, then the same content as it was stored under the former names.
  current = await startTestLake()
  await importArticleFile(SEED, {client: current.client, skipValidation: true})
  const imported = await everything(current.client)
  legacy = await startTestLake()
  const transaction = legacy.client.transaction()
  for (const doc of imported) {
    const {_rev, _updatedAt, ...rest} = doc
    void _rev
    void _updatedAt
    transaction.createOrReplace(withFormerNames(rest) as SanityDocument)
  }
  const citation = imported.find((doc) => doc._type === `${TYPE_NAMESPACE}.citation`)!
  transaction.createOrReplace({
    _id: 'drafts.citation-only-a-draft',
    _type: 'citation',
    title: 'New',
  })
  transaction.createOrReplace({
    _id: draftBenefit,
    _type: 'benefit',
    title: 'An editor’s new benefit',
    citations: [
      {
        _key: 'c1',
        _type: 'reference',
        // A citation that exists only as a draft so far: linked weakly until it is published.
        _ref: 'citation-only-a-draft',
        _weak: true,
        _strengthenOnPublish: {type: 'citation'},
      },
      {_key: 'c2', _type: 'reference', _ref: citation._id},
    ],
  })
  await transaction.commit()
  before = await everything(legacy.client)
}, 180_000)

afterAll(async () => {
  await current?.close()
  await legacy?.close()
})

describe('namespace-plugin-types migration', () => {
  it('finds every former type name inside a document, by key where items have one', () => {
    const renames = typeRenamesIn({
      _id: 's',
      _type: 'supplement',
      review: {_type: 'medicalReview'},
      body: [{_key: 'b', _type: 'block', markDefs: [{_key: 'm', _type: 'citationReference'}]}],
      warnings: [
        {_key: 'w', _type: 'reference', _ref: 'x', _strengthenOnPublish: {type: 'warning'}},
      ],
      kind: 'doseLimit',
      note: 'citation',
    })
    expect(renames.map((r) => [r.path, r.to])).toEqual([
      [['review', '_type'], 'supplementContent.medicalReview'],
      [
        ['body', {_key: 'b'}, 'markDefs', {_key: 'm'}, '_type'],
        'supplementContent.citationReference',
      ],
      [['warnings', {_key: 'w'}, '_strengthenOnPublish', 'type'], 'supplementContent.warning'],
    ])
    expect(namespaceDocument({_id: 'x', _type: 'supplementContent.citation'})).toEqual([])
  })

  it('moves a dataset to the namespaced names: same ids, same content, editors’ drafts kept', async () => {
    expect(before.some((doc) => doc._type === 'supplement')).toBe(true)
    expect(await runMigration(legacy.client)).toBeGreaterThan(before.length - 1)

    const after = await everything(legacy.client)
    expect(after.map((doc) => doc._id)).toEqual(before.map((doc) => doc._id))
    const leftover = JSON.stringify(after).match(
      new RegExp(`"(?:_type|type|documentType)":"(?:${FORMER_TYPE_NAMES.join('|')})"`, 'g'),
    )
    expect(leftover).toBeNull()

    // What today's importer wrote and what the migration made of the old dataset are the same.
    const strip = (docs: SanityDocument[]) =>
      docs
        .filter((doc) => !doc._id.startsWith('drafts.'))
        .map(
          ({_rev, _updatedAt, _createdAt, ...rest}) => (void [_rev, _updatedAt, _createdAt], rest),
        )
    expect(strip(after)).toEqual(strip(await everything(current.client)))

    const draft = after.find((doc) => doc._id === draftBenefit)!
    expect(draft).toMatchObject({
      _type: 'supplementContent.benefit',
      title: 'An editor’s new benefit',
      citations: [{_strengthenOnPublish: {type: 'supplementContent.citation'}}, {_key: 'c2'}],
    })

    // The site query and Sanity's validator read the migrated content.
    const supplement = after.find((doc) => doc._type === 'supplementContent.supplement')!
    const page = await legacy.client.fetch(
      supplementPageQuery,
      {slug: (supplement.slug as {current: string}).current, preview: true},
      {perspective: 'drafts'},
    )
    expect(page?.citations.length).toBeGreaterThan(10)
    // Imports land as drafts until a reviewer publishes: links to unpublished drafts are expected.
    const markers = await validateContent(supplement, {client: legacy.client})
    const errors = markers.filter(
      (marker) =>
        marker.level === 'error' && (marker as {code?: string}).code !== 'reference.not-published',
    )
    expect(errors).toEqual([])
  })

  it('finds nothing to do on a second run, and a re-import of the article changes no content', async () => {
    expect(await runMigration(legacy.client)).toBe(0)
    const summary = await importArticleFile(SEED, {client: legacy.client, skipValidation: true})
    expect(summary.conflicts).toEqual([])
    for (const counts of Object.values(summary.counts)) {
      expect(counts).toMatchObject({created: 0, updated: 0})
    }
  })
})
