/**
 * Who links to whom in the content model, as the Studio shows it: for each linked type, the types
 * whose documents refer to it, the field that holds the reference, and whether an editor may create
 * a new referring document in place (a new Benefit from a Citation, already citing it).
 */
export interface IncomingLink {
  /** The referring document type. */
  type: string
  /** The array of references on the referring type. */
  field: string
  title: string
  /** Offer "Create" in the incoming reference list; the new document starts out linked. */
  create: boolean
}

export const INCOMING_LINKS: Record<string, IncomingLink[]> = {
  'supplementContent.benefit': [
    {
      type: 'supplementContent.supplement',
      field: 'benefits',
      title: 'Supplements with this benefit',
      create: false,
    },
  ],
  'supplementContent.audience': [
    {
      type: 'supplementContent.supplement',
      field: 'audiences',
      title: 'Supplements for this audience',
      create: false,
    },
  ],
  'supplementContent.warning': [
    {
      type: 'supplementContent.supplement',
      field: 'warnings',
      title: 'Supplements with this warning',
      create: false,
    },
  ],
  'supplementContent.citation': [
    {
      type: 'supplementContent.supplement',
      field: 'citations',
      title: 'Supplements citing this',
      create: false,
    },
    {
      type: 'supplementContent.benefit',
      field: 'citations',
      title: 'Benefits supported by this',
      create: true,
    },
    {
      type: 'supplementContent.warning',
      field: 'citations',
      title: 'Warnings supported by this',
      create: true,
    },
  ],
}

/** Types whose documents can be created from an incoming reference list, and the field to fill. */
export function creatableFrom(type: string): IncomingLink[] {
  return Object.values(INCOMING_LINKS)
    .flat()
    .filter((link) => link.type === type && link.create)
}

interface ReferenceValue {
  _type: 'reference'
  _ref: string
  _weak?: boolean
  _key?: string
}

/** Returns `doc` with `reference` appended to its `field` array, or false when already there. */
export function appendReference<T extends Record<string, unknown>>(
  doc: T,
  field: string,
  reference: ReferenceValue,
  key: string,
): T | false {
  const current = Array.isArray(doc[field]) ? (doc[field] as ReferenceValue[]) : []
  if (current.some((item) => item?._ref === reference._ref)) return false
  return {...doc, [field]: [...current, {...reference, _key: key}]}
}
