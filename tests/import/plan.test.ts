import {describe, expect, it} from 'vitest'

import {blockText, type Block} from '../../scripts/import/body.ts'
import {fingerprintOf, SAME_STATEMENT, wordLikeness} from '../../scripts/import/identity.ts'
import {planImport} from '../../scripts/import/index.ts'
import {hashesOf, mergeDocument} from '../../scripts/import/merge.ts'
import {byType, fixtureText, seedText} from './helpers.ts'

type Doc = Record<string, any> & {_id: string; _type: string}

const plan = (text: string, sourceFile = 'content/articles/vitamin-d3-k2.txt') =>
  planImport(text, {sourceFile})
const docs = (text: string) => plan(text).documents as Doc[]
const supplementOf = (documents: Doc[]) => byType(documents, 'supplementContent.supplement')[0]

describe('planImport on the seed article', () => {
  const documents = docs(seedText())
  const supplement = supplementOf(documents)

  it('loses no line before Works Cited (and none after it either)', () => {
    const source = seedText().split('\n')
    const wc = source.indexOf('Works Cited')
    const expected = source.slice(1, wc).filter((line) => line.trim() !== '')
    const bodyLines = (supplement.body as Block[]).map(blockText)
    const missing = expected.filter((line) => !bodyLines.includes(line.trim()))
    expect(missing).toEqual([])
    expect(supplement.headline).toBe(source[0])
    // The body is the article after its title, line for line and in order.
    expect(bodyLines).toEqual(source.slice(1).filter((l) => l.trim() !== ''))
  })

  it('extracts the supplement, ingredients and mechanism', () => {
    expect(supplement._id).toBe('supplement-vitamin-d3-and-k2')
    expect(supplement.name).toBe('Vitamin D3 and K2')
    expect(supplement.ingredients.map((i: Doc) => i.name)).toEqual(['Vitamin D3', 'Vitamin K2'])
    expect(supplement.mechanism.map((m: Doc) => m.target)).toEqual([
      'Osteocalcin',
      'Matrix Gla-Protein (MGP)',
    ])
    expect(supplement.review).toEqual({_type: 'supplementContent.medicalReview', status: 'draft'})
    expect(supplement.takeaway).toMatch(/^The combination of Vitamin D3 and K2/)
    expect(supplement.disclaimer).toMatch(/^This information was generated/)
  })

  it('merges restated benefits and audiences and keeps the ones only the summary blocks carry', () => {
    expect(byType(documents, 'supplementContent.benefit').map((b) => b.title)).toEqual([
      'Stronger Bones',
      'Heart Health',
      'Calcium efficiency',
    ])
    const audiences = byType(documents, 'supplementContent.audience')
    expect(audiences).toHaveLength(4)
    expect(audiences[3].name).toMatch(/^People with low sun exposure/)
    expect(audiences[0]).toMatchObject({lifeStage: 'postmenopausal', condition: 'osteoporosis'})
    expect(byType(documents, 'supplementContent.benefit').map((b) => b.healthArea)).toEqual([
      'bone',
      'cardiovascular',
      'nutrientAbsorption',
    ])
  })

  it('extracts the dose limit with its number and unit and the warfarin interaction', () => {
    const warnings = byType(documents, 'supplementContent.warning')
    const dose = warnings.find((w) => w.kind === 'doseLimit')
    const interaction = warnings.find((w) => w.kind === 'drugInteraction')
    expect(dose).toMatchObject({
      kind: 'doseLimit',
      doseLimit: {amount: 4000, unit: 'IU', per: 'day', nutrient: 'Vitamin D'},
    })
    expect(interaction).toMatchObject({
      kind: 'drugInteraction',
      interactingSubstances: ['blood-thinning medications', 'warfarin'],
    })
    expect(interaction?.suggestedCitations.length).toBeGreaterThan(0)
  })

  it('links every document from the supplement and only to documents it contains', () => {
    const ids = new Set(documents.map((d) => d._id))
    const refs = JSON.stringify(documents).match(/"_ref":"[^"]+"/g) ?? []
    for (const ref of refs) expect(ids.has(ref.slice(8, -1))).toBe(true)
    for (const field of ['benefits', 'audiences', 'warnings', 'citations']) {
      const type =
        {
          benefits: 'supplementContent.benefit',
          audiences: 'supplementContent.audience',
          warnings: 'supplementContent.warning',
        }[field] ?? 'supplementContent.citation'
      expect(supplement[field].map((r: Doc) => r._ref)).toEqual(
        byType(documents, type).map((d) => d._id),
      )
    }
  })

  it('groups copies of one work and reads identifiers from URLs', () => {
    const citations = byType(documents, 'supplementContent.citation')
    expect(citations.length).toBe(47)
    const rct = citations.find((c) =>
      c.title.startsWith('Effects of Vitamin K2 and D Supplementation'),
    )
    expect(rct).toMatchObject({
      pmcid: 'PMC11198368',
      pmid: '38938724',
      doi: '10.1016/j.jacadv.2023.100643',
      sourceType: 'peerReviewedJournal',
    })
    expect(rct?.alternateUrls).toHaveLength(2)
    const guide = citations.find((c) => c.url.includes('mailledevlin'))
    expect(guide?.url).not.toContain('#')
    expect(guide?.title).toMatch(/^The Complete Guide/)
    for (const c of citations) expect(c._id).toMatch(/^citation-[0-9a-f]{12}$/)
  })

  it('uses ids without dots and deterministic array keys', () => {
    for (const doc of documents) expect(doc._id).not.toContain('.')
    expect(JSON.stringify(docs(seedText()))).toBe(JSON.stringify(documents))
  })
})

describe('planImport on other articles of the template', () => {
  const seed = docs(seedText())
  const withoutProvenance = (documents: Doc[]) => documents.map(({provenance: _p, ...rest}) => rest)

  it('reads CRLF line endings and a byte-order mark like the seed', () => {
    expect(withoutProvenance(docs(fixtureText('vitamin-d3-k2.crlf-bom.txt')))).toEqual(
      withoutProvenance(seed),
    )
  })

  it('recognises sections by meaning, not by their exact headings', () => {
    const alternate = docs(fixtureText('vitamin-d3-k2.alternate-headings.txt'))
    const structured = (documents: Doc[]) =>
      documents.filter(
        (d) =>
          d._type !== 'supplementContent.supplement' && d._type !== 'supplementContent.citation',
      )
    expect(structured(alternate)).toEqual(structured(seed))
    expect(supplementOf(alternate).mechanism).toEqual(supplementOf(seed).mechanism)
  })

  it('imports a different supplement and keeps an unknown section in the narrative', () => {
    const documents = docs(fixtureText('magnesium-glycinate.txt'))
    const supplement = supplementOf(documents)
    expect(supplement.name).toBe('Magnesium')
    expect(byType(documents, 'supplementContent.benefit').map((b) => b.title)).toEqual([
      'Better Sleep Quality',
      'Muscle Relaxation',
      'Stress resilience',
    ])
    expect(byType(documents, 'supplementContent.audience')).toHaveLength(3)
    // "higher doses can cause diarrhea" shares the dose limit's sentence but is its own warning;
    // the section's other sentences are kept as general notes.
    expect(byType(documents, 'supplementContent.warning').map((w) => w.kind)).toEqual([
      'general',
      'doseLimit',
      'sideEffect',
      'drugInteraction',
      'general',
    ])
    expect(byType(documents, 'supplementContent.warning')[1].doseLimit).toMatchObject({
      amount: 350,
      unit: 'mg',
    })
    expect((supplement.body as Block[]).map(blockText)).toContain('Food Sources')
    const citations = byType(documents, 'supplementContent.citation')
    expect(citations).toHaveLength(5)
    const blog = citations.find((c) => c.url.includes('example-wellness'))
    expect(blog?.url).toBe('https://www.example-wellness.com/blog/magnesium-glycinate')
    expect(blog?.sourceType).toBeUndefined()
    expect(citations.find((c) => c.url.includes('cochrane'))?.doi).toBe(
      '10.1002/14651858.CD009402.pub3',
    )
  })
})

describe('re-import identity and merging (pure)', () => {
  const seed = docs(seedText())
  const previous = seed.map((doc) => ({
    documentId: doc._id,
    documentType: doc._type,
    fingerprint: fingerprintOf(doc),
  }))

  it('matches a reworded warning or benefit to what the previous import wrote, and nothing else', () => {
    const reworded = seedText()
      .replace(
        'The tolerable upper limit for Vitamin D is',
        'The tolerable upper limit for Vitamin D3 is',
      )
      .replace('Stronger Bones:', 'Bone Strength:')
    const fresh = docs(reworded).map((doc) => doc._id)
    const matched = planImport(reworded, {sourceFile: 'x.txt', previous}).documents.map(
      (d) => d._id,
    )
    const limit = byType(seed, 'supplementContent.warning').find((w) => w.kind === 'doseLimit')!._id
    // Alone, the rewording would make new documents; against the previous import it keeps them.
    expect(fresh).not.toContain(limit)
    expect(fresh).not.toContain('benefit-vitamin-d3-and-k2-stronger-bones')
    expect(matched).toContain(limit)
    expect(matched).toContain('benefit-vitamin-d3-and-k2-stronger-bones')
    expect(new Set(matched)).toEqual(new Set(seed.map((doc) => doc._id)))
    // The supplement links the kept ids, with keys derived from them.
    const supplement = supplementOf(
      planImport(reworded, {sourceFile: 'x.txt', previous}).documents as Doc[],
    )
    expect(supplement.warnings.map((r: Doc) => r._ref)).toContain(limit)
  })

  it('does not match different statements of the same kind', () => {
    expect(
      wordLikeness(
        'Vitamin K can interfere with blood-thinning medications like warfarin.',
        'Vitamin D3 can raise calcium levels in people taking thiazide diuretics.',
      ),
    ).toBeLessThan(SAME_STATEMENT)
    expect(
      wordLikeness(
        'The tolerable upper limit for Vitamin D is 4,000 IU per day.',
        'The tolerable upper limit for Vitamin D3 is 2,000 IU per day.',
      ),
    ).toBeGreaterThanOrEqual(SAME_STATEMENT)
  })

  const warning = (fields: Record<string, unknown>) =>
    ({_id: 'warning-x', _type: 'supplementContent.warning', ...fields}) as Doc
  const stored = (fields: Record<string, unknown>) =>
    ({...warning(fields), _rev: 'r1'}) as Doc & {_rev: string}

  it("merges key by key into the editor's draft, and --force resolves only the listed conflicts", () => {
    const imported = warning({
      text: 'Limit 4,000 IU.',
      doseLimit: {_type: 'supplementContent.doseLimit', amount: 4000, unit: 'IU'},
    })
    const base = {hashes: hashesOf(imported)}
    const draft = stored({
      text: 'Editor text.',
      doseLimit: {
        _type: 'supplementContent.doseLimit',
        amount: 4000,
        unit: 'IU',
        population: 'adults',
      },
    })
    const article = warning({
      text: 'Limit 2,000 IU.',
      doseLimit: {_type: 'supplementContent.doseLimit', amount: 2000, unit: 'IU'},
    })
    const merged = mergeDocument(article, {draft}, base, false)
    expect(merged.conflicts.map((c) => c.field)).toEqual(['text'])
    expect(merged.draftPatch).toMatchObject({
      id: 'drafts.warning-x',
      ifRevisionID: 'r1',
      set: {doseLimit: {amount: 2000, population: 'adults'}},
    })
    const forced = mergeDocument(article, {draft}, base, true)
    expect(forced.conflicts).toEqual([])
    expect(forced.overwritten.map((c) => [c.field, c.editorValue])).toEqual([
      ['text', 'Editor text.'],
    ])
    expect(forced.draftPatch?.set).toMatchObject({
      text: 'Limit 2,000 IU.',
      doseLimit: {population: 'adults'},
    })
  })

  it('never writes to a published document: its draft starts from it', () => {
    const imported = warning({text: 'A.', severity: 'caution'})
    const published = stored({text: 'A.', severity: 'serious'})
    const merged = mergeDocument(
      warning({text: 'B.', severity: 'caution'}),
      {published},
      {
        hashes: hashesOf(imported),
      },
      true,
    )
    expect(merged.mutations).toEqual([
      {
        create: {
          _id: 'drafts.warning-x',
          _type: 'supplementContent.warning',
          text: 'B.',
          severity: 'serious',
        },
      },
    ])
  })

  it('does not recreate a document an editor deleted (or merged away) since the last import', () => {
    const imported = warning({text: 'A.'})
    const merged = mergeDocument(imported, {}, {hashes: hashesOf(imported)}, true)
    expect(merged).toMatchObject({deleted: true, mutations: [], action: 'unchanged'})
    expect(mergeDocument(imported, {}, undefined, false).action).toBe('create')
  })

  it('links new list items an editor did not remove, and keeps unlinked what an editor unlinked', () => {
    const ref = (id: string) => ({_type: 'reference', _key: id, _ref: id})
    const imported = {
      _id: 's',
      _type: 'supplementContent.supplement',
      warnings: [ref('a'), ref('b')],
    } as Doc
    const base = {hashes: hashesOf(imported), links: {warnings: ['a', 'b']}}
    const editor = {...imported, _rev: 'r', warnings: [ref('b'), ref('mine')]} as Doc & {
      _rev: string
    }
    const article = {...imported, warnings: [ref('a'), ref('b'), ref('c')]} as Doc
    const merged = mergeDocument(article, {draft: editor}, base, false)
    expect(merged.conflicts).toEqual([])
    expect((merged.draftPatch?.set.warnings as Doc[]).map((r) => r._ref)).toEqual([
      'b',
      'mine',
      'c',
    ])
    // A warning the article drops stays linked, reported for an editor to judge.
    const dropped = mergeDocument(
      {...imported, warnings: [ref('b')]} as Doc,
      {draft: {...imported, _rev: 'r'} as Doc & {_rev: string}},
      base,
      false,
    )
    expect(dropped.action).toBe('unchanged')
    expect(dropped.keptLinks).toEqual([{field: 'warnings', id: 'a'}])
  })
})
