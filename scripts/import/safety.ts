import type {DosePeriod, DoseUnit, WarningKind, Severity} from '../../schemas/lib/vocabularies.ts'
import type {ParsedArticle, SourceLine} from './parse.ts'
import {splitSentences} from './text.ts'

export interface DoseLimitClaim {
  amount: number
  unit: DoseUnit
  per: DosePeriod
  population?: string
  nutrient?: string
}

export interface WarningClaim {
  kind: WarningKind
  severity: Severity
  title: string
  text: string
  line: number
  doseLimit?: DoseLimitClaim
  interactingSubstances?: string[]
}

const UNITS: Array<[DoseUnit, RegExp]> = [
  ['IU', /^(iu|international units?)$/i],
  ['mcg', /^(mcg|µg|μg|micrograms?|ug)$/i],
  ['mg', /^(mg|milligrams?)$/i],
  ['g', /^(g|grams?)$/i],
  ['mL', /^(ml|millilit(re|er)s?)$/i],
]

const DOSE =
  /([\d][\d,]*(?:\.\d+)?)\s*(IU|international units?|mcg|µg|μg|ug|micrograms?|mg|milligrams?|g|grams?|mL|millilit(?:re|er)s?)\s*(?:per|a|each|\/)\s*(day|daily|week|dose)/i
const LIMIT_CUE =
  /\b(upper (intake )?limit|UL\b|maximum|no more than|not exceed|should not take more than|limit of)/i

function unitOf(text: string): DoseUnit | undefined {
  return UNITS.find(([, pattern]) => pattern.test(text))?.[0]
}

function doseLimitIn(sentence: string): DoseLimitClaim | undefined {
  // "…and Vitamin K2 has no established upper limit" must not lend its cue to another clause.
  const stated = sentence.replace(/[^,;]*\bno (established |known |set )?upper limit\b[^,;]*/gi, '')
  if (!LIMIT_CUE.test(stated)) return undefined
  const dose = stated.match(DOSE)
  const unit = dose && unitOf(dose[2])
  if (!dose || !unit) return undefined
  const period = dose[3].toLowerCase()
  const nutrient = stated.match(/\blimit (?:for|of) ((?:[A-Z][\w-]*)(?: [A-Z0-9][\w-]*)?)/)?.[1]
  const population = stated.match(
    /\bfor (adults|children|teens|adolescents|pregnant (?:women|people)|older adults|infants)\b/i,
  )?.[1]
  return {
    amount: Number(dose[1].replace(/,/g, '')),
    unit,
    per: period === 'daily' ? 'day' : (period as DosePeriod),
    nutrient,
    population: population?.toLowerCase(),
  }
}

/** The part of the sentence that states the limit, without an unrelated clause after "and". */
function limitClause(sentence: string): string {
  const dose = sentence.match(DOSE)
  if (!dose || dose.index === undefined) return sentence
  const end = dose.index + dose[0].length
  return `${sentence.slice(0, end).trim()}.`
}

const INTERACTION_CUE =
  /\b(interfere\w*|interact\w*|reduce[sd]? the effect\w*|affect\w* how .* works?|not be combined|should not be taken with|contraindicated with)\b/i
const DRUG_NAME =
  /\b([a-z]+(?:arin|statin|pril|sartan|olol|mycin|cycline|floxacin|azole|thiazide|xaban|gatran|grel|dipine|prazole|tidine|formin|thyroxine|lithium))\b/gi

/** "blood-thinning medications like warfarin", "such as statins, digoxin and thiazides". */
function substancesIn(sentence: string): string[] {
  const found: string[] = []
  const listed = sentence.match(/\b(?:like|such as|including|e\.g\.,?|especially)\s+([^.;:()]+)/i)
  if (listed) {
    for (const part of listed[1].split(/,\s*|\s+(?:and|or)\s+/)) {
      const name = part
        .replace(/^(other|certain|some)\s+/i, '')
        .trim()
        .toLowerCase()
      if (name && name.split(/\s+/).length <= 3) found.push(name)
    }
  }
  for (const match of sentence.matchAll(DRUG_NAME)) found.push(match[1].toLowerCase())
  return [...new Set(found)]
}

function sentenceCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1)
}

/** Warnings stated in the safety sections: each dose limit and each drug interaction. */
export function warningClaims(article: ParsedArticle): WarningClaim[] {
  const warnings: WarningClaim[] = []
  const paragraphs: SourceLine[] = article.sections
    .filter((s) => s.kind === 'safety')
    .flatMap((s) => [...s.paragraphs, ...s.items.map((i) => i.line)])
  for (const paragraph of paragraphs) {
    const text = paragraph.text.trim()
    for (const sentence of splitSentences(text)) {
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
        continue
      }
      if (INTERACTION_CUE.test(sentence)) {
        const substances = substancesIn(sentence)
        if (substances.length === 0) continue
        warnings.push({
          kind: 'drugInteraction',
          severity: 'serious',
          title: sentenceCase(`Interaction with ${substances.join(', ')}`),
          // The advice that follows ("speak with your doctor") belongs to the warning.
          text: paragraph.text.trim(),
          line: paragraph.no,
          interactingSubstances: substances,
        })
      }
    }
  }
  return warnings
}
