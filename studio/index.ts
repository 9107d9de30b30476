export {
  DEFAULT_CONFIG,
  resolveConfig,
  supplementContent,
  type SupplementContentConfig,
} from './plugin.ts'
export {
  createSupplementStructure,
  supplementStructure,
  type SupplementStructureOptions,
} from './structure.ts'
export {MarkReviewedAction} from './actions/MarkReviewedAction.tsx'
export {MergeDuplicatesAction} from './actions/MergeDuplicatesAction.tsx'
