import type {SanityDocument} from 'sanity'

import {ImportError} from './errors.ts'
import type {ImportPlan} from './plan.ts'

export interface ValidationProblem {
  documentId: string
  path: string
  message: string
}

/**
 * Sanity's own validator over the planned documents, resolving references among them: the
 * Mutation API never validates, so the importer must before it commits.
 */
export async function validationProblems(plan: ImportPlan): Promise<ValidationProblem[]> {
  // Loaded on demand: it pulls in the Studio's schema compiler, which only writes need.
  const {validateContent} = await import('../../schemas/validate.ts')
  const documents = plan.documents.map((doc) => ({
    _rev: 'planned',
    _createdAt: '1970-01-01T00:00:00Z',
    _updatedAt: '1970-01-01T00:00:00Z',
    ...doc,
  })) as unknown as SanityDocument[]
  const problems: ValidationProblem[] = []
  for (const document of documents) {
    for (const marker of await validateContent(document, {dataset: documents})) {
      if (marker.level !== 'error') continue
      problems.push({
        documentId: document._id,
        path: marker.path.map((p) => (typeof p === 'object' ? JSON.stringify(p) : p)).join('.'),
        message: marker.message,
      })
    }
  }
  return problems
}

export async function validatePlan(plan: ImportPlan, file: string): Promise<void> {
  const problems = await validationProblems(plan)
  if (problems.length === 0) return
  const [first] = problems
  throw new ImportError(
    `${problems.length} validation error(s), nothing written; first: ${first.documentId} ${first.path}: ${first.message}`,
    file,
  )
}
