/** The plugin's options, their defaults and their validation (no Studio imports: unit-testable). */
export interface SupplementContentConfig {
  /**
   * Add the Structure tool with the plugin's editor structure (Supplements first, grouped warnings
   * and citations, "Needs attention" lists). Set to false when your studio brings its own
   * `structureTool()`; use `createSupplementStructure()` in it. Default: true.
   */
  structure?: boolean
  /** Add the "Mark reviewed" and "Merge duplicates" document actions. Default: true. */
  actions?: boolean
  /** Show "who links to this" lists (incoming references) on linked types. Default: true. */
  incomingReferences?: boolean
  /**
   * Months after which a medical review, or a citation's access date, needs attention.
   * A whole number from 1 to 120. Default: 12.
   */
  reviewPeriodMonths?: number
}

export const DEFAULT_CONFIG: Required<SupplementContentConfig> = {
  structure: true,
  actions: true,
  incomingReferences: true,
  reviewPeriodMonths: 12,
}

/**
 * Schema types that are bookkeeping, not content: the importer's `importRecord` stays in the
 * schema (so the Studio and the validator understand those documents) but editors never see it
 * in the structure or in any "create new document" menu.
 */
export const HIDDEN_TYPES: readonly string[] = ['supplementContent.importRecord']

/** True for types an editor works with. */
export function isEditorType(typeName: string | undefined): boolean {
  return !typeName || !HIDDEN_TYPES.includes(typeName)
}

/**
 * Drops the hidden types' templates (`schemaType`) or new-document options (`templateId`: a
 * type's default template has the type's name).
 */
export function withoutHiddenTypes<T extends {schemaType?: string; templateId?: string}>(
  items: T[],
): T[] {
  return items.filter((item) => isEditorType(item.schemaType) && isEditorType(item.templateId))
}

/** Types holding claims the importer suggests citations for ("Confirm suggested citations"). */
export const CLAIM_TYPES = ['supplementContent.benefit', 'supplementContent.warning']

/** Types the "Merge duplicates" action is offered on. */
export const MERGEABLE_TYPES = [
  'supplementContent.benefit',
  'supplementContent.audience',
  'supplementContent.citation',
]

/** Merges defaults and throws an error naming the option when the configuration is wrong. */
export function resolveConfig(
  config: SupplementContentConfig | void | undefined,
): Required<SupplementContentConfig> {
  if (config !== undefined && (typeof config !== 'object' || config === null)) {
    throw new TypeError('supplementContent(): the configuration must be an object or omitted.')
  }
  const given = config ?? {}
  const unknown = Object.keys(given).filter((key) => !(key in DEFAULT_CONFIG))
  if (unknown.length > 0) {
    throw new TypeError(
      `supplementContent(): unknown option ${unknown.map((key) => `"${key}"`).join(', ')}. ` +
        `Known options: ${Object.keys(DEFAULT_CONFIG).join(', ')}.`,
    )
  }
  const resolved = {...DEFAULT_CONFIG, ...given}
  for (const key of ['structure', 'actions', 'incomingReferences'] as const) {
    if (typeof resolved[key] !== 'boolean') {
      throw new TypeError(`supplementContent(): "${key}" must be true or false.`)
    }
  }
  const months = resolved.reviewPeriodMonths
  if (!Number.isInteger(months) || months < 1 || months > 120) {
    throw new TypeError(
      `supplementContent(): "reviewPeriodMonths" must be a whole number of months from 1 to 120, got ${JSON.stringify(months)}.`,
    )
  }
  return resolved
}
