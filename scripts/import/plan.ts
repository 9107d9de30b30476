import type {IdentifiedSanityDocumentStub} from '@sanity/client'

import {articleBody} from './body.ts'
import {type CitationGroup, groupCitations} from './citation-groups.ts'
import {audienceClaims, benefitClaims, type Claim} from './claims.ts'
import {
  audienceId,
  benefitId,
  citationId,
  importLockId,
  importRecordId,
  keyFor,
  supplementId,
  warningId,
} from './ids.ts'
import {matchPrevious, type PreviousDocument, renameIds} from './identity.ts'
import {ingredientsOf} from './ingredients.ts'
import {type ParsedArticle, parseArticle} from './parse.ts'
import {warningClaims} from './safety.ts'
import {suggestForClaim, suggestForWarning} from './suggestions.ts'
import {sha256, shortHash, slugify} from './text.ts'

export type ImportDocument = IdentifiedSanityDocumentStub & {_type: string}

export interface PossibleDuplicate {
  documentId: string
  title: string
  /** Ids of the documents it may duplicate. */
  of: string[]
}

export interface ImportPlan {
  article: ParsedArticle
  slug: string
  supplementId: string
  recordId: string
  lockId: string
  /** Referenced documents first, the supplement last, so a transaction creates them in order. */
  documents: ImportDocument[]
  possibleDuplicates: PossibleDuplicate[]
}

export interface PlanOptions {
  sourceFile: string
  /** SHA-256 of the file's bytes; defaults to the text's. */
  checksum?: string
  /** Only set when writing to a dataset: the NDJSON output must not change between runs. */
  importedAt?: string
  /**
   * What the previous import of this article wrote: a reworded benefit, audience or warning keeps
   * its document (and so editors' corrections) instead of becoming a new one.
   */
  previous?: PreviousDocument[]
}

const ref = (id: string, weak = false) => ({
  _type: 'reference' as const,
  _key: keyFor(id),
  _ref: id,
  ...(weak ? {_weak: true} : {}),
})

/** Omits empty lists and missing values: an absent field is what the Studio writes too. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  ) as T
}

function citationDocument(id: string, group: CitationGroup): ImportDocument {
  const {primary, entries} = group
  const pick = <K extends 'doi' | 'pmid' | 'pmcid'>(key: K) =>
    primary[key] ?? entries.find((e) => e[key])?.[key]
  const urls = [...new Set(entries.map((e) => e.canonicalUrl))]
  return compact({
    _id: id,
    _type: 'supplementContent.citation',
    title: primary.title,
    url: primary.canonicalUrl,
    alternateUrls: urls.filter((url) => url !== primary.canonicalUrl),
    accessed: primary.accessed,
    publisher: primary.publisher,
    sourceType: primary.sourceType,
    doi: pick('doi'),
    pmid: pick('pmid'),
    pmcid: pick('pmcid'),
  })
}

function paragraphsOf(article: ParsedArticle, kind: string, trailing = false): string | undefined {
  const sections = (trailing ? article.trailing : article.sections).filter((s) => s.kind === kind)
  const text = sections
    .flatMap((s) => [...s.paragraphs, ...s.items.map((i) => i.line)].sort((a, b) => a.no - b.no))
    .map((line) => line.text.trim())
    .join('\n\n')
  return text || undefined
}

function duplicatesOf(claim: Claim, idOf: (title: string) => string): string[] {
  return claim.possibleDuplicates.map(idOf)
}

/** Pure: the documents an article becomes. Same text and options, same documents. */
export function planImport(text: string, options: PlanOptions): ImportPlan {
  const article = parseArticle(text, options.sourceFile)
  const slug = slugify(article.name)
  const groups = groupCitations(article.citations)
  const citations = groups.map((group) => ({id: citationId(group.primary.canonicalUrl), group}))
  const idByUrl = new Map<string, string>()
  for (const {id, group} of citations)
    for (const e of group.entries) idByUrl.set(e.canonicalUrl, id)

  const benefits = benefitClaims(article)
  const benefitIdOf = (title: string) => benefitId(slug, title)
  const benefitDocs = benefits.map((claim) =>
    compact({
      _id: benefitIdOf(claim.title),
      _type: 'supplementContent.benefit',
      title: claim.title,
      slug: {_type: 'slug', current: `${slug}-${slugify(claim.title, 50)}`},
      summary: claim.summary ?? claim.alsoStated[0] ?? claim.title,
      healthArea: claim.healthArea,
      evidenceStrength: 'unrated',
      suggestedCitations: suggestForClaim(claim, citations, article.name).map((id) =>
        ref(id, true),
      ),
      possibleDuplicates: duplicatesOf(claim, benefitIdOf).map((id) => ref(id, true)),
    }),
  )

  const audiences = audienceClaims(article)
  const audienceIdOf = (name: string) => audienceId(slug, name)
  const audienceDocs = audiences.map((claim) =>
    compact({
      _id: audienceIdOf(claim.title),
      _type: 'supplementContent.audience',
      name: claim.title,
      slug: {_type: 'slug', current: `${slug}-${slugify(claim.title, 50)}`},
      description: [claim.summary, ...claim.alsoStated].filter(Boolean).join('\n') || undefined,
      lifeStage: claim.lifeStage,
      condition: claim.condition,
      possibleDuplicates: duplicatesOf(claim, audienceIdOf).map((id) => ref(id, true)),
    }),
  )

  const warningIds = new Set<string>()
  const warningDocs = warningClaims(article).map((warning) => {
    const identity =
      warning.kind === 'doseLimit'
        ? `dose-limit-${warning.doseLimit?.nutrient ?? ''}`
        : warning.kind === 'drugInteraction'
          ? `${warning.kind}-${(warning.interactingSubstances ?? []).join('-')}`
          : `${warning.kind}-${warning.population ?? (warning.effects ?? []).join('-')}`
    let id = warningId(slug, identity)
    // Two limits without a named nutrient (or the same effects stated twice) share an identity;
    // the statement's own text keeps them apart, the same way on every run.
    // One sentence can state two limits or two groups: its title tells those apart.
    if (warningIds.has(id))
      id = warningId(slug, `${identity}-${shortHash(`${warning.title}\n${warning.text}`, 8)}`)
    warningIds.add(id)
    return compact({
      _id: id,
      _type: 'supplementContent.warning',
      title: warning.title,
      kind: warning.kind,
      severity: warning.severity,
      text: warning.text,
      doseLimit: warning.doseLimit
        ? compact({
            _type: 'supplementContent.doseLimit',
            amount: warning.doseLimit.amount,
            unit: warning.doseLimit.unit,
            per: warning.doseLimit.per,
            perKg: warning.doseLimit.perKg,
            nutrient: warning.doseLimit.nutrient,
            population: warning.doseLimit.population,
            authority: warning.doseLimit.authority,
          })
        : undefined,
      interactingSubstances: warning.interactingSubstances,
      population: warning.population,
      effects: warning.effects,
      needsReview: warning.needsReview,
      suggestedCitations: suggestForWarning(
        {nutrient: warning.doseLimit?.nutrient, substances: warning.interactingSubstances},
        citations,
      ).map((id) => ref(id, true)),
    })
  })

  const citationDocs = citations.map(({id, group}) => citationDocument(id, group))
  const mechanism = article.sections
    .filter((s) => s.kind === 'mechanism')
    .flatMap((s) => s.items)
    .filter((item) => item.term && item.description)
    .map((item) => ({
      _type: 'supplementContent.mechanismStep',
      _key: keyFor(item.term ?? ''),
      target: item.term,
      effect: item.description,
    }))

  const supplement = compact({
    _id: supplementId(slug),
    _type: 'supplementContent.supplement',
    name: article.name,
    slug: {_type: 'slug', current: slug},
    headline: article.title,
    summary: article.intro[0]?.text.trim(),
    ingredients: ingredientsOf(article).map((ingredient) =>
      compact({
        _type: 'supplementContent.ingredient',
        _key: keyFor(ingredient.name),
        ...ingredient,
      }),
    ),
    mechanism,
    body: articleBody(article.lines, (url) => idByUrl.get(url) ?? citationId(url)),
    takeaway: paragraphsOf(article, 'takeaway'),
    disclaimer: paragraphsOf(article, 'disclaimer', true),
    benefits: benefitDocs.map((doc) => ref(doc._id)),
    audiences: audienceDocs.map((doc) => ref(doc._id)),
    warnings: warningDocs.map((doc) => ref(doc._id)),
    citations: citationDocs.map((doc) => ref(doc._id)),
    review: {_type: 'supplementContent.medicalReview', status: 'draft'},
    provenance: compact({
      _type: 'supplementContent.importProvenance',
      sourceFile: options.sourceFile,
      checksum: options.checksum ?? sha256(text),
      importedAt: options.importedAt,
    }),
  })

  const possibleDuplicates = [...benefits, ...audiences]
    .filter((claim) => claim.possibleDuplicates.length > 0)
    .map((claim) => {
      const isBenefit = benefits.includes(claim as (typeof benefits)[number])
      const idOf = isBenefit ? benefitIdOf : audienceIdOf
      return {documentId: idOf(claim.title), title: claim.title, of: duplicatesOf(claim, idOf)}
    })

  const planned = [...citationDocs, ...benefitDocs, ...audienceDocs, ...warningDocs, supplement]
  const renames = matchPrevious(planned, options.previous ?? [])
  return {
    article,
    slug,
    supplementId: supplement._id,
    recordId: importRecordId(slug),
    lockId: importLockId(slug),
    documents: renameIds(planned, renames),
    possibleDuplicates: renameIds(possibleDuplicates, renames),
  }
}
