import type {SanityClient} from '@sanity/client'
import type {SanityDocument} from 'sanity'
import {type DocumentValidationMarker, validateDocumentWithWorkspace} from '@sanity/validation'
import {getFallbackLocaleSource} from '@sanity/validation/_internal'
import {evaluate, parse} from 'groq-js'
import {createSchema} from 'sanity'

import {schemaTypes} from './index.ts'

/** The content model compiled by Sanity's own schema compiler. */
export const compiledSchema = createSchema({name: 'supplement-content', types: schemaTypes})

export interface ValidateContentOptions {
  /** A client for the dataset the document lives in: reference and slug checks ask it. */
  client?: SanityClient
  /**
   * Without a client: the set of documents to check references and slug uniqueness against, such
   * as everything one import or NDJSON file holds.
   */
  dataset?: SanityDocument[]
}

/**
 * The part of a client Sanity's validators call (slug uniqueness runs a GROQ query), answered by
 * groq-js over an in-memory set of documents so a batch validates offline like a dataset would.
 */
function inMemoryDatasetClient(documents: SanityDocument[]): SanityClient {
  const client = {
    withConfig: () => client,
    fetch: async (query: string, params?: Record<string, unknown>) =>
      (await evaluate(parse(query), {dataset: documents, params})).get(),
  }
  return client as unknown as SanityClient
}

/**
 * Validates a document with Sanity's own validator, exactly as the Studio does for editors.
 *
 * Validation runs in the Studio environment on purpose: in the CLI environment Sanity adds an
 * unknown-fields check to every object-typed rule with `.warning()`, which also downgrades the
 * object's own custom rules (a dose-limit warning without a dose) from errors to warnings.
 */
export function validateContent(
  document: SanityDocument,
  {client, dataset = []}: ValidateContentOptions = {},
): Promise<DocumentValidationMarker[]> {
  const source = client ?? inMemoryDatasetClient(dataset)
  const ids = new Set(dataset.map((doc) => doc._id))
  return validateDocumentWithWorkspace({
    document,
    workspace: {
      schema: compiledSchema,
      i18n: getFallbackLocaleSource(),
      getClient: ({apiVersion}) => source.withConfig({apiVersion}),
    },
    getDocumentExists: client ? undefined : async ({id}) => ids.has(id),
    environment: 'studio',
  })
}
