/** The importer's public API; everything else in this folder is internal. */
export {parseArticle, type ParsedArticle} from './parse.ts'
export {planImport, type ImportDocument, type ImportPlan, type PlanOptions} from './plan.ts'
export {ImportError} from './errors.ts'
export {importArticleFile, type ImportOptions, type ImportSummary} from './apply.ts'
export type {Conflict} from './merge.ts'
export {draftDocuments, toNdjson, writeNdjson} from './ndjson.ts'
