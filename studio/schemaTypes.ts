import {uuid} from '@sanity/uuid'
import type {DocumentDefinition, SchemaTypeDefinition} from 'sanity'
import {defineIncomingReferenceDecoration, isIncomingReferenceCreation} from 'sanity/structure'

import {schemaTypes} from '../schemas/index.ts'
import {CitationAnnotation} from './components/CitationAnnotation.tsx'
import {LinkedSupplementPreview} from './components/LinkedSupplementPreview.tsx'
import {appendReference, creatableFrom, INCOMING_LINKS} from './lib/links.ts'

const newKey = () => uuid().replace(/-/g, '').slice(0, 12)

/** Per-article claims: their previews name the supplement, as titles repeat across articles. */
const TYPES_NAMED_BY_SUPPLEMENT = ['supplementContent.benefit', 'supplementContent.warning']

export interface StudioSchemaOptions {
  incomingReferences: boolean
}

function withIncomingReferences(type: DocumentDefinition): DocumentDefinition {
  const links = INCOMING_LINKS[type.name]
  if (!links) return type
  return {
    ...type,
    renderMembers: (members) => [
      ...members,
      ...links.map((link) =>
        defineIncomingReferenceDecoration({
          name: `incoming-${link.type}-${link.field}`,
          title: link.title,
          types: [{type: link.type}],
          creationAllowed: link.create,
          // "Link existing" adds this document to the referring document's list.
          onLinkDocument: (document, reference) =>
            appendReference(document, link.field, reference, newKey()),
        }),
      ),
    ],
  }
}

/** A document created from an incoming reference list starts out linked to that document. */
function withLinkedCreation(type: DocumentDefinition): DocumentDefinition {
  const links = creatableFrom(type.name)
  if (links.length === 0 || type.initialValue) return type
  return {
    ...type,
    initialValue: (params: unknown) => {
      if (!isIncomingReferenceCreation(params as DocumentDefinition['initialValue'])) return {}
      const creation = params as {from: {type: string}; reference: object}
      const from = creation.from.type
      const link = links.find((candidate) =>
        INCOMING_LINKS[from]?.some((other) => other === candidate),
      )
      return link ? {[link.field]: [{...creation.reference, _key: newKey()}]} : {}
    },
  }
}

/**
 * The content model as the Studio shows it: the schema's own types, with "who links to this"
 * lists on every linked type and the narrative's citation annotations shown as numbers. The
 * stored content model is unchanged; these are presentation only.
 */
export function studioSchemaTypes(options: StudioSchemaOptions): SchemaTypeDefinition[] {
  return schemaTypes.map((type) => {
    if (type.name === 'supplementContent.citationReference') {
      return {...type, components: {annotation: CitationAnnotation}} as SchemaTypeDefinition
    }
    if (type.type !== 'document') return type as SchemaTypeDefinition
    let doc = type as DocumentDefinition
    if (TYPES_NAMED_BY_SUPPLEMENT.includes(doc.name)) {
      doc = {...doc, components: {...doc.components, preview: LinkedSupplementPreview}}
    }
    if (options.incomingReferences) doc = withIncomingReferences(doc)
    doc = withLinkedCreation(doc)
    return doc
  })
}
