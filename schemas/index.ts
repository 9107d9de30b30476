import {audienceType} from './documents/audience.ts'
import {benefitType} from './documents/benefit.ts'
import {citationType} from './documents/citation.ts'
import {importRecordType} from './documents/importRecord.ts'
import {supplementType} from './documents/supplement.ts'
import {warningType} from './documents/warning.ts'
import {articleBodyType} from './objects/articleBody.ts'
import {citationReferenceType} from './objects/citationReference.ts'
import {doseLimitType} from './objects/doseLimit.ts'
import {importProvenanceType} from './objects/importProvenance.ts'
import {ingredientType} from './objects/ingredient.ts'
import {mechanismStepType} from './objects/mechanismStep.ts'
import {medicalReviewType} from './objects/medicalReview.ts'
import {reviewedDocumentType} from './objects/reviewedDocument.ts'

export const documentTypes = [supplementType, benefitType, audienceType, warningType, citationType]

export const objectTypes = [
  articleBodyType,
  citationReferenceType,
  doseLimitType,
  importProvenanceType,
  ingredientType,
  mechanismStepType,
  medicalReviewType,
  reviewedDocumentType,
]

export const schemaTypes = [...documentTypes, ...objectTypes, importRecordType]

/** Names of the document types this plugin owns; document actions and lists are scoped to them. */
export const SUPPLEMENT_CONTENT_TYPES = documentTypes.map((type) => type.name)
