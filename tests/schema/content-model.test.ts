import type {ArraySchemaType, ObjectSchemaType, ReferenceSchemaType} from 'sanity'
import {extractSchema, groupProblems} from '@sanity/schema/_internal'
import {describe, expect, it} from 'vitest'

import {importRecordType} from '../../schemas/documents/importRecord.ts'
import {documentTypes, schemaTypes} from '../../schemas/index.ts'
import {compiledSchema} from '../../schemas/validate.ts'

describe('the content model compiled by Sanity', () => {
  it('has no schema problems', () => {
    const problems = groupProblems(schemaTypes).flatMap((group) =>
      group.problems.map(
        (problem) => `${group.path.map((p) => p.name).join('.')}: ${problem.message}`,
      ),
    )
    expect(problems).toEqual([])
  })

  it("defines the five linked document types and the importer's bookkeeping record", () => {
    const extracted = extractSchema(compiledSchema, {enforceRequiredFields: true})
    const documents = extracted.filter((type) => type.type === 'document').map((type) => type.name)
    const ours = documents.filter((name) => !name.startsWith('sanity.'))
    expect(ours.sort()).toEqual([
      'supplementContent.audience',
      'supplementContent.benefit',
      'supplementContent.citation',
      'supplementContent.importRecord',
      'supplementContent.supplement',
      'supplementContent.warning',
    ])
  })

  it('gives every document type an icon and a preview', () => {
    for (const type of [...documentTypes, importRecordType]) {
      expect(type.icon, `${type.name} icon`).toBeTruthy()
      expect(type.preview?.select, `${type.name} preview`).toBeTruthy()
    }
  })

  it('links a supplement to its benefits, audiences, warnings and citations by reference', () => {
    const supplement = compiledSchema.get('supplementContent.supplement') as ObjectSchemaType
    const referenceTargets = (field: string) => {
      const array = supplement.fields.find((f) => f.name === field)?.type as ArraySchemaType
      return (array.of[0] as ReferenceSchemaType).to.map((target) => target.name)
    }
    expect(referenceTargets('benefits')).toEqual(['supplementContent.benefit'])
    expect(referenceTargets('audiences')).toEqual(['supplementContent.audience'])
    expect(referenceTargets('warnings')).toEqual(['supplementContent.warning'])
    expect(referenceTargets('citations')).toEqual(['supplementContent.citation'])
  })

  it('lets the narrative annotate text with a reference to a citation', () => {
    const extracted = extractSchema(compiledSchema)
    const annotation = extracted.find((type) => type.name === 'supplementContent.citationReference')
    expect(JSON.stringify(annotation)).toContain('"citation"')
    const body = JSON.stringify(
      extracted.find((type) => type.name === 'supplementContent.articleBody'),
    )
    expect(body).toContain('supplementContent.citationReference')
  })
})
