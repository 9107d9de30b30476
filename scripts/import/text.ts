import {split} from 'sentence-splitter'
import {createHash} from 'node:crypto'

/** Short, stable content hash for ids and keys (hex, no dots: ids with dots are private paths). */
export function shortHash(value: string, length = 12): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length)
}

export function sha256(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex')
}

/** JSON with sorted keys, so a value read back from the dataset hashes like the one written. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function slugify(value: string, maxLength = 60): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug.length <= maxLength) return slug
  // A cut slug could collide with another long one; the hash keeps them apart.
  return `${slug.slice(0, maxLength - 9).replace(/-+$/, '')}-${shortHash(slug, 8)}`
}

/** Typographic variants that carry no meaning for matching: curly quotes, dash kinds. */
export function plainText(value: string): string {
  return value
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u00a0/g, ' ')
}

/** Contractions spelled out, so "shouldn't", "you're" and "I'd skip it" read like the full words. */
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\b(can)'t\b/gi, '$1not'],
  [/\b(won)'t\b/gi, 'will not'],
  [/\b(\w+)n't\b/gi, '$1 not'],
  [/\b(you|we|they|who)'re\b/gi, '$1 are'],
  [/\b(I|you|we|they|he|she|it)'d\b/gi, '$1 would'],
  [/\b(I|you|we|they)'ve\b/gi, '$1 have'],
  [/\b(I|you|we|they|he|she|it)'ll\b/gi, '$1 will'],
  [/\bI'm\b/g, 'I am'],
  [/\b(it|that|there|here|what|he|she)'s\b/gi, '$1 is'],
]

const SMALL_NUMBERS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
]
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
const NUMBER_WORD = `(?:${[...SMALL_NUMBERS, ...TENS.filter(Boolean), 'hundred', 'thousand'].join('|')})`
/** "one gram", "six hundred milligrams", "two and a half grams": a dose written in words. */
const WORDS_BEFORE_UNIT = new RegExp(
  `\\b(${NUMBER_WORD}(?:(?:\\s+|-)(?:and\\s+)?${NUMBER_WORD})*)(\\s+and\\s+a\\s+half)?(?=\\s+(?:milligrams?|grams?|micrograms?|mg|g|mcg|IU|international units?|millilit(?:re|er)s?)\\b)`,
  'gi',
)

function numberOf(words: string): number | undefined {
  let total = 0
  let current = 0
  for (const word of words.toLowerCase().split(/[\s-]+/)) {
    if (word === 'and') continue
    const small = SMALL_NUMBERS.indexOf(word)
    if (small >= 0) current += small
    else if (TENS.includes(word)) current += TENS.indexOf(word) * 10
    else if (word === 'hundred') current = (current || 1) * 100
    else if (word === 'thousand') {
      total += (current || 1) * 1000
      current = 0
    } else return undefined
  }
  return total + current
}

/**
 * Doses written in words as figures: "no more than one gram a day" reads as "1 gram a day", so a
 * limit stated in a journalist's words is read as one stated in figures. Numbers without a unit
 * ("three capsules", "children under three") stay words.
 */
export function numeralsOf(value: string): string {
  return value.replace(WORDS_BEFORE_UNIT, (match, words: string, half?: string) => {
    const n = numberOf(words)
    return n === undefined ? match : String(half ? n + 0.5 : n)
  })
}

/** The text the importer reads meaning from: plain typography, contractions spelled out. */
export function readingOf(value: string): string {
  let text = numeralsOf(plainText(value))
  for (const [pattern, full] of CONTRACTIONS) text = text.replace(pattern, full)
  return text
}

export function stripTrailingPunctuation(value: string): string {
  return value.replace(/[\s.;:,]+$/, '')
}

/**
 * Abbreviations that end in a full stop without ending the sentence, on top of the ones the
 * sentence splitter knows ("St.", "Dr.", "e.g.", "i.e.", "vs."): "approx. 2 g" goes on.
 */
const ABBREVIATION_END = /\b(?:approx|appx|ca|cf|viz|incl|esp|vol|fig|resp|dept)\.$/i
/** "at least 2 hrs." ends a sentence unless a number or a lower-case word goes on ("no. 5"). */
const UNIT_END =
  /\b(?:no|nos|min|mins|max|wk|wks|mo|mos|yr|yrs|hr|hrs|avg|est|tbsp|tsp|oz|lb|lbs)\.$/i

/**
 * Sentences of a paragraph. Boundaries come from `sentence-splitter`, which knows common
 * abbreviations and decimals; a sentence it ends after a further abbreviation is joined again.
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = []
  // The splitter reads "children under 12. Men should" as one sentence (a number before the
  // full stop); a capitalised word after "<digit>. " opens the next one.
  const raw = split(paragraph)
    .filter((node) => node.type === 'Sentence')
    .flatMap((node) => node.raw.split(/(?<=\d\.)\s+(?=[A-Z][a-z]+\b)/))
    // '"... dangerously drowsy." The same goes for alcohol': a quotation that ends in a full stop
    // ends its sentence when a capital opens the next one.
    .flatMap((node) => node.split(/(?<=[.!?]["\u201d'\u2019])\s+(?=["\u201c]?[A-Z])/))
    // "... two grams of root a day. (Caffeine makes it worse, she notes.)": an aside of its own.
    .flatMap((node) => node.split(/(?<=[.!?])\s+(?=\([A-Z][a-z])/))
  for (const node of raw) {
    const text = node.trim()
    if (!text) continue
    const last = sentences[sentences.length - 1]
    const continues =
      /^(?:[a-z0-9]|\((?![A-Z][a-z]))/.test(text) ||
      (UNIT_END.test(last ?? '') && /^\d/.test(text)) ||
      // "the U.S. FDA warns": an acronym after a dotted country name goes on.
      (/\b(?:U\.S|U\.K|E\.U)\.$/.test(last ?? '') && /^[A-Z]{2,}\b/.test(text))
    if (last !== undefined && (ABBREVIATION_END.test(last) || continues)) {
      sentences[sentences.length - 1] = `${last} ${text}`
    } else {
      sentences.push(text)
    }
  }
  return sentences
}
