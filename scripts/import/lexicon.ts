import effectsData from './lexicon/effects.json' with {type: 'json'}
import substancesData from './lexicon/substances.json' with {type: 'json'}
import {plainText} from './text.ts'

/** A name found in a text: where it starts and ends, and how to write it. */
export interface Found {
  index: number
  end: number
  name: string
  /** Found in the lexicon, rather than read from an enumeration. */
  known?: boolean
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * One regular expression for a list of names: longest first so "thiazide diuretic" wins over
 * "thiazide", whole words only, singular or plural, a space and a hyphen alike.
 */
function namesPattern(names: string[], flags = 'gi'): RegExp {
  const alternatives = [...names]
    .sort((a, b) => b.length - a.length)
    .map((name) =>
      escape(plainText(name))
        .replace(/(?:\\-|\s)+/g, '[\\s-]+')
        .replace(/'/g, "'?")
        // "diabetes medication", "diabetes drug" and "diabetes medicine" are one class.
        .replace(/(?:medication|drug|medicine)$/, '(?:medication|drug|medicine)'),
    )
    .map((name) => `${name}(?:e?s)?`)
  return new RegExp(`(?<![\\w-])(?:${alternatives.join('|')})(?![\\w-])`, flags)
}

/** "SAMe" and "SSRI" are names only in their own case: "the same" is no supplement. */
const casedName = (name: string) => /[A-Z]/.test(name.slice(1)) && !/\s/.test(name)
/** Names that keep their case apart from the others, matched case-sensitively. */
function namesPatterns(names: string[]): RegExp[] {
  return [
    namesPattern(names.filter((n) => !casedName(n))),
    namesPattern(names.filter(casedName), 'g'),
  ]
}

const BRANDS = new Map(substancesData.brands.map((brand) => [brand.toLowerCase(), brand]))
const MEDICINES = namesPatterns([
  ...substancesData.generics,
  ...substancesData.brands,
  ...substancesData.classes,
  ...substancesData.other,
])
const SUPPLEMENTS = namesPatterns(substancesData.supplements)
const SUFFIXES = new RegExp(
  `(?<![\\w-])([a-z]{3,}(?:${substancesData.suffixes.map(escape).join('|')}))s?(?![\\w-])`,
  'g',
)
/** Everyday words that happen to end like a drug name. */
const NOT_DRUGS = new Set(
  'between within everyone someone propose suppose dispose expose olone'.split(' '),
)

/** Acronyms keep their case (SSRIs), brands their spelling (Coumadin); other names are lower-cased. */
export function substanceSpelling(text: string): string {
  const name = plainText(text).trim().replace(/\s+/g, ' ')
  if (/^[A-Z0-9-]{2,}s?$/.test(name) || /^[A-Z]{2,}/.test(name)) return name
  const brand = BRANDS.get(name.toLowerCase())
  if (brand) return brand
  return name.toLowerCase()
}

/** The lexicon's patterns are large; a sentence is read several times by the safety stage. */
const cache = new Map<RegExp | RegExp[], Map<string, Found[]>>()

function findAll(patterns: RegExp | RegExp[], text: string): Found[] {
  let byText = cache.get(patterns)
  if (!byText) cache.set(patterns, (byText = new Map()))
  if (byText.size > 5000) byText.clear()
  const cached = byText.get(text)
  if (cached) return cached.map((f) => ({...f}))
  const found = scan(patterns, text)
  byText.set(text, found)
  return found.map((f) => ({...f}))
}

function scan(patterns: RegExp | RegExp[], text: string): Found[] {
  return [patterns]
    .flat()
    .flatMap((pattern) => [...plainText(text).matchAll(new RegExp(pattern.source, pattern.flags))])
    .map((m) => ({
      index: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
      name: substanceSpelling(m[0]),
      known: true,
    }))
    .sort((a, b) => a.index - b.index)
}

/** Medicines (by generic or brand name, or by class) and alcohol, wherever the text names them. */
export function medicinesIn(text: string): Found[] {
  const listed = findAll(MEDICINES, text)
  const bySuffix = findAll(SUFFIXES, text).filter(
    (f) =>
      f.name.length >= 7 &&
      !NOT_DRUGS.has(f.name) &&
      !listed.some((l) => l.index <= f.index && l.end >= f.end),
  )
  return [...listed, ...bySuffix].sort((a, b) => a.index - b.index)
}

/** A medicine by name ("levothyroxine"), not a nutrient or herb the body also absorbs. */
export function isKnownMedicine(phrase: string): boolean {
  const text = plainText(phrase).trim()
  const whole = (found: Found[]) => found.some((f) => f.index === 0 && f.end === text.length)
  return whole(medicinesIn(text)) && !whole(findAll(SUPPLEMENTS, text))
}

/** Herbs and nutrients that interact with medicines or with the supplement. */
export function supplementsIn(text: string): Found[] {
  return findAll(SUPPLEMENTS, text)
}

const CLASSES = namesPatterns(substancesData.classes)

/** A kind of medicine ("antidepressant", "HIV drug") rather than a named one. */
export function isKnownClass(phrase: string): boolean {
  const text = plainText(phrase).trim()
  return (
    findAll(CLASSES, text).some((f) => f.index === 0 && f.end === text.length) ||
    /\b(?:drugs?|medications?|medicines?)$/i.test(text)
  )
}

export function isKnownSubstance(phrase: string): boolean {
  const text = plainText(phrase).trim()
  const whole = (pattern: RegExp | RegExp[]) =>
    findAll(pattern, text).some((f) => f.index === 0 && f.end === text.length)
  return whole(MEDICINES) || whole(SUPPLEMENTS) || medicinesIn(text).length > 0
}

const EFFECTS = namesPattern(effectsData.effects)

/** Effects from the lexicon a sentence names ("nausea", "dry mouth"). */
export function effectsIn(text: string): Found[] {
  return findAll(EFFECTS, text).map((f) => ({...f, name: f.name.toLowerCase()}))
}
