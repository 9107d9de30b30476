import {plainText} from './text.ts'

/** What a section of the template is about, whatever its heading says. */
export type SectionKind =
  | 'mechanism'
  | 'benefits'
  | 'audience'
  | 'safety'
  | 'takeaway'
  | 'citations'
  | 'disclaimer'
  | 'other'

/** Words of a heading about risk: side effects, interactions, who should avoid it. */
const SAFETY_CUE =
  /\b(safety|safe|unsafe|side[- ]effects?|risks?|risky|precautions?|warnings?|interactions?|interacts?( with)?|cautions?|careful|contraindications?|avoid|dangers?|dangerous|downsides?|drawbacks|toxicity|overdose|harm(?:s|ful)?|too much|watch out|concerns?|caveats?|adverse|who should(?:n't| not)(?! \w+ \w+ benefit)|who should skip|worr(?:y|ies|ied)|(?:fine|small) print|tell (?:your|a) (?:doctor|pharmacist|gp)|not for everyone|before (you )?(take|taking|start|starting|buy|buying|try|trying)|sit (it|this|this one|them) out|(don't|do not|never) (stack|mix|combine|pair|take)\b.*\bwith|(not a good|bad|poor) (mix|match|combination|pairing)|avoid (pairing|combining|mixing|stacking)|(things|what) to know|know before|stay(s|ing)? away|steer clear|keep away|medications?|medicines?|drugs?)\b/
/** Words of a heading about how much to take, which is read as safety too (limits stand there). */
const DOSAGE_CUE = /\b(considerations?|dosage|dosing|doses?|how much|how to take|upper limits?)\b/

/**
 * Meaning cues per kind, tried in this order: "Who Might Benefit?" is about the audience although
 * it says "benefit", and "Safety and Considerations" is not a takeaway. Safety cues win over
 * audience cues ("Side Effects, Drug Interactions and Who Should Avoid It" holds warnings); a
 * dosage heading only when it names no audience ("Who Should Take It and How Much").
 */
const CUES: Array<[SectionKind, RegExp]> = [
  // "Food Sources" is a section of the article, "Sources" alone is the reference list.
  [
    'citations',
    /\b(works cited|bibliography|references|literature cited)\b|^(sources|citations|sources cited)\??$/,
  ],
  ['disclaimer', /\b(disclaimer|medical notice|important notice)\b/],
  ['safety', SAFETY_CUE],
  [
    'audience',
    /\b(who\b|for whom|should (consider|take|use)|might benefit|may benefit|can benefit|benefits? most|needs? more|is (it|this) (right )?for|(right|suitable|meant) for (you|me)\b|ideal (for|candidates)|^(?:made|perfect|great|best) for\b|candidates|target (groups?|audiences?|populations?))/,
  ],
  ['safety', DOSAGE_CUE],
  [
    'takeaway',
    /\b(takeaways?|take-aways?|bottom line|conclusions?|in summary|summary|final (thoughts|words?|verdict)|verdict|key points|wrapping up|in short|in a nutshell|(my|our) take)\b/,
  ],
  [
    'benefits',
    /\b(benefits?|advantages|what (it|they) (can )?do|can help with|helps? with|health effects|why take|why (?:you'll|you will|people|customers) love|uses|what .+ does for you|good for|evidence|research|(?:stud(?:y|ies)|trials?|researchers|scientists) (?:(?:have|has) )?(?:show|shows|shown|found|say|says|suggest)|(?:get|gain) (?:out of|from) (?:it|them|taking it))\b|what the (?:studies|trials)/,
  ],
  [
    'mechanism',
    // "What Does Omega-3 Do in the Body?" asks how it acts, not what it is good for.
    /\b((how|where|why)\b.*\bworks?\b|thought to work|mechanisms?|mode of action|pharmacolog\w*|how (it|they) acts?|the science|how (it|they) (help|act)|what (is|are) |work together|what (does|do) .+ do\b|in (the|your) (body|muscles?|cells?|brain|gut|bones?)\b|role of|(its|their) role|why (your|the) body needs|why .+ matters|^how (it|they) \w+)/,
  ],
]

/**
 * "Who shouldn't take it +", "Side effects ▾": an accordion's heading pasted with its toggle
 * mark, which says nothing about the section.
 */
export function withoutToggle(heading: string): string {
  return heading.replace(/\s+(?:[+\u25be\u25bc\u2304\u203a\u2228]|\[\+\])\s*$/, '')
}

export function sectionKind(heading: string): SectionKind {
  const text = withoutToggle(plainText(heading).toLowerCase())
  for (const [kind, cue] of CUES) if (cue.test(text)) return kind
  return 'other'
}

/**
 * A heading about how much to take and about no risk ("Dosing by Body Weight", "How to Take It"):
 * its lines are doses, and a row of a dosing table there states nothing an editor must review.
 */
export function isDosageHeading(heading: string): boolean {
  const text = plainText(heading).toLowerCase()
  // "Upper Limits", "Considerations" and "How Much Is Safe" may hold warnings: not dosage alone.
  return (
    sectionKind(heading) === 'safety' &&
    !SAFETY_CUE.test(text) &&
    /\b(dosage|dosing|doses?|how to take|how much(?: [\w-]+){0,3}? (?:to take|should (?:you|i) take|do (?:you|i) need))\b/.test(
      text,
    ) &&
    !/\b(limits?|maximum|max|considerations?)\b/.test(text)
  )
}

const SMALL_WORDS = new Set(
  'a an and as at but by for from in into is it of on or the to vs via with your you are do does'.split(
    ' ',
  ),
)

/** Headings in this template are short, unpunctuated (or a question) and title-cased. */
export function looksLikeHeading(line: string): boolean {
  const text = line.trim()
  if (text.length === 0 || text.length > 90) return false
  if (/[.,;:!]$/.test(text)) return false
  if (/\s[-\u2013\u2014]\s/.test(text)) return false
  const words = text.split(/\s+/)
  if (words.length > 12) return false
  return /^[A-Z0-9"'\u201c]/.test(text)
}

/** Title Case: most significant words capitalised, which sets a heading apart from a list line. */
export function isTitleCase(line: string): boolean {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((word) => !SMALL_WORDS.has(word.toLowerCase()))
  if (words.length === 0) return false
  const capitalised = words.filter((word) => /^["'\u201c(]?[A-Z0-9]/.test(word)).length
  return capitalised / words.length >= 0.6
}

/** A line made only of dashes or similar marks separates the summary blocks after the takeaway. */
export function isSeparator(line: string): boolean {
  return /^\s*([-\u2013\u2014_*=~\u2022]\s*){1,}$/.test(line)
}
