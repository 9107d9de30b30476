export type {
  PageAudience,
  PageBenefit,
  PageCitation,
  PageWarning,
  SupplementPage,
} from '../../site/types.ts'
