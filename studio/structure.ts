import {BellIcon} from '@sanity/icons/Bell'
import {BookIcon} from '@sanity/icons/Book'
import {CalendarIcon} from '@sanity/icons/Calendar'
import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {CopyIcon} from '@sanity/icons/Copy'
import {EditIcon} from '@sanity/icons/Edit'
import {UnlinkIcon} from '@sanity/icons/Unlink'
import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import type {ListItemBuilder, StructureBuilder, StructureResolver} from 'sanity/structure'

import {type Option, SOURCE_TYPES, WARNING_KINDS} from '../schemas/lib/vocabularies.ts'
import {
  BENEFITS_WITHOUT_CITATIONS,
  CHANGED_SINCE_REVIEW,
  POSSIBLE_DUPLICATES,
  STALE_CITATIONS,
  SUGGESTED_CITATIONS_TO_CONFIRM,
  SUPPLEMENTS_DUE_FOR_REVIEW,
  UNUSED_CITATIONS,
  WARNINGS_TO_REVIEW,
} from './lib/queries.ts'
import {plural} from '../schemas/lib/labels.ts'
import {isEditorType} from './lib/config.ts'
import {cutoffDate} from './lib/review.ts'

/** The API version the structure's filtered lists query with. */
export const STRUCTURE_API_VERSION = '2025-02-19'

/** Document types the structure lays out; any other type in the studio is listed after them. */
const OWN_TYPES = [
  'supplementContent.supplement',
  'supplementContent.benefit',
  'supplementContent.audience',
  'supplementContent.warning',
  'supplementContent.citation',
]

export interface SupplementStructureOptions {
  /** Months after which a medical review or a citation's access date counts as out of date. */
  reviewPeriodMonths?: number
  /** Clock for the review cut-off; tests pass a fixed date. */
  now?: () => Date
}

function filteredList(
  S: StructureBuilder,
  spec: {
    id: string
    title: string
    type?: string
    filter: string
    params?: Record<string, unknown>
  },
) {
  const list = S.documentList().id(spec.id).title(spec.title)
  // A list of several types names none (its "create" menu then offers each).
  return (spec.type ? list.schemaType(spec.type) : list)
    .apiVersion(STRUCTURE_API_VERSION)
    .filter(spec.filter)
    .params(spec.params ?? {})
}

/** "All <type>" followed by one filtered list per value of a controlled vocabulary. */
function groupedList(
  S: StructureBuilder,
  spec: {type: string; title: string; field: string; by: string; options: readonly Option[]},
): ListItemBuilder {
  return S.listItem()
    .id(spec.type)
    .title(spec.title)
    .schemaType(spec.type)
    .child(
      S.list()
        .id(`${spec.type}-grouped`)
        .title(spec.title)
        .items([
          S.documentTypeListItem(spec.type).id(`all-${spec.type}`).title(`All ${spec.title}`),
          S.divider(),
          ...spec.options.map((option) =>
            S.listItem()
              .id(`${spec.type}-${option.value}`)
              .title(option.title)
              .schemaType(spec.type)
              .child(
                filteredList(S, {
                  id: `${spec.type}-${option.value}-list`,
                  title: `${spec.title}: ${option.title}`,
                  type: spec.type,
                  filter: `_type == $type && ${spec.field} == $value`,
                  params: {type: spec.type, value: option.value},
                }),
              ),
          ),
          S.listItem()
            .id(`${spec.type}-no-${spec.field}`)
            .title(`No ${spec.by}`)
            .schemaType(spec.type)
            .child(
              filteredList(S, {
                id: `${spec.type}-no-${spec.field}-list`,
                title: `${spec.title} without ${spec.by}`,
                type: spec.type,
                filter: `_type == $type && !defined(${spec.field})`,
                params: {type: spec.type},
              }),
            ),
        ]),
    )
}

/** The lists of content that needs an editor's attention. */
function attentionList(S: StructureBuilder, months: number, now: () => Date): ListItemBuilder {
  const period = plural(months, 'month')
  const item = (
    id: string,
    title: string,
    icon: typeof BellIcon,
    type: string | undefined,
    filter: string,
    params: () => Record<string, unknown> = () => ({}),
  ) => {
    const listItem = S.listItem().id(id).title(title).icon(icon)
    return (
      (type ? listItem.schemaType(type) : listItem)
        // Resolved when opened, so the cut-off date is today's even in a studio left open for days.
        .child(() => filteredList(S, {id: `${id}-list`, title, type, filter, params: params()}))
    )
  }

  return S.listItem()
    .id('needs-attention')
    .title('Needs attention')
    .icon(BellIcon)
    .child(
      S.list()
        .id('needs-attention-lists')
        .title('Needs attention')
        .items([
          // Safety first: a statement the importer could not read is the likeliest wrong warning.
          item(
            'warnings-to-review',
            'Warnings to review',
            WarningOutlineIcon,
            'supplementContent.warning',
            WARNINGS_TO_REVIEW,
          ),
          item(
            'changed-since-review',
            'Changed since review',
            EditIcon,
            'supplementContent.supplement',
            CHANGED_SINCE_REVIEW,
          ),
          item(
            'benefits-without-citations',
            'Benefits without citations',
            UnlinkIcon,
            'supplementContent.benefit',
            BENEFITS_WITHOUT_CITATIONS,
          ),
          item(
            'suggested-citations-to-confirm',
            'Suggested citations to confirm',
            CheckmarkCircleIcon,
            undefined,
            SUGGESTED_CITATIONS_TO_CONFIRM,
          ),
          item(
            'unused-citations',
            'Citations used by nothing',
            BookIcon,
            'supplementContent.citation',
            UNUSED_CITATIONS,
          ),
          S.listItem()
            .id('possible-duplicates')
            .title('Possible duplicates')
            .icon(CopyIcon)
            .child(
              S.list()
                .id('possible-duplicates-lists')
                .title('Possible duplicates')
                .items(
                  [
                    {type: 'supplementContent.benefit', title: 'Benefits'},
                    {type: 'supplementContent.audience', title: 'Audiences'},
                    {type: 'supplementContent.citation', title: 'Citations'},
                  ].map(({type, title}) =>
                    S.listItem()
                      .id(`possible-duplicate-${type}`)
                      .title(title)
                      .schemaType(type)
                      .child(
                        filteredList(S, {
                          id: `possible-duplicate-${type}-list`,
                          title: `Possible duplicate ${title.toLowerCase()}`,
                          type,
                          filter: POSSIBLE_DUPLICATES,
                          params: {types: [type]},
                        }),
                      ),
                  ),
                ),
            ),
          item(
            'supplements-due-for-review',
            `Supplements not reviewed in ${period}`,
            CalendarIcon,
            'supplementContent.supplement',
            SUPPLEMENTS_DUE_FOR_REVIEW,
            () => ({cutoff: cutoffDate(months, now())}),
          ),
          item(
            'stale-citations',
            `Citations accessed over ${period} ago`,
            WarningOutlineIcon,
            'supplementContent.citation',
            STALE_CITATIONS,
            () => ({cutoff: cutoffDate(months, now())}),
          ),
        ]),
    )
}

/**
 * The editors' structure: Supplements first, then what they link to, then what needs attention.
 * Use it in any studio: `structureTool({structure: createSupplementStructure()})`.
 */
export function createSupplementStructure(
  options: SupplementStructureOptions = {},
): StructureResolver {
  const months = options.reviewPeriodMonths ?? 12
  const now = options.now ?? (() => new Date())
  return (S) => {
    // Other editor types in the studio come after ours; bookkeeping types (importRecord) never show.
    const others = S.documentTypeListItems().filter(
      (item) => !OWN_TYPES.includes(item.getId()!) && isEditorType(item.getId()),
    )
    return S.list()
      .id('supplement-content')
      .title('Content')
      .items([
        S.documentTypeListItem('supplementContent.supplement').title('Supplements'),
        S.divider(),
        S.documentTypeListItem('supplementContent.benefit').title('Benefits'),
        S.documentTypeListItem('supplementContent.audience').title('Audiences'),
        groupedList(S, {
          type: 'supplementContent.warning',
          title: 'Warnings',
          field: 'kind',
          by: 'kind',
          options: WARNING_KINDS,
        }),
        groupedList(S, {
          type: 'supplementContent.citation',
          title: 'Citations',
          field: 'sourceType',
          by: 'source type',
          options: SOURCE_TYPES,
        }),
        S.divider(),
        attentionList(S, months, now),
        ...(others.length > 0 ? [S.divider(), ...others] : []),
      ])
  }
}

/** The structure with default options. */
export const supplementStructure: StructureResolver = createSupplementStructure()
