import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {evaluate, parse} from 'groq-js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {API_VERSION} from '../../scripts/lib/env.ts'
import {startTestLake, type TestLake} from './start-test-lake.ts'

/** Queries answered through the lake's HTTP endpoint must equal groq-js run in-process. */
const QUERIES: Array<[string, Record<string, unknown>?]> = [
  ['*'],
  ['count(*)'],
  ['*[_type == "supplementContent.supplement"]'],
  ['*[_type == "supplementContent.supplement"] | order(name asc)'],
  ['*[_type == "supplementContent.supplement"] | order(dose desc, name asc)[0...2]{name, dose}'],
  ['*[_type == "supplementContent.supplement"][1..2]._id'],
  [
    '*[_type == $type && slug.current == $slug][0]',
    {type: 'supplementContent.supplement', slug: 'zinc'},
  ],
  ['*[_type == "supplementContent.supplement"]{name, "brand": brand->name}'],
  ['*[_type == "supplementContent.supplement"]{name, "brandCountry": brand->country.name}'],
  [
    '*[_type == "brand"]{name, "products": *[_type == "supplementContent.supplement" && references(^._id)].name}',
  ],
  ['*[references("brand-a")]._id'],
  ['*[references($ids)]._id', {ids: ['brand-a', 'brand-b']}],
  // Served from the lake's other indexes (groq-plan.ts): ranges, defined(), ordered slices.
  ['*[dose > 100]._id'],
  ['*[dose >= 100 && dose < 2000].name'],
  ['*[name >= "V"]._id'],
  ['*[defined(brand)]._id'],
  ['*[defined(slug.current) && dose <= 300]._id'],
  ['*[dose > 0] | order(dose desc)[0...2]{name, dose}'],
  ['* | order(dose desc)[0...3]._id'],
  ['* | order(name asc)[1]._id'],
  ['*[defined(name)] | order(dose asc, name desc)[0..2].name'],
  ['*[_type == "brand"]{name, "products": *[references(^._id)]._id}'],
  ['count(*[_type == "supplementContent.supplement" && defined(brand)])'],
  ['*[_type == "supplementContent.supplement"]{name, "label": coalesce(subtitle, name)}'],
  [
    '*[_type == "supplementContent.supplement"]{name, "size": select(dose > 500 => "high", dose > 100 => "mid", "low")}',
  ],
  ['*[_type == "page"]{title, "text": pt::text(body)}'],
  ['*[_type == "supplementContent.supplement" && name match "vita*"]._id'],
  ['*[_type == "supplementContent.supplement" && dose in [100, 2000]].name'],
  ['*[_type == "supplementContent.supplement" && !(_id in path("drafts.**"))]._id'],
  ['*[_id in path("drafts.**")]._id'],
  ['*[_type == "supplementContent.supplement"]{..., "brand": brand->{name}}[0]'],
  ['*[_type == "supplementContent.supplement"].tags[]'],
  ['array::unique(*[_type == "supplementContent.supplement"].tags[])'],
  ['*[_type == "supplementContent.supplement" && count(tags) > 1].name'],
  [
    '{"supplements": count(*[_type == "supplementContent.supplement"]), "brands": count(*[_type == "brand"])}',
  ],
  ['*[_type == "page"][0].body[].children[].text'],
  ['*[_type == "page"][0]{title, "links": body[].markDefs[]{href}}'],
  ['*[_type in ["brand", "page"]] | order(_type, _id)._id'],
  ['math::sum(*[_type == "supplementContent.supplement"].dose)'],
  ['math::avg(*[_type == "supplementContent.supplement"].dose)'],
  ['string::startsWith(*[_id == "vitd"][0].name, "Vit")'],
  [
    '*[_type == "supplementContent.supplement"] | score(name match "zinc") | order(_score desc)[0]._id',
  ],
  ['*[_type == "supplementContent.supplement" && lower(name) == "zinc"][0]._id'],
  ['*[_type == "supplementContent.supplement"]{name, "cited": citations[]->title}'],
  [
    '*[_type == "supplementContent.supplement" && dateTime(_createdAt) > dateTime("2000-01-01T00:00:00Z")] | order(_id)._id',
  ],
  [
    '*[_type == "supplementContent.supplement"]{name, "hasDraft": defined(*[_id == "drafts." + ^._id][0])}',
  ],
  // Nested filters whose values come from the enclosing document: narrowed while the query runs.
  [
    '*[_type == "supplementContent.supplement"]{name, "cited": *[_type == "supplementContent.citation" && _id in ^.citations[]._ref].title}',
  ],
  ['*[_type == "brand"]{name, "products": *[brand._ref == ^._id]._id}'],
  ['*[_type == "supplementContent.supplement"]{name, "sameDose": *[dose == ^.dose]._id}'],
  [
    '*[_type == "supplementContent.supplement"]{name, "sameSubtitle": *[subtitle == ^.subtitle]._id}',
  ],
  ['*[_type == "supplementContent.supplement"]{name, "byName": *[_id in ^.name]._id}'],
  [
    '*[_type == "supplementContent.supplement"]{name, "tagged": *[_type == "supplementContent.supplement" && tags == ^.tags]._id}',
  ],
  [
    '*[_type == "supplementContent.supplement"]{"drafts": *[_id in ["drafts." + ^._id, ^._id]]._id}',
  ],
  [
    '*[_type == "supplementContent.supplement"]{name, "cited": citations[]{"title": *[_id == ^._ref][0].title}}',
  ],
  ['*[_type == "brand"]{"in": *[_id in $ids + [^._id]]._id}', {ids: ['zinc', 'vitd']}],
  [
    '*[_type == "brand"]{"deep": *[_type == "supplementContent.supplement"]{"b": *[_id == ^.^._id][0].name}}',
  ],
  ['*[_type == "note"]{key, "same": *[key == ^.key]._id, "in": *[key in ^.keys]._id}'],
  ['*[_type == "note"]{"typed": *[key in ^.mixed]._id}'],
  ['{"ids": ["vitd", "zinc", "vitd"]}{"found": *[_id in ^.ids] | order(name desc).name}'],
]

let t: TestLake
let stored: unknown[]
const dataDir = mkdtempSync(join(tmpdir(), 'lake-parity-'))

beforeAll(async () => {
  t = await startTestLake({dataDir})
  const docs: Array<{_id: string; _type: string; [field: string]: unknown}> = [
    {_id: 'brand-a', _type: 'brand', name: 'Acme', country: {name: 'Norway'}},
    {_id: 'brand-b', _type: 'brand', name: 'Bolt'},
    {_id: 'cite-1', _type: 'supplementContent.citation', title: 'A trial'},
    {
      _id: 'vitd',
      _type: 'supplementContent.supplement',
      name: 'Vitamin D3',
      dose: 2000,
      slug: {current: 'vitamin-d3'},
      tags: ['bone', 'immune'],
      brand: {_type: 'reference', _ref: 'brand-a'},
      citations: [{_key: 'c', _type: 'reference', _ref: 'cite-1'}],
    },
    {
      _id: 'zinc',
      _type: 'supplementContent.supplement',
      name: 'Zinc',
      subtitle: 'Zinc picolinate',
      dose: 25,
      slug: {current: 'zinc'},
      tags: ['immune'],
      brand: {_type: 'reference', _ref: 'brand-b'},
    },
    {
      _id: 'mg',
      _type: 'supplementContent.supplement',
      name: 'Magnesium',
      dose: 300,
      slug: {current: 'magnesium'},
      tags: [],
    },
    {
      _id: 'vitc',
      _type: 'supplementContent.supplement',
      name: 'Vitamin C',
      dose: 100,
      tags: ['immune', 'skin'],
    },
    {_id: 'drafts.zinc', _type: 'supplementContent.supplement', name: 'Zinc (draft)', dose: 30},
    // A value holding the NUL the lake joins subquery values with; numbers, booleans and text alike.
    {_id: 'note-1', _type: 'note', key: 'a\u0000b', keys: ['a', 'b', 'a\u0000b']},
    {_id: 'note-2', _type: 'note', key: 'a', keys: [], mixed: [1, '1', true]},
    {_id: 'note-3', _type: 'note', key: 1, mixed: ['true']},
    {_id: 'note-4', _type: 'note', key: true},
    {_id: 'note-5', _type: 'note', key: '1'},
    {
      _id: 'page-1',
      _type: 'page',
      title: 'About',
      body: [
        {
          _type: 'block',
          _key: 'b1',
          markDefs: [{_key: 'm', _type: 'link', href: 'https://example.org'}],
          children: [
            {_type: 'span', _key: 's1', text: 'Hello '},
            {_type: 'span', _key: 's2', text: 'world', marks: ['m']},
          ],
        },
      ],
    },
  ]
  const tx = t.client.transaction()
  for (const doc of docs) tx.createOrReplace(doc)
  await tx.commit()
  const exported = await fetch(`${t.lake.url}/v${API_VERSION}/data/export/production`, {
    headers: {authorization: `Bearer ${t.lake.token}`},
  })
  stored = (await exported.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
})

afterAll(async () => {
  await t.close()
  rmSync(dataDir, {recursive: true, force: true})
})

const asked = (query: string, params: Record<string, unknown>) => async () => {
  const viaLake = await t.client.fetch(query, params, {perspective: 'raw'})
  const inProcess = await (await evaluate(parse(query), {dataset: stored, params})).get()
  expect(viaLake).toEqual(inProcess)
}

describe('lake vs in-process groq-js', () => {
  it.each(QUERIES)('%s', (query, params = {}) => asked(query, params)())
})

// A dataset larger than the workers' document cache: they read documents from the store as
// queries need them and build indexes from values the store reads out (a restart loads ids only).
describe('lake vs in-process groq-js, workers reading documents from the store', () => {
  beforeAll(async () => {
    await t.close()
    t = await startTestLake({dataDir, limits: {workerDocumentsMb: 0.001}})
  })
  it.each(QUERIES)('%s', (query, params = {}) => asked(query, params)())
})
