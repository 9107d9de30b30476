import {type CitationEntry, parseCitationLine} from './citations.ts'
import {ImportError} from './errors.ts'
import {isQuestionLabelled} from './exchanges.ts'
import {factItem} from './facts.ts'
import {supplementsIn} from './lexicon.ts'
import {
  isSeparator,
  isTitleCase,
  looksLikeHeading,
  type SectionKind,
  sectionKind,
  withoutToggle,
} from './sections.ts'
import {plainText, splitSentences, stripTrailingPunctuation} from './text.ts'

export interface SourceLine {
  /** 1-based line number in the file. */
  no: number
  text: string
}

/** A list line: `Term: description`, `Term – description`, or a plain line after a lead-in colon. */
export interface ListItem {
  line: SourceLine
  /** The item without its list marker ("•", "*", "-", "1.", "2)"). */
  text: string
  term?: string
  description?: string
  /** A row of a table flattened to a line: the table's header row, which names its columns. */
  header?: SourceLine
}

export interface Section {
  kind: SectionKind
  heading: SourceLine
  paragraphs: SourceLine[]
  items: ListItem[]
}

/** `facts`: labelled facts about the supplement ("Typical dose: ...", "Best food source: ..."). */
export type SummaryBlockKind =
  'benefits' | 'audience' | 'ingredients' | 'safety' | 'facts' | 'narrative'

/** A dash-separated block after the takeaway that restates (and adds to) the article. */
export interface SummaryBlock {
  kind: SummaryBlockKind
  separator: SourceLine
  lead: SourceLine[]
  items: ListItem[]
  tail: SourceLine[]
}

/** Every non-blank line with the role it plays, in file order: the narrative is built from it. */
export interface ArticleLine {
  line: SourceLine
  role: 'heading' | 'paragraph' | 'item' | 'separator' | 'citation'
  item?: ListItem
  citation?: CitationEntry
}

export interface ParsedArticle {
  sourceFile: string
  title: string
  /** The supplement as named in the article, e.g. "Vitamin D3 and K2". */
  name: string
  /** Other names the article uses for the same substance (forms, ingredients). */
  aliases?: string[]
  intro: SourceLine[]
  sections: Section[]
  summaryBlocks: SummaryBlock[]
  citations: CitationEntry[]
  /** Sections after Works Cited (the content disclaimer). */
  trailing: Section[]
  lines: ArticleLine[]
}

const TERM_ITEM = /^([^:\u2013\u2014]{2,70}?)(?::\s+|\s+[\u2013\u2014-]\s+)(\S.*)$/

/** A bullet or number that opens a list line, in any of the styles authors use. */
const LIST_MARKER =
  /^\s*(?:[\u2022\u25cf\u25e6\u25aa\u2023\u2219\u00b7*\u2013\u2014\u2192\u25b8\u25ba\u27a4\u2714\u2713\u2611\u2705-]|\(?\d{1,2}[.)]|\(?[a-z][)])\s+(?=\S)/

/**
 * "4. Can it be harmful?", "5. Interactions with medicines": a fact sheet numbers its headings.
 * A numbered line is a heading when it asks one question or names what a section is about, and
 * it neither follows a lead ending in ":" nor continues the numbering of the line before it
 * ("2. Night-shift workers" after "1. Travellers with jet lag" stays an item).
 */
function numberedHeading(text: string, previous: string): boolean {
  const number = text.trim().match(/^\(?(\d{1,2})[.)]\s/)
  if (!number || previous.trim().endsWith(':')) return false
  const before = previous.trim().match(/^\(?(\d{1,2})[.)]\s/)
  if (before && Number(before[1]) + 1 === Number(number[1])) return false
  const rest = unmarked(text).text
  if (!looksLikeHeading(rest) || splitSentences(rest).length !== 1) return false
  // "1) Adults with high blood pressure" and "1. Smokers, who need more" are groups of a list.
  if (namesPeople(rest)) return false
  return rest.endsWith('?') || (sectionKind(rest) !== 'other' && wordCount(rest) <= 6)
}

/**
 * "3. It May Lower Your Blood Sugar" ... "7. More Is Not Better": a listicle numbers its headings
 * through the whole article, each over paragraphs of prose. The lines (by index) that run 1, 2, 3
 * ... in order, at least three of them, each a one-sentence title-case line with a prose sentence,
 * not another numbered line, right after it ("5. Some People Should Pass on It" too: a list of
 * groups has no prose under each). Their words need name no kind
 * of section: what they hold decides (a section of mostly risks is read as safety).
 */
function listicleHeadings(lines: readonly SourceLine[]): Set<number> {
  const found: number[] = []
  for (const [index, line] of lines.entries()) {
    const number = line.text.trim().match(/^(\d{1,2})[.)]\s/)
    if (!number || Number(number[1]) !== found.length + 1) continue
    const rest = unmarked(line.text.trim()).text
    const next = lines[index + 1]?.text.trim() ?? ''
    const heading =
      isTitleCase(rest) &&
      !/[.:!]$/.test(rest) &&
      splitSentences(rest).length === 1 &&
      !unmarked(next).marked &&
      /[.!?]$/.test(next) &&
      splitSentences(next).length >= 1 &&
      !looksLikeHeading(next)
    if (heading) found.push(index)
  }
  return new Set(found.length >= 3 ? found : [])
}

/** The line's text without its list marker, and whether it had one. */
export function unmarked(text: string): {text: string; marked: boolean} {
  const trimmed = text.trim()
  const marker = trimmed.match(LIST_MARKER)
  return marker
    ? {text: trimmed.slice(marker[0].length).trim(), marked: true}
    : {text: trimmed, marked: false}
}

export function termItem(line: SourceLine): ListItem | undefined {
  const {text} = unmarked(line.text)
  const match = text.match(TERM_ITEM)
  if (!match) return undefined
  const term = match[1].trim()
  if (term.includes(',') || term.split(/\s+/).length > 8 || !/^[A-Z0-9"'(\u201c]/.test(term)) {
    return undefined
  }
  return {line, text, term, description: match[2].trim()}
}

function plainItem(line: SourceLine): ListItem {
  return {line, text: unmarked(line.text).text}
}

/** A line with a list marker is an item whatever its length; the term is read when it has one. */
function markedItem(line: SourceLine): ListItem | undefined {
  if (!unmarked(line.text).marked) return undefined
  return termItem(line) ?? plainItem(line)
}

function wordCount(text: string): number {
  return text.trim().split(/\s+/).length
}

/** A long sentence after a list ends it ("Clinical studies ... confirm these benefits."). */
function endsList(text: string): boolean {
  return /[.!?]$/.test(text) && wordCount(text) > 14
}

/**
 * A row of a table pasted as text: cells apart by tabs or " | " ("1–3 years<TAB>200 mg daily",
 * "Digoxin | Low potassium raises the risk of toxicity").
 */
export function tableCells(text: string): string[] | undefined {
  const cells = text
    .trim()
    .replace(/^\|\s*|\s*\|$/g, '')
    .split(/\t+|\s+\|\s+/)
    .map((cell) => cell.trim())
    .filter(Boolean)
  return cells.length >= 2 ? cells : undefined
}

/**
 * A figure that labels a column rather than filling it: a dose per unit of body weight ("3 mg per
 * kg", "6 mg/kg"), which the rows below work out for each weight. A dose per day, dose or serving
 * ("400 mg per day") is a value, never a label.
 */
const RATE_LABEL =
  /^\d[\d.,]*\s*(?:mg|mcg|µg|g|IU|mL)\s*(?:per|\/)\s*(?:kg|kilograms?|lbs?|pounds?)(?:\s+(?:of\s+)?body\s*weight)?$/i

/**
 * A table's first row names its columns: short cells without figures ("Age | Upper limit"). A row
 * whose first cell is a word above a column of figures ("Body weight" over "50 kg", "70 kg") names
 * its columns too when its other figures are rate labels ("Body weight | 3 mg per kg | 6 mg per
 * kg"); read as a row, it was taken for a statement (even a side effect).
 */
function isHeaderRow(cells: string[], next?: string[]): boolean {
  const short = (cell: string) => wordCount(cell) <= 6 && !/[.!?]$/.test(cell)
  if (!cells.every(short)) return false
  if (cells.every((cell) => !/\d/.test(cell))) return true
  return (
    !!next &&
    next.length === cells.length &&
    !/\d/.test(cells[0]) &&
    /^\d/.test(next[0]) &&
    cells.slice(1).every((cell) => !/\d/.test(cell) || RATE_LABEL.test(cell))
  )
}

/**
 * `current` is the kind of the section the line stands in. Sentence-case headings ("Who tends to
 * use it", "Dose: what the studies used") are headings when their words say what a section is
 * about and it is not the section already open; a list line of that section ("Helps with sleep"
 * under benefits) stays an item.
 */
/**
 * "Myth 2: "More is better."", "Myth #3 - Fish oil thins the blood.": a myth-buster's heading,
 * whose answer ("Fact: ...") is the section below it, however the myth is punctuated.
 */
const MYTH_HEADING =
  /^(?:common\s+)?(?:myth|misconception|claim)(?:\s*#?\d{1,2})?\s*(?::|\s[-\u2013\u2014])\s*\S/i

function isHeading(heading: string, inList: boolean, current?: SectionKind): boolean {
  const text = withoutToggle(heading)
  // The toggle mark of an accordion ("Side effects +") is a heading's only, whatever its case.
  if (text !== heading && looksLikeHeading(text) && splitSentences(text).length === 1) return true
  if (MYTH_HEADING.test(text) && text.length <= 120 && splitSentences(text).length === 1)
    return true
  if (!looksLikeHeading(text) || tableCells(text)) return false
  // "Hawthorn meets several heart medicines. Which ones matter most?" states something before it
  // asks: a heading is one phrase or one question, never two sentences.
  if (splitSentences(text).length > 1) return false
  const kind = sectionKind(text)
  const known = kind !== 'other'
  const newTopic = known && !inList && kind !== current && !namesPeople(text)
  // "The Science: How It Works" is a heading; "Osteocalcin: This protein directs" is an item.
  const term = text.match(TERM_ITEM)
  if (term && !isTitleCase(text)) return newTopic && wordCount(term[2]) <= 5
  const shaped = isTitleCase(text) || (known && text.endsWith('?') && !inList) || newTopic
  return shaped && (known || !inList)
}

/**
 * A line that names a group of people ("Adults with high triglycerides", "Vegetarians and vegans,
 * whose ...", "People who rarely eat fatty fish"): the shape of an audience, whatever its wording.
 */
const PEOPLE =
  /^(?:the\s+|most\s+|many\s+|some\s+)?(?:people|persons|adults|older|younger|middle-aged|women|men|mothers|children|kids|teens|teenagers|adolescents|athletes|vegetarians|vegans|those|anyone|individuals|pregnant|breastfeeding|nursing|postmenopausal|menopausal|seniors|elderly|travell?ers|patients|infants|students|smokers|healthcare|health-care|nurses|workers|professionals|parents|retirees|frequent|dieters|frequent|heavy|regular|active|busy|shift|night|endurance|strength|bodybuilders|runners|lifters)\b/i

export function namesPeople(text: string): boolean {
  return PEOPLE.test(plainText(text).trim())
}

/** One short sentence: the shape of a plain list line as opposed to a paragraph of prose. */
function itemShaped(text: string): boolean {
  return !text.endsWith(':') && wordCount(text) <= 16 && splitSentences(text).length === 1
}

const AUDIENCE_LEAD =
  /\b(beneficial for|recommended for|ideal for|suited for|helpful for|consider(ed)? by|who\b|people|individuals|especially)\b|\bfor:$/i
const BENEFIT_LEAD = /\b(benefits?|support|helps?|improves?|advantages|promotes?)\b/i

function nameWords(name: string): Set<string> {
  return new Set(
    plainText(name)
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !['and', 'the', 'with', 'plus'].includes(w)),
  )
}

/**
 * "It is not a good fit for:", "Skip it if you:", "Talk to your doctor first if you take:",
 * "Upper limit at a glance:": a lead that introduces cautions, people who should not take it,
 * medicines it meets or limits.
 */
export const SAFETY_LEAD =
  /\b(not (?:a good (?:fit|mix|match|combination|pairing)|suitable|recommended|safe|for)|(?:bad|poor) (?:mix|match|combination)|avoid|skip|should not|shouldn't|must not|do not|don't|cautions?|careful|risks?|warnings?|side[- ]effects?|interactions?|precautions?|safety|safe|safer|safest|who should not|(?:check|talk|speak|consult|ask)\w*(?: (?:to|with))? (?:your|a) (?:doctor|physician|pharmacist|GP)|if you (?:take|use|are taking|are on)|(?:upper )?(?:intake )?limits?|maximum|stop)\b/i
/** "When buying zinc, look for:": shopping advice, neither benefits nor people. */
const SHOPPING_LEAD =
  /\b(look for|buying|shopping|choos\w*|pick|label|brands?|products?|quality|what to look|each (?:tablet|capsule|serving|softgel|dose) (?:provides|contains)|contains:|ingredients)\b/i

function classifyBlock(lead: SourceLine[], items: ListItem[], name: string): SummaryBlockKind {
  if (items.length === 0) return 'narrative'
  const leadText = lead.map((l) => l.text).join(' ')
  if (SAFETY_LEAD.test(leadText)) return 'safety'
  // "Licorice at a glance:" + "Safe limit – ...", "Avoid – ...": a fact sheet whose labels are
  // mostly cautions holds warnings, not benefits.
  const labelled = items.filter((i) => i.term)
  const cautions = labelled.filter((i) => SAFETY_LEAD.test(i.term ?? '')).length
  if (labelled.length === items.length && cautions * 2 >= items.length) return 'safety'
  if (SHOPPING_LEAD.test(leadText)) return 'narrative'
  if (leadText && AUDIENCE_LEAD.test(leadText) && !items.every((i) => i.term)) return 'audience'
  // "Ashwagandha may benefit:" leads a list of people, not of benefits.
  const people = items.filter((i) => namesPeople(i.term ?? i.text)).length
  if (people * 2 > items.length && !items.every((i) => i.term)) return 'audience'
  // "At a glance:" + "Typical dose: 55 to 200 mcg", "Best food source: Brazil nuts": labelled
  // facts about the supplement have a benefit list's shape but name no effect on the body.
  const facts = items.filter(factItem).length
  if (items.every((i) => i.term) && facts * 2 >= items.length) return 'facts'
  const words = nameWords(name)
  const naming = items.filter((item) =>
    [...nameWords(item.term ?? '')].some((w) => words.has(w) && !/^vitamins?$/.test(w)),
  )
  if (items.every((i) => i.term) && naming.length * 2 > items.length) return 'ingredients'
  if (BENEFIT_LEAD.test(leadText) || items.every((i) => i.term)) return 'benefits'
  return AUDIENCE_LEAD.test(leadText) ? 'audience' : 'narrative'
}

/** Words that dress a title up without naming anything ("Vitamin B12 Explained"). */
const TITLE_FILLER =
  /\b(?:explained|demystified|unpacked|basics|101|guide|a guide|the complete guide to|everything you need to know about|the truth about|what you need to know about|benefits|supplements?|facts)\b/gi
const NOT_A_NAME =
  /^(?:it|they|this|these|that|those|the|a|an|about|you|your|our|we|many|most|some|every|each|why|how|what|when|who|there|here|in|on|for|if|as|one|all)\b/i

function countIn(text: string, phrase: string): number {
  const escaped = plainText(phrase)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+')
  return plainText(text).match(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'gi'))?.length ?? 0
}

function cleanName(value: string | undefined): string | undefined {
  const name = value
    // "Milk Thistle 250 mg Softgels": a product title's strength and form are not the name.
    ?.replace(/\s+\(?\d[\d,.]*\s*(?:(?:billion|million)\s+)?(?:mg|mcg|µg|g|IU|CFU)\b.*$/i, '')
    .replace(/\s+(?:capsules|softgels|tablets|gummies|chewables|lozenges|drops|powder)$/i, '')
    .replace(TITLE_FILLER, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,:;-]+|[\s,:;?!.-]+$/g, '')
    .trim()
  // "Sweet Root, Serious Side": an epithet of two phrases is not a name.
  if (!name || NOT_A_NAME.test(name) || name.split(/\s+/).length > 5 || /[?!,]/.test(name)) return
  return name
}

/**
 * The subject of the introduction's first sentence ("Vitamin B12, also called cobalamin, is a
 * ...", "Kava (Piper methysticum) is a shrub"), with the other names it gives.
 */
function introSubject(intro: SourceLine[]): {name?: string; aliases: string[]} {
  // A feature opens with a story ("Margaret Hale, seventy, took turmeric ..."); the line that
  // introduces the supplement ("Turmeric (Curcuma longa) is a ...") follows it.
  for (const line of intro.slice(0, 3)) {
    const found = subjectOf(line)
    if (found.name) return found
  }
  return {aliases: []}
}

function subjectOf(line: SourceLine): {name?: string; aliases: string[]} {
  const first = splitSentences(line.text.trim())[0] ?? ''
  const subject = plainText(first).match(
    /^(.{2,80}?)\s+(?:is|are|was|has|have|comes|can|helps?)\b/,
  )?.[1]
  if (!subject) return {aliases: []}
  const aliases = [
    ...[...subject.matchAll(/\(([^)]+)\)/g)].map((m) => m[1]),
    ...[...subject.matchAll(/,\s*(?:also (?:called|known as)|or)\s+([^,]+),?/g)].map((m) => m[1]),
  ].map((a) => a.trim())
  const name = subject
    .replace(/\([^)]*\)/g, '')
    .replace(/,\s*(?:also (?:called|known as)|or)\s+[^,]+,?/g, '')
    .trim()
  return {name: cleanName(name) && /^[A-Z0-9]/.test(name) ? name : undefined, aliases}
}

/**
 * The substance the article is about. The template's introduction opens with it ("Zinc is a
 * trace mineral"); a title's first part names it when the introduction agrees ("Omega-3 Fish
 * Oil: ..."); headings such as "How Does X Work?" and titles such as "Why X Is ..." name it
 * otherwise. A pronoun ("It") or an epithet ("the Golden Spice") is never a name, and a name the
 * article does not repeat is not the one it is about.
 */
function supplementName(
  title: string,
  intro: SourceLine[],
  sections: Section[],
  blocks: SummaryBlock[],
  body: string,
): {name: string; aliases: string[]} {
  const repeated = (name: string | undefined, times = 2) =>
    name !== undefined && countIn(body, name) >= times ? name : undefined
  const subject = introSubject(intro)
  // "Red Yeast Rice for Cholesterol": what it is for is not part of its name.
  const heads = title
    .split(/:|\?|\s[\u2013\u2014-]\s|\s\|\s/)
    .map((part) =>
      cleanName(part.replace(/\s+(?:for|against|in|vs\.?|versus|and your)\s+.*$/i, '')),
    )
  const head = heads[0]
  const words = (v: string) =>
    plainText(v)
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1)
  // "The Calming Mineral: Magnesium Citrate for Sleep": the part the introduction agrees with.
  const agreeing = heads.find(
    (h) => h && subject.name && words(h).some((w) => words(subject.name ?? '').includes(w)),
  )
  const mechanism = sections.find((s) => s.kind === 'mechanism')?.heading.text ?? ''
  const fromMechanism = cleanName(
    mechanism.match(/\bhow (?:do|does|can) (.+?) (?:work|help|act)/i)?.[1],
  )
  const fromTitle = cleanName(
    title.match(
      /\b(?:why|how|what)\s+(.+?)\s+(?:is|are|works?|helps?|can|do|does|matters?|may)\b/i,
    )?.[1],
  )
  // "Your Questions About Folate Supplements, Answered": what the title says it is about, or,
  // when the introduction names nothing (a transcript, a guide), the supplement the article keeps
  // naming; the one the article repeats most wins.
  const fromTopic = cleanName(title.match(/\babout\s+([^:?!,]+)/i)?.[1])
  const named = supplementsIn(body).map((f) => f.name.toLowerCase())
  const mostNamed = [...new Set(named)]
    .map((n) => ({n, times: named.filter((m) => m === n).length}))
    .filter(({times}) => times >= 3)
    .sort((a, b) => b.times - a.times)[0]?.n
  const topic = [fromTopic, mostNamed && mostNamed.charAt(0).toUpperCase() + mostNamed.slice(1)]
    .filter((n): n is string => Boolean(repeated(n)))
    .sort((a, b) => countIn(body, b) - countIn(body, a))[0]
  const ingredients = blocks.find((b) => b.kind === 'ingredients')?.items.map((i) => i.term)
  // "5-hydroxytryptophan (5-HTP)": the article then says "5-HTP"; the name it repeats most wins.
  const introduced = [subject.name, ...subject.aliases]
    .map((n) => cleanName(n))
    .filter((n): n is string => Boolean(n) && /^[A-Z0-9]/.test(n ?? ''))
    .sort((a, b) => countIn(body, b) - countIn(body, a))[0]
  // Last resort: the capitalised phrase of the title and headings the article repeats most.
  const runs = [title, ...sections.map((s) => s.heading.text)]
    .flatMap((text) =>
      plainText(text).split(
        /[^A-Za-z0-9'-]*\b(?:[a-z][\w'-]*|[A-Z][a-z]{0,3})\b[^A-Za-z0-9'-]*|[:?!,.]/,
      ),
    )
    .map((run) => cleanName(run))
    .filter((run): run is string => Boolean(run) && /^[A-Z0-9]/.test(run ?? ''))
    // "Claim:", "Myth 2:", "Truth:" label a myth-buster's lines; they name nothing.
    .filter((run) => !/^(?:claim|myth|truth|fact|reality|verdict|misconception)$/i.test(run))
  // "L-Theanine 200 mg Chewables | Calm Focus": a product title names the product before its
  // strength, when the article uses a word of that name.
  const productTitle = /\d[\d,.]*\s*(?:(?:billion|million)\s+)?(?:mg|mcg|µg|g|IU|CFU)\b/i.test(
    title.split(/\s[|\u2013\u2014-]\s|:/)[0],
  )
  const productName =
    head && productTitle && words(head).some((w) => w.length > 3 && words(body).includes(w))
      ? head
      : undefined
  const frequent = runs.sort((a, b) => countIn(body, b) - countIn(body, a))[0]
  // "Valerian Root for Sleep" and "Valerian (Valeriana officinalis) is ...": the plain name.
  const plainer =
    agreeing &&
    subject.name &&
    words(subject.name).every((w) => words(agreeing).includes(w)) &&
    countIn(body, subject.name) >= 2
      ? subject.name
      : undefined
  const name =
    plainer ??
    agreeing ??
    repeated(introduced) ??
    repeated(fromMechanism) ??
    repeated(fromTitle) ??
    topic ??
    (ingredients?.length ? ingredients.join(' and ') : undefined) ??
    productName ??
    repeated(frequent, 3) ??
    repeated(head) ??
    repeated(introduced, 1) ??
    (productTitle ? head : undefined) ??
    stripTrailingPunctuation(title.split(':')[0])
  const aliases = [subject.name, ...subject.aliases].filter(
    (a): a is string => Boolean(a) && a !== name,
  )
  return {name, aliases}
}

export function parseArticle(text: string, sourceFile: string): ParsedArticle {
  const all: SourceLine[] = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t, i) => ({no: i + 1, text: t.replace(/\s+$/, '')}))
  const nonBlank = all.filter((l) => l.text.trim() !== '')
  if (nonBlank.length === 0) throw new ImportError('file is empty', sourceFile, 1)

  const title = nonBlank[0]
  if (
    title.text.length > 200 ||
    /[.!]$/.test(title.text) ||
    sectionKind(title.text) === 'citations' ||
    parseable(title.text)
  ) {
    throw new ImportError(
      'no title: the first line must be the article title (a short line, not a sentence)',
      sourceFile,
      title.no,
    )
  }

  const wcIndex = nonBlank.findIndex(
    (l, i) => i > 0 && looksLikeHeading(l.text) && sectionKind(l.text) === 'citations',
  )
  if (wcIndex === -1) {
    throw new ImportError(
      'no Works Cited section (a line such as "Works Cited" followed by the citations)',
      sourceFile,
      nonBlank[nonBlank.length - 1].no,
    )
  }

  const lines: ArticleLine[] = []
  const intro: SourceLine[] = []
  const sections: Section[] = []
  const summaryBlocks: SummaryBlock[] = []
  let section: Section | undefined
  let block: SummaryBlock | undefined
  let inList = false
  // The header row of the table being read, if it has one.
  let table: {header?: SourceLine} | undefined

  const articleLines = nonBlank.slice(1, wcIndex)
  const listicle = listicleHeadings(articleLines)
  for (const [index, line] of articleLines.entries()) {
    const textValue = line.text.trim()
    const cells = tableCells(textValue)
    if (!cells) table = undefined
    else if (!table && isHeaderRow(cells, tableCells(articleLines[index + 1]?.text ?? ''))) {
      // The header is kept as a line of the article and read with each row below it.
      table = {header: line}
      ;(block ? block.lead : section ? section.paragraphs : intro).push(line)
      lines.push({line, role: 'paragraph'})
      continue
    } else {
      table ??= {}
      const row: ListItem = {
        line,
        text: textValue,
        term: cells[0],
        description: cells.slice(1).join(' '),
        ...(table.header ? {header: table.header} : {}),
      }
      ;(block ? block.items : section ? section.items : undefined)?.push(row)
      if (!block && !section) intro.push(line)
      lines.push({line, role: block || section ? 'item' : 'paragraph', item: row})
      continue
    }
    if (isSeparator(textValue)) {
      block = {kind: 'narrative', separator: line, lead: [], items: [], tail: []}
      summaryBlocks.push(block)
      inList = false
      lines.push({line, role: 'separator'})
      continue
    }
    if (block) {
      const lead = block.items.length === 0 && block.tail.length === 0
      const item =
        markedItem(line) ??
        termItem(line) ??
        (inList && !endsList(textValue) && block.tail.length === 0 ? plainItem(line) : undefined)
      if (item && block.tail.length === 0) {
        block.items.push(item)
        lines.push({line, role: 'item', item})
      } else {
        ;(lead ? block.lead : block.tail).push(line)
        inList = lead && textValue.endsWith(':')
        lines.push({line, role: 'paragraph'})
      }
      continue
    }
    // Under an audience heading, a line naming people ("Adults over 60") is one of its groups,
    // however it is capitalised.
    const audienceLine =
      section?.kind === 'audience' && sectionKind(textValue) === 'other' && namesPeople(textValue)
    if (
      !audienceLine &&
      (unmarked(textValue).marked
        ? listicle.has(index) || numberedHeading(textValue, articleLines[index - 1]?.text ?? '')
        : isHeading(textValue, inList, section?.kind))
    ) {
      // "Q: Can I take it with digoxin?" under "Safety Questions From Readers" names no kind of
      // its own: the reader's question stays in the safety part, or its answer would be lost.
      const kind =
        sectionKind(textValue) === 'other' &&
        isQuestionLabelled(textValue) &&
        section?.kind === 'safety'
          ? 'safety'
          : sectionKind(textValue)
      // "4. Can it be harmful?": the fact sheet's number is no part of what the heading says.
      const heading = unmarked(textValue).marked ? {...line, text: unmarked(textValue).text} : line
      section = {kind, heading, paragraphs: [], items: []}
      sections.push(section)
      inList = false
      lines.push({line: heading, role: 'heading'})
      continue
    }
    const item =
      markedItem(line) ??
      termItem(line) ??
      (inList && !endsList(textValue) ? plainItem(line) : undefined)
    if (item && section) {
      section.items.push(item)
      lines.push({line, role: 'item', item})
      continue
    }
    ;(section ? section.paragraphs : intro).push(line)
    inList = textValue.endsWith(':')
    lines.push({line, role: 'paragraph'})
  }

  listLinesWithoutLead(lines, sections)

  const worksCited = nonBlank[wcIndex]
  lines.push({line: worksCited, role: 'heading'})
  const citations: CitationEntry[] = []
  const trailing: Section[] = []
  for (const line of nonBlank.slice(wcIndex + 1)) {
    const textValue = line.text.trim()
    const current = trailing[trailing.length - 1]
    // Only a disclaimer heading ends the Works Cited list: any other line there is a citation,
    // and a malformed one is an error however short it is ("Mayo Clinic" is not a heading).
    if (
      looksLikeHeading(textValue) &&
      sectionKind(textValue) === 'disclaimer' &&
      !parseable(textValue)
    ) {
      trailing.push({kind: sectionKind(textValue), heading: line, paragraphs: [], items: []})
      lines.push({line, role: 'heading'})
    } else if (current) {
      current.paragraphs.push(line)
      lines.push({line, role: 'paragraph'})
    } else {
      const citation = parseCitationLine(textValue, line.no, sourceFile)
      citations.push(citation)
      lines.push({line, role: 'citation', citation})
    }
  }
  if (citations.length === 0) {
    throw new ImportError('the Works Cited section lists no citations', sourceFile, worksCited.no)
  }

  const body = nonBlank
    .slice(1, wcIndex)
    .map((l) => l.text)
    .join('\n')
  const {name, aliases} = supplementName(title.text, intro, sections, summaryBlocks, body)
  for (const b of summaryBlocks) b.kind = classifyBlock(b.lead, b.items, name)
  return {
    sourceFile,
    title: title.text.trim(),
    name,
    aliases,
    intro,
    sections,
    summaryBlocks,
    citations,
    trailing,
    lines,
  }
}

/**
 * Benefit and audience lists need no lead line ending in ":": in an audience section a short line
 * naming people is an item, in a benefits section a run of two or more short one-sentence lines
 * is a list (a single short line there is more likely the section's introduction).
 */
function listLinesWithoutLead(lines: ArticleLine[], sections: Section[]) {
  const byHeading = new Map(sections.map((s) => [s.heading.no, s]))
  let section: Section | undefined
  let run: ArticleLine[] = []
  const flush = () => {
    const current = section
    // The introduction's lines belong to no section: they must not join the next one's run.
    if (!current) {
      run = []
      return
    }
    const shaped = run.filter((l) => itemShaped(l.line.text.trim()))
    // A group of people is an item however long its description ("Adults with mild depression
    // who prefer an herbal option, after a diagnosis from a doctor").
    const people = run.filter((l) => {
      const text = l.line.text.trim()
      return namesPeople(text) && !text.endsWith(':') && splitSentences(text).length === 1
    })
    // Under a mechanism heading, two or more lines of one sentence each are its steps.
    const steps = run.filter((l) => {
      const text = l.line.text.trim()
      return !text.endsWith(':') && splitSentences(text).length === 1 && wordCount(text) <= 40
    })
    // A line among groups of people, shaped as they are, is one more group ("Recreational runners
    // and cyclists" after "Students in exam season").
    const listed =
      people.length >= 2 ||
      (people.length >= 1 &&
        run.length >= 2 &&
        run.every((l) => itemShaped(l.line.text.trim()) && !/[.!?:]$/.test(l.line.text.trim())))
        ? run.filter(
            (l) =>
              people.includes(l) ||
              (itemShaped(l.line.text.trim()) && !/[.!?]$/.test(l.line.text.trim())),
          )
        : people
    const chosen =
      current.kind === 'audience'
        ? listed
        : current.kind === 'benefits' && shaped.length === run.length && run.length >= 2
          ? run
          : current.kind === 'mechanism' && steps.length === run.length && run.length >= 2
            ? run
            : []
    for (const entry of chosen) {
      const item = plainItem(entry.line)
      entry.role = 'item'
      entry.item = item
      current.paragraphs = current.paragraphs.filter((p) => p !== entry.line)
      current.items.push(item)
    }
    current.items.sort((a, b) => a.line.no - b.line.no)
    run = []
  }
  for (const entry of lines) {
    if (entry.role === 'paragraph') {
      run.push(entry)
      continue
    }
    flush()
    if (entry.role === 'heading') section = byHeading.get(entry.line.no)
    if (entry.role === 'separator') section = undefined
  }
  flush()
}

function parseable(text: string): boolean {
  return /,\s+accessed\s+[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4},\s+\S+$/i.test(text)
}
