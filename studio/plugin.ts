import {defineLocaleResourceBundle, definePlugin, type DocumentActionComponent} from 'sanity'
import {structureTool} from 'sanity/structure'

import {SUPPLEMENT_CONTENT_TYPES} from '../schemas/index.ts'
import './actions/keys.ts'
import {ConfirmSuggestionsAction} from './actions/ConfirmSuggestionsAction.tsx'
import {MarkReviewedAction} from './actions/MarkReviewedAction.tsx'
import {MergeDuplicatesAction} from './actions/MergeDuplicatesAction.tsx'
import {withDeleteReason} from './actions/withDeleteReason.tsx'
import {ReviewStateBadge} from './badges/ReviewStateBadge.tsx'
import {studioSchemaTypes} from './schemaTypes.ts'
import {createSupplementStructure} from './structure.ts'
import {
  CLAIM_TYPES,
  MERGEABLE_TYPES,
  resolveConfig,
  type SupplementContentConfig,
  withoutHiddenTypes,
} from './lib/config.ts'

export {DEFAULT_CONFIG, resolveConfig, type SupplementContentConfig} from './lib/config.ts'

/**
 * The supplement content model as one Studio plugin:
 * `plugins: [supplementContent()]` in any studio's `defineConfig`.
 */
export const supplementContent = definePlugin<SupplementContentConfig | void>((config) => {
  const options = resolveConfig(config)
  return {
    name: 'sanity-plugin-supplement-content',
    schema: {
      types: studioSchemaTypes(options),
      // No "create" entry anywhere (global menu, structure, references) for bookkeeping types.
      templates: (previous) => withoutHiddenTypes(previous),
    },
    // Sanity's toast after a refused delete reads "An error occurred ... This usually means ...";
    // it shows behind the Delete dialog, which now gives the reason, so it says only what happened.
    i18n: options.actions
      ? {
          bundles: [
            defineLocaleResourceBundle({
              locale: 'en-US',
              namespace: 'structure',
              resources: {
                'panes.document-operation-results.operation-error_delete':
                  'This document was not deleted.',
              },
            }),
          ],
        }
      : undefined,
    plugins: options.structure
      ? [
          structureTool({
            structure: createSupplementStructure({reviewPeriodMonths: options.reviewPeriodMonths}),
          }),
        ]
      : [],
    document: {
      newDocumentOptions: (previous) => withoutHiddenTypes(previous),
      actions: (previous, context) => {
        // Only the plugin's own types, and only drafts/published (not release versions).
        if (!options.actions || context.releaseId) return previous
        if (!(SUPPLEMENT_CONTENT_TYPES as string[]).includes(context.schemaType)) return previous
        const extra: DocumentActionComponent[] = []
        if (CLAIM_TYPES.includes(context.schemaType)) extra.push(ConfirmSuggestionsAction)
        if (MERGEABLE_TYPES.includes(context.schemaType)) extra.push(MergeDuplicatesAction)
        // Delete says why the lake refused (a strong reference), not only "an error occurred".
        previous = previous.map((action) =>
          action.action === 'delete' ? withDeleteReason(action) : action,
        )
        if (context.schemaType === 'supplementContent.supplement') {
          // Publishing a supplement is approving it: "Mark reviewed" takes the place of Publish
          // (and of scheduling a publish) and publishes it with the linked drafts it shows.
          return [
            MarkReviewedAction,
            ...extra,
            ...previous.filter(
              (action) => action.action !== 'publish' && action.action !== 'schedule',
            ),
          ]
        }
        // Right after the primary action: the Studio tracks an open action dialog by its place in
        // the list, and Sanity's own actions come and go as the document changes (the first
        // confirmed suggestion creates a draft, and "Discard changes" appears): an action after
        // them would have its dialog closed under the editor's hands.
        const [primary, ...rest] = previous
        return primary ? [primary, ...extra, ...rest] : extra
      },
      badges: (previous, context) =>
        options.actions && context.schemaType === 'supplementContent.supplement'
          ? [ReviewStateBadge, ...previous]
          : previous,
    },
  }
})
