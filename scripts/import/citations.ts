import type {SourceType} from '../../schemas/lib/vocabularies.ts'
import {ImportError} from './errors.ts'
import {doiFromUrl, pmcidFromUrl, pmidFromUrl, publisherForHost, sourceTypeForUrl} from './hosts.ts'
import {plainText} from './text.ts'

export interface CitationEntry {
  line: number
  raw: string
  title: string
  /** YYYY-MM-DD */
  accessed: string
  url: string
  canonicalUrl: string
  host: string
  doi?: string
  pmid?: string
  pmcid?: string
  sourceType?: SourceType
  publisher?: string
  /** The title was cut short by the citing tool ("Effects of ... Coronary Artery ..."). */
  truncated: boolean
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

const CITATION_LINE = /^(.+?),\s+accessed\s+([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4}),\s+(\S+)\s*$/i

/** Drops what does not identify the work: text fragments, tracking parameters, host case. */
export function canonicalUrl(value: string): string {
  const url = new URL(value)
  url.hash = ''
  url.hostname = url.hostname.toLowerCase()
  for (const key of [...url.searchParams.keys()]) {
    if (/^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$)/i.test(key)) url.searchParams.delete(key)
  }
  url.search = url.searchParams.toString() ? `?${url.searchParams.toString()}` : ''
  return url.toString()
}

function isoDate(month: string, day: string, year: string): string | undefined {
  const index = MONTHS.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3)))
  if (index === -1 || month.length < 3) return undefined
  const date = new Date(Date.UTC(Number(year), index, Number(day)))
  if (date.getUTCMonth() !== index || date.getUTCDate() !== Number(day)) return undefined
  return date.toISOString().slice(0, 10)
}

/** A title that is the site's address rather than the work's name ("www.example.com"). */
export function isHostOnlyTitle(title: string): boolean {
  return /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(title.trim())
}

/** `Title, accessed Month D, YYYY, URL` */
export function parseCitationLine(raw: string, line: number, file: string): CitationEntry {
  const match = raw.trim().match(CITATION_LINE)
  if (!match) {
    throw new ImportError(
      `malformed citation; expected "Title, accessed Month D, YYYY, https://..." but found "${raw.trim().slice(0, 80)}"`,
      file,
      line,
    )
  }
  const [, title, month, day, year, rawUrl] = match
  const accessed = isoDate(month, day, year)
  if (!accessed) {
    throw new ImportError(
      `citation has an invalid accessed date "${month} ${day}, ${year}"`,
      file,
      line,
    )
  }
  let url: URL
  try {
    url = new URL(rawUrl)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme')
  } catch {
    throw new ImportError(`citation URL is not a web address: "${rawUrl}"`, file, line)
  }
  const host = url.hostname.toLowerCase()
  const cleanTitle = title.trim()
  return {
    line,
    raw: raw.trim(),
    title: cleanTitle,
    accessed,
    url: rawUrl,
    canonicalUrl: canonicalUrl(rawUrl),
    host,
    doi: doiFromUrl(url),
    pmid: pmidFromUrl(url),
    pmcid: pmcidFromUrl(url),
    sourceType: sourceTypeForUrl(rawUrl),
    publisher: publisherForHost(host) ?? publisherFromTitle(cleanTitle),
    truncated: /(\.\.\.|\u2026)\s*(?:[-|]\s*[^-|]*)?$/.test(cleanTitle),
  }
}

/** "Title - Site" or "Title | Site": the trailing segment, when it is short enough to be a name. */
function publisherFromTitle(title: string): string | undefined {
  const parts = title.split(/\s+[|\u2013\u2014-]\s+/)
  if (parts.length < 2) return undefined
  const last = parts[parts.length - 1].trim()
  return last.split(/\s+/).length <= 5 ? last : undefined
}

/**
 * The title reduced to the work's own name for comparing copies: site suffixes (" - PMC",
 * " | BMJ Open"), the truncation mark and typography removed.
 */
export function workTitle(title: string): string {
  // Whatever follows the truncation mark belongs to the site ("... - Dr. Maille Devlin").
  const text = plainText(title).replace(/(\.\.\.|\u2026).*$/, '')
  const parts = text.split(/\s+[|-]\s+/)
  const kept =
    parts.length === 1 || parts[0].split(/\s+/).length >= 4 ? [parts[0]] : parts.slice(0, -1)
  return kept
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}
