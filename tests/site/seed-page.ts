/**
 * The seed article as a reader gets it: imported by the importer (as drafts), then worked on as an
 * editor would (confirming the importer's suggested citations on benefits and warnings, linking
 * one sentence of the narrative to its source) and approved with "Mark reviewed", which publishes.
 */
import {readFileSync} from 'node:fs'

import type {SanityClient} from '@sanity/client'
import {getDraftId} from '@sanity/id-utils'

import {importArticleFile, planImport} from '../../scripts/import/index.ts'
import {markSupplementReviewed} from '../../studio/lib/approval.ts'

export const SEED = 'content/articles/vitamin-d3-k2.txt'
export const seedText = () => readFileSync(SEED, 'utf8')

export interface ImportedArticle {
  slug: string
  supplementId: string
  /** The citation the editor linked a narrative sentence to, and that sentence's start. */
  annotated?: {citationId: string; text: string}
}

/** Imports an article file the way `npm run import` does: drafts, nothing public yet. */
export async function importArticle(client: SanityClient, path: string): Promise<ImportedArticle> {
  const summary = await importArticleFile(path, {client, skipValidation: true})
  const {slug} = planImport(readFileSync(path, 'utf8'), {sourceFile: path})
  return {slug, supplementId: summary.supplementId}
}

/** What an editor does before publishing: confirm suggested sources, mark the review done. */
export async function confirmAndReview(
  client: SanityClient,
  article: ImportedArticle,
  annotate?: {sentence: string; citationUrl: string},
): Promise<ImportedArticle> {
  // The editor works on the drafts the import wrote (`_originalId` is the draft's id).
  const linked = await client.fetch<
    Array<{_originalId: string; suggestedCitations: Array<{_ref: string; _key: string}> | null}>
  >(
    `*[_id == $id][0]{"docs": benefits[]->{_originalId, suggestedCitations} + warnings[]->{_originalId, suggestedCitations}}.docs`,
    {id: article.supplementId},
    {perspective: 'drafts'},
  )
  const transaction = client.transaction()
  for (const doc of linked) {
    const refs = (doc.suggestedCitations ?? []).map(({_ref, _key}) => ({
      _type: 'reference',
      _ref,
      _key,
    }))
    if (refs.length > 0) {
      transaction.patch(doc._originalId, (patch) => patch.set({citations: refs}))
    }
  }
  let annotated: ImportedArticle['annotated']
  if (annotate) {
    const draftId = getDraftId(article.supplementId as never) as string
    const supplement = await client.getDocument(draftId)
    const body = (supplement?.body ?? []) as Array<{
      _key: string
      children: Array<{_key: string; text: string; marks?: string[]}>
    }>
    const block = body.find((b) => b.children.some((c) => c.text.includes(annotate.sentence)))
    const citationId = await client.fetch<string | null>(
      `*[_type == "supplementContent.citation" && (url == $url || $url in alternateUrls)][0]._id`,
      {url: annotate.citationUrl},
      {perspective: 'drafts'},
    )
    if (!block || !citationId) throw new Error('The sentence or citation to link is not there')
    const span = block.children.find((c) => c.text.includes(annotate.sentence))!
    // Split the span so only the sentence carries the annotation, as the Studio does.
    const start = span.text.indexOf(annotate.sentence)
    const end = start + annotate.sentence.length
    const children = [
      {_type: 'span', _key: `${span._key}a`, text: span.text.slice(0, start), marks: span.marks},
      {_type: 'span', _key: `${span._key}b`, text: annotate.sentence, marks: ['src1']},
      {_type: 'span', _key: `${span._key}c`, text: span.text.slice(end), marks: span.marks},
    ].filter((child) => child.text !== '')
    const spans = block.children.flatMap((child) => (child === span ? children : [child]))
    transaction.patch(draftId, (patch) =>
      patch.set({
        [`body[_key=="${block._key}"].children`]: spans,
        [`body[_key=="${block._key}"].markDefs`]: [
          {
            _type: 'supplementContent.citationReference',
            _key: 'src1',
            citation: {_type: 'reference', _ref: citationId},
          },
        ],
      }),
    )
    annotated = {citationId, text: annotate.sentence}
  }
  if (transaction.serialize().length > 0) await transaction.commit()
  await markSupplementReviewed(client, article.supplementId, {
    reviewer: 'Dr. Jane Doe, MD',
    date: '2025-07-01',
  })
  return {...article, annotated}
}

/** The seed's annotated sentence: the heart-health trial the article describes, linked to it. */
export const SEED_ANNOTATION = {
  sentence:
    'A recent large-scale clinical trial on men with existing coronary artery calcification',
  citationUrl: 'https://www.jacc.org/doi/10.1016/j.jacadv.2023.100643',
}
