import type {DosePeriod, DoseUnit, WarningKind, Severity} from '../../schemas/lib/vocabularies.ts'
import type {ParsedArticle, SourceLine} from './parse.ts'
import {splitSentences} from './text.ts'

export interface DoseLimitClaim {
  amount: number
  unit: DoseUnit
  per: DosePeriod
  population?: string
  nutrient?: string
  authority?: string
}

export interface WarningClaim {
  kind: WarningKind
  severity: Severity
  title: string
  text: string
  line: number
  doseLimit?: DoseLimitClaim
  interactingSubstances?: string[]
  /** Who should not take it (contraindication). */
  population?: string
  /** What it can cause (side effect). */
  effects?: string[]
}

const UNITS: Array<[DoseUnit, RegExp]> = [
  ['IU', /^(iu|international units?)$/i],
  ['mcg', /^(mcg|µg|μg|micrograms?|ug)$/i],
  ['mg', /^(mg|milligrams?)$/i],
  ['g', /^(g|grams?)$/i],
  ['mL', /^(ml|millilit(re|er)s?)$/i],
]

const DOSE =
  /([\d][\d,]*(?:\.\d+)?)\s*(IU|international units?|mcg|µg|μg|ug|micrograms?|mg|milligrams?|g|grams?|mL|millilit(?:re|er)s?)(?![\w-])/gi
const PERIOD =
  /\b(?:(?:per|a|each|every|\/)\s*(day|week|dose|serving)|(daily|weekly))\b|\/\s*(day|week|dose)\b/i
const LIMIT_CUE =
  /\b(upper (intake )?limit|tolerable|UL\b|maximum|max\b|no more than|(not|never) (to )?exceed|should not take more than|not (take|use) more than|limit of|up to|stay (below|under)|at most)/i

function unitOf(text: string): DoseUnit | undefined {
  return UNITS.find(([, pattern]) => pattern.test(text))?.[0]
}

/** Bodies that set intake limits, when the sentence names one without "according to". */
const KNOWN_AUTHORITIES =
  /\b(NIH Office of Dietary Supplements|Office of Dietary Supplements|European Food Safety Authority|EFSA|Food and Nutrition Board|Institute of Medicine|National Academies|FDA|World Health Organization|NHS|NIH)\b/

/** "according to the European Food Safety Authority", "set by the NIH Office of ...". */
function authorityIn(sentence: string): string | undefined {
  const named = sentence.match(
    /\b(?:according to|set by|established by|recommended by|advised by|from|by)\s+(?:the\s+)?([A-Z][\w.'&-]*(?:\s+(?:of|for|and|on|&|[A-Z][\w.'&-]*))*)/,
  )?.[1]
  const authority = named
    ?.replace(/\.$/, '')
    .replace(/\s+(?:of|for|and|on|&)$/, '')
    .trim()
  // A lone capitalised word ("by Monday") is not a body; a name of several words or an acronym is.
  if (authority && /[A-Z]{2,}|\s/.test(authority)) {
    return authority
  }
  return sentence.match(KNOWN_AUTHORITIES)?.[1]
}

function doseLimitIn(sentence: string): DoseLimitClaim | undefined {
  // "…and Vitamin K2 has no established upper limit" must not lend its cue to another clause.
  const stated = sentence.replace(/[^,;]*\bno (established |known |set )?upper limit\b[^,;]*/gi, '')
  const cue = stated.match(LIMIT_CUE)
  if (!cue || cue.index === undefined) return undefined
  const doses = [...stated.matchAll(DOSE)].filter((d) => unitOf(d[2]))
  // "A typical dose is 3 to 5 g. Take no more than 5 g": the amount the cue is about follows it.
  const dose = doses.find((d) => (d.index ?? 0) >= (cue.index ?? 0)) ?? doses[doses.length - 1]
  const unit = dose && unitOf(dose[2])
  if (!dose || !unit) return undefined
  const after = stated.slice((dose.index ?? 0) + dose[0].length)
  const period = (after.match(PERIOD) ?? stated.match(PERIOD))?.slice(1).find(Boolean)
  const per: DosePeriod = /^week/i.test(period ?? '')
    ? 'week'
    : /^(dose|serving)/i.test(period ?? '')
      ? 'dose'
      : // Intake limits are daily unless the article says otherwise ("should not exceed 1,000 mg").
        'day'
  const nutrient =
    stated.match(/\blimit (?:for|of) ((?:[A-Z][\w-]*)(?: [A-Z0-9][\w-]*)?)/)?.[1] ??
    after.match(
      /^(?:\s*(?:per|a|each)\s+\w+)?\s+of\s+([A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*)/,
    )?.[1]
  const population = stated.match(
    /\bfor (adults|children|teens|adolescents|pregnant (?:women|people)|older adults|infants)\b/i,
  )?.[1]
  return {
    amount: Number(dose[1].replace(/,/g, '')),
    unit,
    per,
    nutrient,
    population: population?.toLowerCase(),
    authority: authorityIn(stated),
  }
}

/** The part of the sentence that states the limit, without an unrelated clause after "and". */
function limitClause(sentence: string): string {
  const doses = [...sentence.matchAll(DOSE)]
  const dose = doses[doses.length - 1]
  if (!dose || dose.index === undefined) return sentence
  const rest = sentence.slice(dose.index + dose[0].length)
  // Keep what still describes the limit ("per day for adults", "according to ..."), stop at a
  // new clause ("and higher doses can cause diarrhea").
  const end = rest.search(/,\s+(?:and|but|so|while)\b|;|\.\s*$/)
  return `${sentence.slice(0, dose.index + dose[0].length + (end === -1 ? rest.length : end)).trim()}.`.replace(
    /\.\.$/,
    '.',
  )
}

/** Medicines named by class or name; a sentence about one of these with a cue is an interaction. */
const DRUG_CLASSES =
  /\b(antibiotics?|anticoagulants?|blood[- ]thinn(?:ers?|ing medications?)|antiplatelet (?:drugs|medications?)|antidepressants?|SSRIs?|MAOIs?|sedatives?|NSAIDs?|diuretics?|immunosuppressants?|antacids?|proton pump inhibitors?|statins?|insulin|chemotherapy|birth control pills?|oral contraceptives?|(?:cortico)?steroids?|aspirin|ibuprofen|blood pressure medications?|thyroid medications?|diabetes medications?)\b/gi
const DRUG_NAME =
  /\b([a-z]+(?:arin|statin|pril|sartan|olol|mycin|cycline|cyclines|floxacin|azole|thiazide|xaban|gatran|grel|dipine|prazole|tidine|formin|thyroxine|lithium|platin|oxetine|pram|azepam|triptyline))\b/gi

const INTERACTION_CUE =
  /\b(?:interfere\w*|interact\w*|(?:reduce|lower|decrease|increase|enhance|boost|block|blunt|amplify|weaken|potentiate)[sd]? (?:the )?(?:absorption|effect|effects|effectiveness|action|levels?|activity) of|affect\w* how .* works?|not be combined|should not be taken with|contraindicated with|(?:combined|taken|mixed|together) with)\b/i
/** "take them at least two hours apart": spacing advice only makes sense for an interaction. */
const SPACING = /\btake .{0,40}\bat least .{0,20}\bhours? (apart|after|before)\b/i
/** "people taking blood pressure medication should check with their doctor". */
const ADVICE =
  /\b(?:taking|take|on|using)\s+(?:any\s+)?(.{3,60}?)(?:,\s*|\s+)(?:should|must|need to|it is \w+ to)\s+(?:check|talk|speak|consult|ask)\b/i

const CLAUSE_END =
  /,\s+(?:so|which|because|as|increasing|making|since|while|but|especially)\b|;|\s+(?:and|but)\s+(?:can|may|might|could|should|will|also)\b|\s+(?:when|if|because|which|unless)\b|[.!?]$/

function substanceName(part: string): string | undefined {
  const name = part
    .trim()
    .replace(/^(?:and|or|of|with|to|the|other|certain|some|any|your|medications?|drugs?)\s+/gi, '')
    .replace(/^(?:and|or|of|with|to|the|other|certain|some|any|your)\s+/gi, '')
    .replace(/[.,;:]+$/, '')
    .trim()
  if (!name || name.split(/\s+/).length > 4 || /^(it|them|this|these|those|that)$/i.test(name)) {
    return undefined
  }
  // Acronyms (SSRIs, NSAIDs) keep their case; names are lower-cased like a drug database's.
  return /^[A-Z]{2,}s?$/.test(name) ? name : name.toLowerCase()
}

/**
 * The medicines after each interaction cue ("interact with X", "the effects of X, Y and Z"), up
 * to the end of that clause. A class followed by examples ("anticoagulants such as warfarin")
 * yields the examples, the class being only their description.
 */
function substancesIn(sentence: string): string[] {
  const found: string[] = []
  for (const cue of sentence.matchAll(new RegExp(INTERACTION_CUE.source, 'gi'))) {
    const rest = sentence.slice((cue.index ?? 0) + cue[0].length)
    const end = rest.search(CLAUSE_END)
    const phrase = end === -1 ? rest : rest.slice(0, end)
    const parts = phrase.split(/(,\s*|\s+(?:and|or)\s+|\s+(?:such as|like|including|e\.g\.,?)\s+)/i)
    for (let i = 0; i < parts.length; i += 2) {
      const exemplified = /such as|like|including|e\.g/i.test(parts[i + 1] ?? '')
      const name = exemplified ? undefined : substanceName(parts[i])
      if (name) found.push(name)
    }
  }
  if (found.length === 0) {
    const listed = sentence.match(/\b(?:like|such as|including|e\.g\.,?|especially)\s+([^.;:()]+)/i)
    for (const part of listed?.[1].split(/,\s*|\s+(?:and|or)\s+/) ?? []) {
      const name = substanceName(part)
      if (name) found.push(name)
    }
  }
  if (found.length === 0) {
    for (const match of sentence.matchAll(DRUG_CLASSES)) found.push(substanceName(match[1]) ?? '')
  }
  for (const match of sentence.matchAll(DRUG_NAME)) found.push(match[1].toLowerCase())
  // "antibiotic dose" and "antibiotics" are one substance.
  const names = found.filter(Boolean)
  return [...new Set(names)].filter((n) => !names.includes(`${n}s`))
}

function interactionIn(sentence: string, advice: boolean): string[] {
  if (sentence.match(INTERACTION_CUE)) return substancesIn(sentence)
  if (SPACING.test(sentence)) {
    return [...sentence.matchAll(DRUG_CLASSES), ...sentence.matchAll(DRUG_NAME)]
      .map((m) => substanceName(m[1]))
      .filter((n): n is string => Boolean(n))
      .filter((n, i, all) => all.indexOf(n) === i && !all.includes(`${n}s`))
  }
  const advised = advice ? sentence.match(ADVICE)?.[1] : undefined
  const name = advised && substanceName(advised)
  return name ? [name] : []
}

const CONTRA = [
  /\bnot (?:recommended|advised|suitable|safe|appropriate) (?:for|during|in)\s+(.+?)(?=,|\s+(?:as|because|since|unless|who)\b|[.;]|$)/i,
  /\bcontraindicated (?:in|for)\s+(.+?)(?=,|\s+(?:as|because|since|unless)\b|[.;]|$)/i,
  /^(?:however,\s*)?(.+?)\s+(?:should|must)\s+(?:avoid|not (?:take|use)|stay away from|never (?:take|use))\b/i,
  /\b(?:avoid|do not (?:take|use))\b.*?\bif you (?:are|have)\s+(.+?)(?=,|[.;]|$)/i,
]

function contraindicationIn(sentence: string): string | undefined {
  for (const pattern of CONTRA) {
    const who = sentence.match(pattern)?.[1]?.trim()
    if (who && who.split(/\s+/).length <= 12 && !/^(it|you|they|this)$/i.test(who)) {
      return who.charAt(0).toLowerCase() + who.slice(1)
    }
  }
  return undefined
}

const SYMPTOMS =
  /\b(nausea|vomiting|diarrh(?:o)?ea|constipation|bloating|gas|cramps?|headaches?|drowsiness|dizziness|insomnia|heartburn|aftertaste|burps?|(?:stomach|digestive|gastrointestinal|GI) (?:upset|discomfort|issues)|upset stomach|water retention|hair loss|brittle nails|rash|itching|dark stools|odou?r|fatigue|jitteriness|flushing)\b/i
const EFFECT_LIST = [
  /\b(?:side effects?|symptoms|adverse effects?)\s+(?:are|is|include|includes|may include|can include)\s+(.+)/i,
  /\b(?:cause|causes|caused|experience|experiences|notice|report|develop|lead to|leads to|trigger|triggers|result in)\s+(.+)/i,
  /^(.+?)\s+(?:are|is)\s+(?:a\s+|the\s+)?(?:most\s+)?(?:common|rare|possible|frequent|occasional|reported)\b/i,
]
const EFFECT_END =
  /,\s+(?:especially|particularly|which|so|but|though)\b|\s+(?:in the|in some|during|when|if|after|at high|with high|especially|on the|for the|while)\b|[.;]|$/i

/** What the supplement can cause, as a list: "drowsiness, stomach upset and diarrhea". */
function sideEffectsIn(sentence: string): string[] {
  if (!SYMPTOMS.test(sentence) && !/\bside effects?\b/i.test(sentence)) return []
  for (const pattern of EFFECT_LIST) {
    const listed = sentence.match(pattern)?.[1]
    if (!listed) continue
    const end = listed.search(EFFECT_END)
    const effects = listed
      .slice(0, end === -1 ? undefined : end)
      .split(/,\s*|\s+(?:and|or)\s+/)
      .map((part) =>
        part
          .replace(/^(?:a|an|the|some|other|common)\s+/i, '')
          .replace(/\s+(?:are|is)\s+common.*$/i, '')
          .trim()
          .toLowerCase(),
      )
      .filter((part) => part && part.split(/\s+/).length <= 4)
    if (effects.length > 0 && effects.some((e) => SYMPTOMS.test(e))) return effects
  }
  return []
}

function sideEffectSeverity(sentence: string): Severity {
  if (/\b(severe|serious|toxic\w*|liver|kidney damage|hospital)\b/i.test(sentence)) return 'serious'
  if (/\b(mild|minor|temporary|in the first)\b/i.test(sentence)) return 'info'
  return 'caution'
}

function sentenceCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1)
}

/**
 * Warnings stated in the safety sections, one per statement a reader would act on: each dose
 * limit, each drug interaction (one per paragraph, its substances merged), each group who should
 * not take it, each set of side effects. A sentence is read for one kind in that order, except
 * that a dose limit's sentence may also name what higher doses cause.
 */
export function warningClaims(article: ParsedArticle): WarningClaim[] {
  const warnings: WarningClaim[] = []
  const paragraphs: SourceLine[] = article.sections
    .filter((s) => s.kind === 'safety')
    .flatMap((s) => [...s.paragraphs, ...s.items.map((i) => i.line)])
    .sort((a, b) => a.no - b.no)
  for (const paragraph of paragraphs) {
    const text = paragraph.text.trim()
    let interaction: WarningClaim | undefined
    const sentences = splitSentences(text)
    // "If you take X, speak with your doctor" names a substance only when nothing else does.
    const advice = !sentences.some((s) => INTERACTION_CUE.test(s) || SPACING.test(s))
    for (const sentence of sentences) {
      const doseLimit = doseLimitIn(sentence)
      if (doseLimit) {
        const subject = doseLimit.nutrient ?? article.name
        const amount = doseLimit.amount.toLocaleString('en-US')
        warnings.push({
          kind: 'doseLimit',
          severity: 'caution',
          title: `${subject}: upper limit ${amount} ${doseLimit.unit} per ${doseLimit.per}`,
          text: limitClause(sentence),
          line: paragraph.no,
          doseLimit,
        })
      }
      const substances = doseLimit ? [] : interactionIn(sentence, advice)
      if (substances.length > 0) {
        if (interaction) {
          const merged = [...new Set([...(interaction.interactingSubstances ?? []), ...substances])]
          interaction.interactingSubstances = merged
          interaction.title = sentenceCase(`Interaction with ${merged.join(', ')}`)
        } else {
          interaction = {
            kind: 'drugInteraction',
            severity: 'serious',
            title: sentenceCase(`Interaction with ${substances.join(', ')}`),
            // The advice that follows ("speak with your doctor") belongs to the warning.
            text: paragraph.text.trim(),
            line: paragraph.no,
            interactingSubstances: substances,
          }
          warnings.push(interaction)
        }
        continue
      }
      const who = doseLimit ? undefined : contraindicationIn(sentence)
      if (who) {
        warnings.push({
          kind: 'contraindication',
          severity: 'serious',
          title: `Not recommended for ${who}`,
          text: sentence,
          line: paragraph.no,
          population: who,
        })
        continue
      }
      const effects = sideEffectsIn(
        doseLimit ? sentence.slice(limitClause(sentence).length - 1) : sentence,
      )
      if (effects.length > 0) {
        warnings.push({
          kind: 'sideEffect',
          severity: sideEffectSeverity(sentence),
          title: `Side effects: ${effects.join(', ')}`,
          text: sentence,
          line: paragraph.no,
          effects,
        })
      }
    }
  }
  return warnings
}
