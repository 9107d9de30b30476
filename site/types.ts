import type {SupplementPageQueryResult} from '../schemas/sanity.types.ts'

/** The page query's result for a supplement that exists (the query returns null otherwise). */
export type SupplementPage = NonNullable<SupplementPageQueryResult>
export type PageCitation = SupplementPage['citations'][number]
export type PageBenefit = SupplementPage['benefits'][number]
export type PageWarning = SupplementPage['warnings'][number]
export type PageAudience = SupplementPage['audiences'][number]
export type PageBlock = SupplementPage['body'][number]
