import type {DosePeriod, DoseUnit, Severity, WarningKind} from '../../schemas/lib/vocabularies.ts'
import {
  effectsIn,
  type Found,
  isKnownClass,
  isKnownMedicine,
  isKnownSubstance,
  medicinesIn,
  supplementsIn,
} from './lexicon.ts'
import {joinExchanges, markListLeads, type Piece} from './exchanges.ts'
import {cautionItem} from './facts.ts'
import {type ParsedArticle, SAFETY_LEAD, tableCells} from './parse.ts'
import {isDosageHeading} from './sections.ts'
import {numeralsOf, plainText, readingOf, splitSentences} from './text.ts'

export interface DoseLimitClaim {
  amount: number
  unit: DoseUnit
  per: DosePeriod
  /** The limit is per kilogram of body weight ("0.3 g per kg of body weight per day"). */
  perKg?: boolean
  population?: string
  /** What the limit is for, lower case ("folic acid" in a vitamin B12 article). */
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
  /** The importer kept the statement but could not tell what it says: an editor must look. */
  needsReview?: boolean
}

/** A sentence the article states, with the line it is on and whether a safety section holds it. */
export interface SafetyStatement {
  sentence: string
  line: number
  inSafetySection: boolean
  /** A list item rather than a sentence of prose. */
  item?: boolean
  /**
   * The lead a summary block's item completes ("Skip it if you:" + "Are pregnant"): read together
   * with the item, while the warning keeps the item's own words.
   */
  lead?: string
  /**
   * A list's lead that the warning shows before the item ("Separate by at least one hour from:" +
   * "Iron supplements, ..."): the lead is no statement of its own, so its words travel with each item.
   */
  shownLead?: string
}

// ---------------------------------------------------------------------------------------------
// Which sentences are safety statements

/**
 * Words that state a risk wherever they stand. "Reduces the risk of" is a benefit, not a risk.
 */
const RISK_CUE =
  /\b(interact\w*|interfer(?:e|es|ed|ing|ence)\b|(?<!\b(?:want|wants|wanting|prefer|prefers|trying|looking|hoping|like) to )avoid\w*|should(?:n't| not)|must not|do not|don't|never (?:take|use|exceed|combine|buy|give|mix|stop|swap|switch)|(?<!\b(?:you|they|we|I|people|who|he|she|often|almost)\s)never (?:eat|drink|chew)\b|(?:can|may|could|will|would) make you (?:sick|ill|vomit|throw up)|leave (?:it|them|\w+) alone\b|(?:stay|stays|stayed|steer|steers|steered) (?:away|clear)\b|fatal|lethal|deadly|life-threatening|not (?:recommended|advised|suitable|safe)|unsafe|side[- ]effects?|adverse (?:effects?|reactions?)|allerg\w*|toxic\w*|overdose|too much|upper (?:intake )?limit|tolerable upper|no more than|not exceed|contraindicat\w*|caution\w*|careful|warning|(?:talk|speak|check|consult|call)\w* (?:to|with)? ?(?:your|a|their) (?:doctor|physician|pharmacist|healthcare|health care|provider|GP)|(?:ask|consult|see) (?:your|a) (?:doctor|physician|pharmacist)|(?<!-)risks?\b(?!-)|risky|dangerous|harmless|(?:common|most common|main|usual|frequent|typical|only|biggest) complaints?|rancid|throw (?:it|them|the (?:bottle|pack|jar|tub|capsules?|tablets?)) (?:out|away)|nosebleeds?|bruis(?:e|es|ing)\b|(?:doctor|physician|GP|cardiologist|pharmacist)'s (?:OK|okay|approval|go-ahead|blessing)|keep (?:your|a) (?:doctor|GP|pharmacist|physician) (?:in the loop|informed)|medical supervision|harmful (?:levels?|amounts?|doses?|to|if|for|in)|toxic|build(?:s)? up(?=\s+(?:in|to|over)\b|\s*[.,;]|$)|(?:take|use)\b[^.]{0,25}\bonly (?:when|if|under|with|on)\b|only be (?:taken|used|given)\b|bleeding|stop taking|stop (?:using it|it )?(?:if|when) you\b|(?:can|may|could|might|will) (?:also )?(?:damage|harm|injure)\b|more (?:is not|isn't) (?:better|safer)|(?:store|keep)\b[^.]{0,30}\b(?:safely|securely|out of (?:the )?reach|away from (?:children|kids))|stay (?:within|below|under) (?:the|a|this)\b|not for\b|before (?:any |elective |planned |scheduled |a |an )?(?:[a-z]+ )?(?:surgery|operation|procedure|dental work)|stop after\b|heads[- ]up\b|no safety data|an?(?: real| serious| particular| big)? (?:concern|worry|problem) for\b|jaundice|(?:skin|eyes) (?:turned|turns|turn|went|goes) yellow|no[- ]go\b|(?:a bad|not a good|a poor) idea|best avoided|off[- ]limits|(?:ask|check) (?:first|before)\b|emergency (?:room|department)|\bER\b|A&E|hospitali[sz]ed|falsely (?:low|high|normal|raised|lowered)|false (?:positive|negative)s?\b|never (?:with|alongside)\b|(?:a|another|the main|the biggest|my|a real) worry\b|worr(?:y|ies) (?:me|doctors|pharmacists)\b|(?:get|gets|getting|got) into trouble|(?:is|was|are|were|gets?|got) (?:much |a lot |even )?worse (?:with|when|if|after|on|in)\b|(?:liver|kidney|nerve|heart|brain) (?:injury|damage|toxicity)|withdrawal symptoms?|go easy\b|supervision|thin(?:s|ning)? (?:the|your) blood|blood[- ]thinning|(?:main|major|chief|key|safety|clinical|biggest|serious) concern)/i
/** "ask your pharmacist which brand is best for you": advice on which product to choose. */
const CHOICE_ADVICE =
  /\b(?:ask|check with|talk to|speak to)\s+(?:your|a)\s+[^.;?]{0,40}?\b(?:which|what)\s+(?:[\w-]+\s+){0,3}(?:products?|brands?|forms?|types?|kinds?|formulations?)\s+(?:is|are|would be|might be)\s+(?:right|best|suitable)\s+for you\b/gi
const BENEFIT_RISK =
  /\b(?:reduc\w*|lower\w*|decreas\w*|cut\w*|less\w*|fewer|prevent\w*)\s+(?:the\s+|your\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:risks?(?:\s+of(?:\s+an?)?\s+(?:fatal|lethal|deadly))?|fatal|lethal|deadly)\b/i

export function statesRisk(sentence: string): boolean {
  const text = readingOf(sentence)
  // "Check with us first if you take immunosuppressants", "review anticoagulant therapy": a
  // medicine named with an interaction cue or a check is an interaction wherever it stands.
  if (
    /\b(?:if you (?:also )?(?:take|use|are (?:taking|using|on))|the same (?:goes|applies|is true) (?:for|to)|(?:mixing|combining)|(?:anyone|someone|people|those|patients|users) who also (?:takes?|uses?|is on|are on|is taking|are taking)|check (?:with|for|first)|review|monitor)\b/i.test(
      text,
    ) &&
    medicinesIn(text).length > 0
  )
    return true
  // "If you've had a transplant or take drugs that calm the immune system, like tacrolimus":
  // a condition on what you take; "can make activated charcoal less effective": an interaction.
  if (
    /\bif you\b[^.;]{0,60}?\b(?:take|use|are (?:taking|using|on))\b|\b(?:less effective|more potent|counteract\w*|(?:weaken|blunt|boost|strengthen|intensif)\w* (?:the |its |their )?(?:\w+-?)*effects?)\b/i.test(
      text,
    ) &&
    medicinesIn(text).length > 0
  )
    return true
  // "Your doctor may need to adjust your insulin", "can make your blood pressure medicine work
  // too well", "took her off it because of her digoxin", "stopped it when he started on
  // sertraline": a medicine changed or weighed against it.
  if (
    /\bneeds? to (?:be )?(?:adjust|lower|reduc|chang|cut)\w*|\bwork (?:too well|too strongly|less well|less|worse)\b|\b(?:took|taken|take|takes|taking) (?:him|her|them|me|you|patients|people) off\b|\bbecause of (?:his|her|their|your|my) |\bwhen (?:he|she|they|I|you|we) (?:started|began|start|begin) (?:on|taking|using)\b/i.test(
      text,
    ) &&
    medicinesIn(text).length > 0
  )
    return true
  // "The FDA advises not to exceed 5 g a day": a ceiling on a dose wherever it stands.
  if (
    dosesIn(text).length > 0 &&
    LIMIT_CUE.test(text) &&
    (!/\bup to\b/i.test(text.match(LIMIT_CUE)?.[0] ?? '') ||
      // "Safe up to 300 mg per day for adults": a ceiling called safe, not a study's range.
      (UP_TO_LIMIT.test(text) && !STUDY.test(text)))
  )
    return true
  // "raises blood levels of some medicines, such as phenytoin": an interaction wherever it stands.
  if (actsOnMedicines(text)) return true
  // "space it away from antibiotics": taking them apart is an interaction wherever it stands.
  if (
    /\b(?:spac\w*|separat\w*)\b[^.;]{0,30}\b(?:from|and)\b|\b(?:away|apart) from\b|\bhours? (?:apart|before|after)\b/i.test(
      text,
    ) &&
    medicinesIn(text).length > 0
  )
    return true
  if (ADVERSE_CHANGE.test(text)) return true
  if (effectBefallsSomeone(text)) return true
  // "Pregnant women who eat little fish, using a purified oil rather than cod liver oil": a group
  // that needs care, told which form to take or on what terms, is cautioned.
  if (
    /\b(?:pregnan\w*|breastfeed\w*|nursing mothers|infants?|babies|children|kids)\b/i.test(text) &&
    /\b(?:rather than|instead of|only (?:with|under|after|if|when|on))\b/i.test(text)
  )
    return true
  // "Ask your pharmacist which product is right for you": help to choose, no risk.
  if (!RISK_CUE.test(text.replace(CHOICE_ADVICE, ' '))) return false
  // "reduces the risk of fractures", "cut fatal heart attacks" are benefits; a cue left once
  // they are set aside ("but can be fatal in children") makes the sentence a warning.
  return RISK_CUE.test(text.replace(new RegExp(BENEFIT_RISK.source, 'gi'), ' '))
}

/**
 * "Others report stomach upset", "you mostly get a worse hangover", "higher doses brought more
 * irritability", "the two together can make you jittery": a known effect that someone gets,
 * reports or is caused, wherever it stands. An effect eased, prevented or reported less often is
 * a benefit ("reported fewer headaches", "helps with insomnia").
 */
const BEFALLS =
  /\b(?:report(?:s|ed)?|notic(?:e|es|ed)|experienc(?:e|es|ed)|get|gets|got|getting|caus(?:e|es|ed|ing)|brought|brings?|trigger(?:s|ed)?|led to|leads? to|make(?:s)? (?:you|people|them|some)|made (?:you|people|them|her|him)|suffer(?:s|ed)?(?: from)?)\b((?:\s+[\w'-]+,?){0,4})\s+$/i
const EASED =
  /\b(?:fewer|less|lower|reduc\w*|reliev\w*|eas\w*|prevent\w*|treat\w*|help\w*|improv\w*|against|fight\w*|without|no|rid|better|relief)\b/i
function effectBefallsSomeone(text: string): boolean {
  return effectsIn(text).some((f) => {
    const before = text.slice(Math.max(0, f.index - 60), f.index)
    const cue = before.match(BEFALLS)
    // "pellagra, the deficiency disease that causes dermatitis": a disease's symptoms.
    const byDisease =
      /\b(?:deficiency|disease|disorder|condition|syndrome|illness|infection)s?,?\s+(?:that\s+|which\s+)?(?:[\w-]+\s+)?$/i.test(
        before.slice(0, cue?.index ?? 0),
      )
    // "less likely to cause digestive upset", "reported fewer headaches": eased, not caused.
    const eased = !!cue && EASED.test(before.slice(Math.max(0, (cue.index ?? 0) - 20)))
    return !!cue && !eased && !byDisease
  })
}

/**
 * A change in the body that harms, whatever section states it: "raises blood pressure", "drains
 * potassium", "can lower testosterone levels", "thins the blood".
 */
const ADVERSE_CHANGE =
  /\b(?:(?:raises?|raising|increases?|increasing|elevates?)\s+(?:your\s+|the\s+)?(?:blood pressure|heart rate|liver enzymes|LDL(?: cholesterol)?|(?:the\s+)?risk of bleeding)|(?:drains?|draining|depletes?|depleting|lowers?|lowering|reduces?|reducing)\s+(?:your\s+|the\s+|blood\s+)?(?:potassium|sodium|testosterone|platelets?)(?:\s+levels?)?|thins?\s+(?:the|your)\s+blood|slows?\s+(?:blood\s+)?clotting)\b/i

/** "diabetes and blood pressure medicines": the medicine named last is the first word's kind too. */
function sharedKind(text: string, f: Found): boolean {
  return /^[\w-]+ (?:and|or) $/i.test(text.slice(0, f.index))
}

/** The sentence says the supplement changes what a medicine does ("lowers the absorption of X"). */
function actsOnMedicines(text: string): boolean {
  if (
    /\b(?:interact\w*|interfer(?:e|es|ed|ing|ence))\b/i.test(text) &&
    medicinesIn(text).length > 0
  )
    return true
  for (const m of text.matchAll(
    /\b(?:(?:levels?|effects?|effectiveness|absorption|activity|action|breakdown|metabolism|clearance|potency) of|(?:chang|alter|affect|slow|speed)\w*(?: up)? how (?:the |your )?(?:body|liver|kidneys?|gut) (?:breaks? down|process(?:es)?|clears?|absorbs?|handles?|metaboli[sz]es?)|(?:can|may|could|might|will|would) add to(?: the)?)\s+/gi,
  )) {
    const rest = text.slice((m.index ?? 0) + m[0].length)
    if (
      /^(?:some |other |certain |many |most |common |several )?(?:[\w-]+ )?(?:medicines|medications|drugs)\b/i.test(
        rest,
      )
    )
      return true
    // "add to diabetes and blood pressure medicines": a kind shared by two words before it.
    if (medicinesIn(rest.slice(0, 40)).some((f) => f.index <= 12 || sharedKind(rest, f)))
      return true
  }
  return false
}

/** A heading that says its section gives upper limits ("Upper Limits", "Maximum Safe Doses"). */
const LIMIT_HEADING =
  /\b(?:upper (?:intake )?(?:limits?|levels?)|\bULs?\b|maximum|max\b|how much is too much|too much|limits?)\b/i
/** "Pregnant teens: 800 mg a day", "1-3 years<TAB>200 mg daily": a group or an age, then a dose. */
const GROUP_DOSE =
  /^(?:[A-Z][\w' -]{0,60}?|(?:ages?\s+)?\d+\s*(?:-|to)\s*\d+\s*(?:years?|months?)[^:\t|]{0,20})\s*(?::|\t|\s\|\s|\s-\s)\s*(?:up to\s+|no more than\s+)?\d[\d,.]*\s*(?:IU|mcg|µg|mg|g|mL)\b/

/**
 * A word that may bound a dose, warn about it or name someone it differs for ("up to", "need
 * less", "people with kidney disease", "children"): a dosage line with one stays a statement.
 */
const DOSE_BOUND =
  /\b(?:up to|as much as|or less|less|lower|fewer|reduc\w*|higher|high|large|people with|those with|if you|patients?|diseases?|disorders?|conditions?|pregnan\w*|breastfeed\w*|nursing|child\w*|infants?|teen\w*|kidneys?|liver|heart|elderly|older|safe\w*|limit\w*|max\w*|should|must|no|not|never|only|exceed\w*|above|over|under|below|beyond|less than|more than|at most|tolerat\w*|ceiling|cap|caps|capped|avoid\w*|risk\w*|harm\w*|side|toxic\w*|careful\w*|caution\w*|warn\w*|stop\w*|doctor|supervision|studied|tested|unknown)\b/i

/**
 * The words of DOSE_BOUND that warn or name someone without a figure beside them ("long-term
 * safety is unknown", "people with kidney disease"); "if you", "less" or "above" bound a dose only.
 */
/** "your doctor may prescribe", "a doctor can give": a dose chosen for a treatment. */
const PRESCRIBED =
  /\b(?:your|a|the) doctor (?:may|might|can|could|will|sometimes|often) (?:prescribe|give|recommend|suggest)\b/gi
const NO_DOSE_CAUTION =
  /\b(?:people with|those with|patients?|diseases?|disorders?|conditions?|pregnan\w*|breastfeed\w*|nursing|child\w*|infants?|teen\w*|kidneys?|liver|heart|elderly|older|safe\w*|limit\w*|max\w*|should|must|no|not|never|only|tolerat\w*|avoid\w*|risk\w*|harm\w*|side|toxic\w*|careful\w*|caution\w*|warn\w*|stop\w*|doctor|supervision|studied|tested|unknown)\b/i

/** What every content disclaimer says about itself: not medical advice, ask a professional. */
const DISCLAIMER_BOILERPLATE =
  /\b(?:substitute for|replace(?:ment for)?\s+(?:\w+\s+){0,2}(?:advice|care|judge?ment|consultation)|(?:medical|professional|clinical) (?:advice|judge?ment)|informational|information purposes|educational purposes|general information|not (?:intended|meant) (?:to|as|for)|(?:AI|artificial intelligence)|qualified (?:healthcare|health care|medical)|this (?:article|information|summary|content|page)|before (?:starting|taking|using|beginning|adding) (?:any|a) (?:new )?(?:supplements?|diet|exercise|treatment|regimen))\b/i

/** "Skip it if you:" + "Are pregnant" -> "Skip it if you are pregnant". */
export function withLead(lead: string, item: string): string {
  const words = item.trim()
  // "Adults: 350 mg a day" keeps its capital and colon; "Are pregnant" continues the lead.
  const continued = /^[A-Z][a-z]+\b(?!:)/.test(words) && !/^[A-Z][a-z]+\s*:/.test(words)
  return `${lead.replace(/:\s*$/, '')} ${continued ? words.charAt(0).toLowerCase() + words.slice(1) : words}`
}

/**
 * Every sentence of a safety section, and every sentence elsewhere that states a risk, in file
 * order. List items count as sentences of their own, without their list markers.
 */
export function safetyStatements(article: ParsedArticle): SafetyStatement[] {
  const statements: SafetyStatement[] = []
  const add = (
    text: string,
    line: number,
    inSafetySection: boolean,
    item = false,
    lead?: string,
  ) => {
    for (const sentence of splitSentences(text.trim())) {
      if (inSafetySection || statesRisk(lead ? withLead(lead, sentence) : sentence)) {
        statements.push({sentence, line, inSafetySection, item, ...(lead ? {lead} : {})})
      }
    }
  }
  // A table's header row names its columns: it is read with each row, not stated on its own.
  const headers = new Set(
    [...article.sections, ...article.summaryBlocks].flatMap((s) =>
      s.items.map((i) => i.header?.no).filter((n) => n !== undefined),
    ),
  )
  for (const line of article.intro) if (!headers.has(line.no)) add(line.text, line.no, false)
  for (const section of article.sections) {
    if (section.kind === 'citations') continue
    let safety = section.kind === 'safety'
    // Under "Upper Limits", or after a line such as "Upper limits by age:", "Pregnant teens: 800
    // mg a day" is a limit the heading or that line states.
    const limits = LIMIT_HEADING.test(plainText(section.heading.text))
    // The line that introduces a run of "group: dose" rows is the nearest line above them that is
    // not such a row.
    const lines = [
      ...section.paragraphs.map((p) => ({no: p.no, text: p.text, row: false})),
      ...section.items.map((i) => ({
        no: i.line.no,
        text: i.line.text,
        row: GROUP_DOSE.test(readingOf(i.text)),
      })),
    ].sort((a, b) => a.no - b.no)
    const introducedAsLimits = (item: (typeof section.items)[number]) => {
      const before = lines
        .filter((l) => l.no < item.line.no && !l.row)
        .at(-1)
        ?.text.trim()
      return !!before?.endsWith(':') && LIMIT_HEADING.test(plainText(before))
    }
    // The section's sentences in file order, prose and list lines together, so that a question
    // meets its answer and a lead its list.
    const entries = [
      ...section.paragraphs
        .filter((line) => !headers.has(line.no))
        .map((line) => ({no: line.no, text: line.text, item: false, lead: undefined})),
      ...section.items.map((item) => ({
        no: item.line.no,
        text: item.text,
        item: true,
        lead: item.header
          ? `${tableCells(item.header.text)?.join(', ')}:`
          : (limits || introducedAsLimits(item)) && GROUP_DOSE.test(readingOf(item.text))
            ? 'Upper limit:'
            : undefined,
      })),
    ].sort((a, b) => a.no - b.no)
    const pieces: Piece[] = entries.flatMap((entry) => {
      const sentences = splitSentences(entry.text.trim())
      return sentences.map((sentence, k) => ({
        sentence,
        line: entry.no,
        item: entry.item,
        last: k === sentences.length - 1,
        ...(entry.lead ? {lead: entry.lead} : {}),
      }))
    })
    const read = markListLeads(joinExchanges(pieces, section.heading.text))
    // "Myth 4: "Cod liver oil is the same thing."": a heading that names no kind heads a safety
    // part when most of its sentences, and at least two, state a risk; its other sentences
    // ("Fact: cod liver oil also carries vitamin A.") are then part of what it warns.
    if (section.kind === 'other') {
      const readings = read
        .filter((p) => !p.leadOf)
        .map((p) => {
          const lead = p.lead ?? p.listLead
          return [lead ? withLead(lead, p.sentence) : p.sentence, ...(p.parts ?? [])]
        })
      // "Taken alongside metformin, glipizide or insulin, ...", "it can clash with heart rhythm
      // drugs": a medicine, or a kind of medicine, beside an interaction cue counts as a risk here.
      const interacts = (t: string) =>
        INTERACTION_CUE.test(t) &&
        (medicinesIn(readingOf(t)).length > 0 ||
          /\b(?:drugs|medicines?|medications?|pills|tablets)\b/i.test(t))
      const risky = readings.filter((texts) =>
        texts.some((t) => statesRisk(t) || interacts(t)),
      ).length
      if (risky >= 2 && risky * 2 > readings.length) safety = true
    }
    const dosage = isDosageHeading(section.heading.text)
    const statementOf = (piece: Piece): SafetyStatement | undefined => {
      const lead = piece.lead ?? piece.listLead
      // The lead travels with the item when it would have been a statement itself; a lead such
      // as "It acts in several ways:" only helps to read the item.
      const shown =
        piece.listLead &&
        read.some((p) => p.leadOf && p.sentence.trim() === piece.listLead && statementOf(p))
      const statement: SafetyStatement = {
        sentence: piece.sentence,
        line: piece.line,
        inSafetySection: safety,
        item: piece.item,
        ...(lead ? {lead} : {}),
        ...(shown ? {shownLead: piece.listLead} : {}),
      }
      const reading = lead ? withLead(lead, piece.sentence) : piece.sentence
      // A joined question and answer states a risk when either half does.
      const risky = [reading, ...(piece.parts ?? [])].some((text) => statesRisk(text))
      if (risky) return statement
      if (!safety) return undefined
      // Under "Dosage" or "How Much to Take", "Most trials used 250 to 500 mg a day" and the row
      // "50 kg | 150 mg | 300 mg" give a dose, no risk: nothing the importer reads there but a
      // general warning, and no word that could bound a dose, is no statement. A line that reads
      // as a limit, an interaction, a group or an effect stays, and so does any line with a word
      // such as "should", "above", "not" or "safe", whose limit the importer might have missed.
      // "If you compete in a weight class, plan around that": with no dose there, no limit can
      // be missed, so only a word of caution or a group keeps a line that reads as general.
      const noDose = dosesIn(reading).length === 0 && !NO_DOSE_CAUTION.test(readingOf(reading))
      // "your doctor may prescribe 1,250 mcg once a week": a treatment dose, not a bound.
      const bound = readingOf(reading).replace(PRESCRIBED, ' ')
      if (dosage && (noDose || !DOSE_BOUND.test(bound))) {
        const warnings = warningsOfStatement(statement, article.name, selfNamesOf(article))
        if (warnings.every((w) => w.kind === 'general')) return undefined
      }
      return statement
    }
    read.forEach((piece) => {
      if (piece.leadOf) return
      const statement = statementOf(piece)
      if (statement) statements.push(statement)
    })
    // A list's lead is stated by each of its items that became a statement; with none, by itself.
    for (const piece of read.filter((p) => p.leadOf)) {
      const carried = piece.leadOf?.some((index) => {
        const item = read[index]
        return statements.some((s) => s.line === item.line && s.shownLead === item.listLead)
      })
      if (carried) continue
      const statement = statementOf(piece)
      if (statement) statements.push(statement)
    }
  }
  // "Garlic can increase the risk of bleeding with blood thinners" in the disclaimer is a warning;
  // the disclaimer's own "not a substitute for medical advice" is not.
  for (const section of article.trailing) {
    for (const line of section.paragraphs) {
      for (const sentence of splitSentences(line.text.trim())) {
        if (!DISCLAIMER_BOILERPLATE.test(sentence)) add(sentence, line.no, false)
      }
    }
  }
  for (const block of article.summaryBlocks) {
    const safety =
      block.kind === 'safety' || SAFETY_LEAD.test(block.lead.map((l) => l.text).join(' '))
    // A lead such as "Talk to your doctor first if you take:" is stated by each of its items.
    const leads =
      safety && block.items.length > 0
        ? block.lead.filter((l) => !l.text.trim().endsWith(':'))
        : block.lead
    for (const line of [...leads, ...block.tail]) add(line.text, line.no, false)
    // "Skip it if you:" is completed by each item; a lead of several lines is its last line. The
    // labelled lines of a fact block ("At a glance:") each stand alone.
    const lead = block.kind === 'facts' ? undefined : block.lead.at(-1)?.text.trim()
    for (const item of block.items) {
      const own = item.header ? `${tableCells(item.header.text)?.join(', ')}:` : undefined
      // "Watch out for: hair loss" is a caution whatever the block around it.
      add(
        item.text,
        item.line.no,
        safety || cautionItem(item),
        true,
        own ?? (lead?.endsWith(':') ? lead : undefined),
      )
    }
  }
  return statements.sort((a, b) => a.line - b.line)
}

// ---------------------------------------------------------------------------------------------
// Dose limits

const UNITS: Array<[DoseUnit, RegExp]> = [
  ['IU', /^(iu|international units?)$/i],
  ['mcg', /^(mcg|µg|μg|micrograms?|ug)$/i],
  ['mg', /^(mg|milligrams?)$/i],
  ['g', /^(g|grams?|gm)$/i],
  ['mL', /^(ml|millilit(re|er)s?)$/i],
]

const DOSE =
  /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(IU|international units?|mcg|µg|μg|ug|micrograms?|mg|milligrams?|gm|g|grams?|mL|millilit(?:re|er)s?)(?![\w])((?:\s*\/\s*|\s+per\s+|\s+for each\s+|\s+a\s+)(?:kg|kilograms?)(?:\s+(?:of\s+)?body\s*weight|\s+bw)?)?/gi

const PER_KG_AFTER_NUTRIENT =
  /^\s+of\s+[\w-]+(?:\s+[\w-]+)?\s+(?:per|\/|for each|a)\s*(?:kg|kilograms?)\b/i

/** A cue that the amount after it is a ceiling. */
const LIMIT_CUE =
  /\b(?:up to|not to exceed|acceptable daily intake|\bADI\b|safe intake|tolerable upper|upper (?:intake )?(?:limit|level)|\bULs?\b|maximum|max\b|no more than|not more than|never more than|(?:should|must|do|does|would|will)(?:n't| not) (?:take|use|get|consume|go|exceed|be more than|have more than)|(?:should|must|do|does|would|will)(?:n't| not) go (?:past|beyond|over|above)|never (?:take|exceed|use)|not (?:to )?exceed|limit (?:\w+ )?(?:intake |doses? )?to|keep (?:[\w-]+ ){0,3}?(?:intake |doses? )?(?:below|under|at or below)|(?:keep|stick) (?:it |intake |doses? |your (?:intake|dose) )?to|stay (?:at or )?(?:below|under)|at most|capped at|anything (?:beyond|above|over|more than)|doses? (?:well |safely |comfortably )?(?:below|under)|safe (?:upper )?(?:limit|level)|ceiling|(?:the|a|its|this|that) (?:daily )?limit (?:for|of|from|is|on)\b[^.;]{0,40})\b/i
/** "up to" is a ceiling when called safe or a limit, a study dose otherwise. */
const UP_TO_LIMIT =
  /\b(safe|safely|limit|maximum|should|no more|recommended|tolerated|no (?:[\w-]+ )?concerns?)\b/i
const STUDY =
  /\b(stud(?:y|ies|ied)|trials?|research|researchers|participants|used|tested|have been taken|were taken|typical|typically|usually|commonly)\b/i
const NO_LIMIT =
  /\bno (?:established |known |set |official |defined )?(?:tolerable )?upper (?:intake )?(?:limit|level)\b|\bhas no (?:established |known |set )?(?:UL|limit)\b/i

const POPULATION =
  /\b((?:healthy |most |all )?(?:(?:anyone|everyone|people|those)(?= (?:over|under|aged?|older|younger) )|adults?|children|kids|teenagers|teens?|adolescents|infants|babies|toddlers|men|women|(?:pregnant|breastfeeding|lactating|nursing)(?:\s+(?:and|or)\s+(?:pregnant|breastfeeding|lactating|nursing))?\s+(?:women|mothers|people|individuals)|older adults|seniors|elderly people)(?![\w-])(?:(?:\s+(?:aged?|ages|over|under|older than|younger than|from|between))?\s+\d+(?:\s*(?:to|-|–|and)\s*\d+)?(?:\s*(?:years?|yrs?|months?)(?: old| of age)?)?(?:\s+(?:and|or) (?:older|over|up|above))?(?:\s+years?)?)?)/i

const NUTRIENT_NAMES =
  /\b(vitamin [a-k](?:-?\d{1,2})?|folic acid|folate|niacin(?:amide)?|biotin|pantothenic acid|riboflavin|thiamine?|choline|calcium|magnesium|zinc|iron|selenium|iodine|copper|manganese|chromium|potassium|sodium|phosphorus|molybdenum|boron|fluoride|EPA(?: and DHA)?|DHA|omega-3s?(?: fatty acids)?|fish oil|caffeine|melatonin|creatine|curcumin|beta-carotene|retinol|vitamin A)\b/i

/** Words that name the supplement itself rather than another nutrient ("of extract", "of it"). */
const SELF_WORDS =
  /^(?:it|this|the supplement|supplements?|extract|root extract|standardized extract|the extract|capsules?|tablets?|powder|the herb|herb|(?:the )?dried (?:herb|root|leaf|leaves|flowers?|berries)|(?:the )?(?:syrup|tincture|gummies|lozenges|drops))$/i

interface DoseMention {
  index: number
  end: number
  amount: number
  unit: DoseUnit
  perKg: boolean
}

function unitOf(text: string): DoseUnit | undefined {
  return UNITS.find(([, pattern]) => pattern.test(text))?.[0]
}

function dosesIn(clause: string): DoseMention[] {
  const doses: DoseMention[] = []
  for (const m of clause.matchAll(DOSE)) {
    const unit = unitOf(m[2])
    if (!unit || m.index === undefined) continue
    // "0.2 mg of glycyrrhizin per kg of body weight": the nutrient may stand before "per kg".
    const perKgAfter = PER_KG_AFTER_NUTRIENT.test(clause.slice(m.index + m[0].length))
    doses.push({
      index: m.index,
      end: m.index + m[0].length,
      amount: Number(m[1].replace(/,/g, '')),
      unit,
      perKg: Boolean(m[3]) || perKgAfter,
    })
  }
  return doses
}

/** "0.5 to 5 mg", "between 15 and 30 mg", "1-3 g", "500 mg to 1 g": a range is a typical dose. */
function inRange(clause: string, dose: DoseMention): boolean {
  const before = clause.slice(Math.max(0, dose.index - 40), dose.index)
  const after = clause.slice(dose.end, dose.end + 20)
  const lower = /\d[\d,.]*\s*(?:[a-zA-Zµμ]{1,11}\s*)?(?:to|-|–|—)\s*$/.test(before)
  const between = /\bbetween\s+\d[\d,.]*\s*(?:[a-zA-Zµμ]{1,11}\s*)?and\s*$/i.test(before)
  const ceiling =
    /\b(?:more than|exceed|limit|over|above)\s+\d[\d,.]*\s*(?:[a-zA-Zµμ]{1,11}\s*)?(?:to|-|–|—)\s*$/.test(
      before,
    )
  return ((lower || between) && !ceiling) || /^\s*(?:to|-|–|—)\s*\d/.test(after)
}

/** "a single dose should not exceed 200 mg": the period stated before the amount. */
function periodBefore(text: string): DosePeriod | undefined {
  // "choose a dose well below 1,000 mg a day" is a daily amount: only "single" or "each" says so.
  const m = text.match(
    /\b(?:(?:a|any|one)\s+single|each|every|per)\s+(?:single\s+)?(dose|serving|sitting)\b/i,
  )
  if (!m) return undefined
  return m[1].toLowerCase() === 'serving' ? 'serving' : 'dose'
}

function periodAfter(text: string): DosePeriod {
  const period = text.match(
    /^[^.;]{0,60}?(?:\b(?:per|a|each|every|\/)\s*(day|night|week|dose|serving|capsule|tablet)\b|\b(daily|nightly|weekly)\b|\b(at (?:a time|once|one time)|in (?:a|one) (?:single )?(?:dose|sitting|serving))\b)/i,
  )
  const word = (period?.slice(1).find(Boolean) ?? '').toLowerCase()
  if (/^week/.test(word)) return 'week'
  if (/^serving/.test(word)) return 'serving'
  if (/^(dose|capsule|tablet|at |in )/.test(word)) return 'dose'
  // Intake limits are daily unless the article says otherwise ("should not exceed 1,000 mg").
  return 'day'
}

function nutrientNear(
  sentence: string,
  clause: string,
  dose: DoseMention,
  previousEnd: number,
  name: string,
) {
  const after = clause.slice(dose.end)
  const of = after.match(
    /^\s*(?:RAE|DFE|NE|AT|elemental)?\s*(?:(?:per|a|each)\s+(?:day|night|week)\s+|daily\s+)?of\s+(?:supplemental\s+|elemental\s+|total\s+|preformed\s+|added\s+)?([A-Za-z0-9][\w'-]*(?:\s+(?:and\s+)?[A-Za-z0-9][\w'-]*){0,2})/,
  )?.[1]
  if (of) {
    const nutrient = of.match(NUTRIENT_NAMES)?.[1]
    if (nutrient && of.toLowerCase().startsWith(nutrient.toLowerCase())) return nutrient
    // "60 mL of syrup a day": the words before the period name what is counted.
    const head = of.replace(/\s+(?:a|per|each|daily|from|in|for)\b.*$/i, '').trim()
    if (
      SELF_WORDS.test(of.trim()) ||
      SELF_WORDS.test(head) ||
      /^(?:root|leaf|seed|standardi[sz]ed|extract)\b/i.test(of)
    )
      return name
    if (nameMentioned(of, name)) return name
    // "250 mg of kavalactones a day": the word after "of" is what is counted.
    // "of EGCG a day": an acronym is a compound too.
    const word = of.match(
      /^([a-z][\w'-]*|[A-Z][A-Z0-9-]+)(?=\s+(?:a|per|each|daily|from|in|for|and|or)\b|$)/,
    )?.[1]
    if (word && !/^(?:it|this|that|the|a|an|body|weight|supplements?|food)$/.test(word)) return word
  }
  const before = clause.slice(previousEnd, dose.index)
  // "keep glycyrrhizin intake below 100 mg": the nutrient names the intake.
  const intake = before
    .match(
      /\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:intake|consumption)\s+(?:below|under|to|at or below|at)\s*$/i,
    )?.[1]
    ?.replace(/^(?:keep|keeping|limit|limiting|hold|holding|your|their|total|daily)\s+/i, '')
  if (
    intake &&
    !/^(?:daily|total|your|their|the|its|dietary|an?|keep|keeping|limit|limiting|hold|holding)$/i.test(
      intake,
    )
  ) {
    const word = intake.split(/\s+/).pop() ?? intake
    return nameMentioned(intake, name) || SELF_WORDS.test(word) ? name : intake
  }
  const stated = before.match(
    /\b(?:limit|UL|level|intake|maximum|dose|amount)\s+(?:for|of)\s+(?:supplemental\s+|elemental\s+|total\s+|preformed\s+)?([^,;]+?)\s+(?:is|are|was|of|at|for|should|has been|has|sits)\b/i,
  )?.[1]
  if (
    stated &&
    !new RegExp(`^${POPULATION.source}$`, 'i').test(stated.replace(/^(?:healthy|most)\s+/i, ''))
  ) {
    return stated.match(NUTRIENT_NAMES)?.[1] ?? (nameMentioned(stated, name) ? name : stated)
  }
  const named = [...before.matchAll(new RegExp(NUTRIENT_NAMES.source, 'gi'))].pop()?.[1]
  if (named && !nameMentioned(named, name)) return named
  // "...sold with vitamin D; for that vitamin, adults should stay below 4,000 IU".
  if (/\b(?:that|this|the same|the other) (?:vitamin|mineral|nutrient|one)\b/i.test(clause)) {
    const earlier = [
      ...sentence
        .slice(0, sentence.indexOf(clause))
        .matchAll(new RegExp(NUTRIENT_NAMES.source, 'gi')),
    ]
      .map((m) => m[1])
      .filter((n) => !nameMentioned(n, name))
      .pop()
    if (earlier) return earlier
  }
  return name
}

function nameMentioned(text: string, name: string): boolean {
  const words = significantWords(name)
  const found = significantWords(text)
  return words.length > 0 && words.every((w) => found.includes(w))
}

/** "adults and teenagers 14 and older", "adults and children over 8": groups a limit shares. */
const GROUPS = new RegExp(
  `\\b((?:${POPULATION.source.slice(3, -1)})(?:\\s*,?\\s+(?:and|or)\\s+(?:${POPULATION.source.slice(3, -1)}))*)`,
  'gi',
)

function populationNear(clause: string, dose: DoseMention, previousEnd: number, nextStart: number) {
  // "3,000 mcg RAE (10,000 IU) a day for adults": the equivalent in brackets shares the group.
  const after = clause
    .slice(dose.end)
    .replace(/\([^)]*\)/g, '')
    .slice(0, Math.max(0, nextStart - dose.end) + 40)
  const bound = after.search(/\d[\d,.]*\s*(?:IU|mcg|µg|mg|g|mL)\b/)
  const forWhom = (bound === -1 ? after : after.slice(0, bound)).match(
    new RegExp(
      `^[^.;]{0,60}?\\b(?:for|in|among)\\s+(?:healthy\\s+|most\\s+)?${POPULATION.source.slice(2)}`,
      'i',
    ),
  )
  const before = clause.slice(previousEnd, dose.index)
  // "Adults, including pregnant and breastfeeding women: 100 mcg": the group an "including" or
  // "such as" adds to is the one the limit is for.
  const who = [...before.matchAll(GROUPS)]
    .filter(
      (m, k) =>
        k === 0 ||
        !/,?\s*(?:including|such as|like|especially|e\.g\.,?)\s*$/i.test(before.slice(0, m.index)),
    )
    .pop()?.[1]
  // "for children 1-3 years it is 65 mg, and for children 4-8 years, 110 mg": a group after a
  // comma opens the next limit; the one just before this dose is its own.
  if (forWhom && !(who && /^[^.;]*?,\s*(?:and\s+|or\s+)?(?:for|in|among)\s/i.test(forWhom[0])))
    return forWhom[1]
  // "1-3 years: 200 mg" (a row of a table by age): the age is the group.
  const age = before.match(
    /((?:ages?\s+)?\d+\s*(?:-|to)\s*\d+\s*(?:years?|months?)(?:\s+old)?|ages?\s+\d+\s*(?:-|to)\s*\d+|\d+\s*(?:years?|months?)\s+(?:and|or)\s+(?:older|over))\s*[:;,]?\s*$/i,
  )?.[1]
  return who ?? forWhom?.[1] ?? age
}

const KNOWN_AUTHORITIES =
  /\b(NIH Office of Dietary Supplements|Office of Dietary Supplements|European Food Safety Authority|EFSA|Food and Nutrition Board|Institute of Medicine|National Academies|National Academy of Medicine|FDA|World Health Organization|WHO|NHS|NIH|Mayo Clinic|Health Canada)\b/

/** "according to the European Food Safety Authority", "set by the NIH Office of ...". */
function authorityIn(text: string): string | undefined {
  const named = text.match(
    /\b(?:according to|set by|established by|recommended by|advised by|says|from)\s+(?:the\s+)?([A-Z][\w.'&-]*(?:\s+(?:of|for|and|on|&|[A-Z][\w.'&-]*))*)/,
  )?.[1]
  const authority = named
    ?.replace(/\.$/, '')
    .replace(/\s+(?:of|for|and|on|&)$/, '')
    .trim()
  // A lone capitalised word ("by Monday") is not a body; a name of several words or an acronym is.
  if (authority && /[A-Z]{2,}|\s/.test(authority)) return authority
  return text.match(KNOWN_AUTHORITIES)?.[1]
}

/** Clauses that each state their own thing: "studies use 5 mg; adults should not exceed 10 mg". */
function clausesOf(sentence: string): string[] {
  return sentence
    .split(
      /;|,\s+(?=(?:but|while|whereas|although|though|however|yet)\b)|\s+(?=(?:but|whereas|although)\s)/i,
    )
    .map((c) => c.trim())
    .filter(Boolean)
}

/** "more than 40 mg ... can cause", "advise against taking more than": an excess that harms. */
const EXCESS =
  /\b(?:more than|above|over|in excess of|exceeding|greater than|less than|below|under)\s*$/i
const EXCESS_HARM =
  /\b(?:cause\w*|toxic\w*|harm\w*|risk\w*|should|must|avoid|advis\w*|against|suggest\w*|recommend\w*|requir\w*|careful|damage|side effects?|linked|danger\w*|keep\w*|limit\w*)\b/i
/** "Kelp can contain more than 1 mg per tablet": what a product holds is not a limit. */
const CONTENT =
  /\b(?:contains?|contained|can contain|may contain|often contain|hold|holds|(?:the )?amount (?:in|found in)|found in)\b/i

/** The dose's own part of a clause: up to the next ", and ..." or ", while ..." after it. */
function ownPart(clause: string, dose: DoseMention): string {
  const next = clause.slice(dose.end).search(/,\s+(?:and|but|while|whereas|although|though)\s|;/i)
  return next === -1 ? clause : clause.slice(0, dose.end + next)
}

function isLimitAt(clause: string, before: string, dose: DoseMention): boolean {
  const cue = [...before.matchAll(new RegExp(LIMIT_CUE.source, 'gi'))].pop()
  const sinceCue = cue ? before.slice(cue.index ?? 0) : ''
  const holds = CONTENT.test(sinceCue) || (EXCESS.test(before) && CONTENT.test(before))
  // "Doses above the UL can cause bleeding, and in the PHS II trial, 400 IU ...": a dose a study
  // gave, named after the cue, is not the limit.
  const studied = /\b(?:stud(?:y|ies)|trials?|meta-analys[ie]s)\b/i.test(sinceCue)
  if (cue && !NO_LIMIT.test(sinceCue) && !holds && !studied) {
    // "Doses up to 8 g in short studies" is a study dose; "up to 5 g a day appears safe" a limit.
    // "up to 3 g a day safe for adults, and studies giving 5 g ...": the study is another part.
    const own = ownPart(clause, dose)
    if (/^up to/i.test(cue[0])) return UP_TO_LIMIT.test(own) && !STUDY.test(own)
    // "keep to 200 mg a day or less" and "keep to 1 g a day unless your doctor says otherwise"
    // are ceilings; "stick to the 100 mg tablets" is a choice.
    if (/^(?:keep|stick)\b.*\bto$/i.test(cue[0])) {
      const after = clause.slice(dose.end)
      return (
        /^[^.;,]{0,25}\bor (?:less|fewer|lower|under)\b/i.test(after) ||
        /^[^.;]{0,40}\bunless\b/i.test(after) ||
        (/^keep\b/i.test(cue[0]) && /^[^.;,]{0,25}\b(?:a|per|each) day\b|^\s*daily\b/i.test(after))
      )
    }
    return true
  }
  const after = clause.slice(dose.end, dose.end + 60)
  if (
    /^\s*(?:(?:per|a|each)\s+\w+\s+)?(?:is|are|as|represents?)\s+(?:the|an?)\s+(?:(?:daily|safe|tolerable|recommended)\s+)?(?:upper limit|maximum|UL|ceiling|limit)\b/i.test(
      after,
    )
  ) {
    return true
  }
  if (EXCESS.test(before) && EXCESS_HARM.test(clause) && !STUDY.test(before)) {
    return !CONTENT.test(before)
  }
  if (/\bup to\b[^,;]{0,20}$/i.test(before))
    return UP_TO_LIMIT.test(ownPart(clause, dose)) && !STUDY.test(ownPart(clause, dose))
  return false
}

/** A limit that points back at a dose named before it: "stay below that amount". */
const ANAPHORIC_LIMIT =
  /\b(?:stay|keep|remain)\s+(?:\w+\s+)?(?:below|under|within)\s+(?:that|this|those|these|the same)\s+(?:amount|level|dose|limit|figure)|\b(?:not|never)\s+(?:to\s+)?(?:exceed|go (?:above|over))\s+(?:that|this|those|these)\s+(?:amount|level|dose|limit|figure)/i

/** Every upper limit a sentence states, each with its own nutrient and population. */
export function doseLimitsIn(written: string, name: string): DoseLimitClaim[] {
  const sentence = numeralsOf(written)
  const limits: DoseLimitClaim[] = []
  const authority = authorityIn(sentence)
  let previousClauseLimited = false
  let previous: DoseLimitClaim | undefined
  // "For healthy adults, up to 400 mg ... and a single dose should not exceed 200 mg": a group
  // that opens the sentence is the group of each limit that names none.
  const opening =
    plainText(sentence)
      .match(new RegExp(`^(?:for|in)\\s+((?:healthy\\s+)?(?:${GROUP})\\b[^,]{0,40}),`, 'i'))?.[1]
      ?.toLowerCase() ??
    // "If you have ever had atrial fibrillation, keep to 1 g a day": the condition is the group.
    plainText(sentence)
      .match(
        /^(?:but |however, |still, )?if you(?:'ve| have)? (?:ever )?(?:have|had|been diagnosed with|suffer from|live with)\s+(?:an?\s+|any\s+)?([a-z][\w' -]{2,40}?),/i,
      )?.[1]
      ?.toLowerCase()
  for (const clause of clausesOf(plainText(sentence))) {
    if (NO_LIMIT.test(clause) && !LIMIT_CUE.test(clause.replace(NO_LIMIT, ''))) {
      previousClauseLimited = false
      continue
    }
    // "...is 1,000 mg a day; for children aged 9 to 13 it is 600 mg": the limit goes on.
    // "...; it is 30 mg for children 1-3 years": the same limit, stated for another group.
    const continues =
      previousClauseLimited &&
      (new RegExp(
        `^(?:and\\s+|but\\s+)?(?:for\\s+|in\\s+)?${POPULATION.source.slice(2)}`,
        'i',
      ).test(clause) ||
        /^(?:and\s+|but\s+)?(?:it|this|that|the (?:limit|UL|upper limit|maximum))(?:'s|\s+is|\s+was|\s+becomes|\s+drops to|\s+falls to)\b/i.test(
          clause,
        ))
    const doses = dosesIn(clause)
    // "800 mg a day or more raised liver enzymes, so stay below that amount": the dose named
    // before a limit that points back at it is the limit.
    const pointer = clause.search(ANAPHORIC_LIMIT)
    const pointed =
      pointer === -1
        ? undefined
        : doses.filter((d) => d.end <= pointer && !inRange(clause, d)).pop()
    let limited = false
    let last: DoseLimitClaim | undefined
    doses.forEach((dose, i) => {
      if (inRange(clause, dose)) return
      const previousEnd = i > 0 ? doses[i - 1].end : 0
      const before = clause.slice(0, dose.index)
      if (!continues && dose !== pointed && !isLimitAt(clause, before, dose)) return
      const nextStart = i + 1 < doses.length ? doses[i + 1].index : clause.length
      // "1,000 mg a day for adults, which equals 1,500 IU": the same limit in another unit.
      const between = clause.slice(previousEnd, dose.index)
      const equivalent =
        last &&
        (/\b(?:equals?|equal to|equivalent to|which is|or about|or roughly|i\.e\.,?)\s*$/i.test(
          before,
        ) ||
          // "200 mg (300 IU)", "1,500 IU of natural vitamin E or 1,100 IU of the synthetic form"
          /^\s*\(\s*$/.test(between) ||
          (last.population !== undefined &&
            /\b(?:equals?|equivalent|which is)\b[^;]*\bor\s*$/i.test(clause.slice(0, dose.index))))
      const population =
        populationNear(clause, dose, previousEnd, nextStart) ??
        (equivalent ? last?.population : undefined) ??
        opening
      const nutrient = nutrientNear(plainText(sentence), clause, dose, previousEnd, name)
      const limit: DoseLimitClaim = {
        amount: dose.amount,
        unit: dose.unit,
        per: periodBefore(between) ?? periodAfter(clause.slice(dose.end, nextStart)),
        ...(dose.perKg ? {perKg: true} : {}),
        // "...for kids aged 4-8 it's 110 mg": the clause goes on with the limit's nutrient.
        nutrient: continues && nutrient === name && previous ? previous.nutrient : nutrient,
        population: population?.toLowerCase().replace(/\s+/g, ' '),
        authority,
      }
      limits.push(limit)
      last = limit
      previous = limit
      limited = true
    })
    previousClauseLimited = limited
  }
  return limits
}

// ---------------------------------------------------------------------------------------------
// Interactions

const INTERACTION_CUE =
  /\b(interact\w*|interfer(?:e|es|ed|ing|ence)\b|(?:reduc|lower|decreas|increas|rais|enhanc|boost|block|blunt|amplif|weaken|potentiat|strengthen|intensif|alter|affect|chang|impair|inhibit|speed|slow)\w*\s+(?:up\s+)?(?:the\s+|how\s+)?(?:blood\s+)?(?:absorption|effects?|effectiveness|action|levels?|activity|response|breakdown|metabolism|clearance|uptake|potency|work)|(?:add|adds|added) to the effects?|(?:can|may|could|might|will|would) add to\b|(?:chang|alter|affect|slow|speed)\w*(?: up)? how (?:the |your )?(?:body|liver|kidneys?|gut) (?:breaks? down|process(?:es)?|clears?|absorbs?|handles?|metaboli[sz]es?) (?:some |certain |other |many |several )?(?:medicines|drugs|medications)|(?:the two|both)(?: of them)? together|never (?:with|alongside)|the same (?:goes|applies|is true) (?:for|to)|(?:mixing|combining|stacking)\b|pair(?:s|ed|ing)? (?:it |them |this )?with|(?:no[- ]go|(?:a bad|not a good|a poor) idea|best avoided|off[- ]limits) (?:with|alongside)|clash(?:es|ed|ing)? with|needs? to (?:be )?(?:adjust|lower|reduc|chang|cut)\w*|work (?:too well|too strongly|less well|less|worse)|because of (?:his|her|their|your|my)|when (?:he|she|they|I|you|we) (?:started|began|start|begin) (?:on|taking|using)|stack(?:s|ed|ing)? (?:it |them )?with|less effective|more potent|counteract\w*|not (?:be )?(?:combined|mixed|taken)|(?:combin\w*|taken|mix\w*|together|along) with|alongside|in combination with|contraindicated with|at least .{0,20}\bhours? (?:apart|after|before)|(?:space|separate)\w* (?:them|doses|it|\w+)\b[^.;]{0,30}\b(?:away |apart )?from|(?:away|apart) from|if you (?:also )?(?:take|use|are (?:taking|using|on))|while (?:taking|using|on)|(?:people|those|anyone|someone|patients|individuals) (?:who (?:also )?(?:takes?|are taking|is taking|uses?|is on|are on)|taking|using|on)|serotonin syndrome|bleeding risk|risk of bleeding)\b/i

/** "medicines for diabetes or your thyroid", "medication for epilepsy", "tablets for blood pressure". */
const MEDICINES_FOR =
  /\b(medicines?|medications?|drugs?|tablets|pills)\s+for\s+((?:(?:your|the|high|low)\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?(?:(?:,\s*|\s+(?:and|or)\s+)(?:(?:your|the|high|low)\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?){0,3})(?=\s*(?:[,.;:)]|$|\s+(?:and|or|if|because|as|since|so|before|while|without)\b))/gi

/** Words that open an enumeration of examples: unknown names in it are read as substances. */
const EXAMPLES =
  /(?<![\w-])(?:such as|including|(?<!\b(?:acts?|acting|works?|looks?|feels?|behaves?|seems?|tastes?|smells?|sounds?)\s)like(?!\s+(?:a|an)\s)|(?:being\s+)?treated\s+with|e\.g\.,?|for example,?|for instance,?|namely|among (?:them|these|which)|i\.e\.,?|(?:this|these|that|which) includes?|if you (?:also )?(?:take|use|are taking|are using|are on))\s+/gi

/** Where an enumeration stops: the next clause. */
const ENUMERATION_END =
  /[.;:()]|,\s+(?=(?:he|she|we|I|so|which|because|as|but|since|while|it|this|they|you|your|the|there|do|don't|never|avoid|please|then|talk|speak|ask|check|consult|leave|skip|stop|stay|steer|keep|tell|wait|and (?:can|may|might|could|should|will|it|this|they)|or (?:if|when))\b)|\s+(?=(?:can|may|might|could|will|should|must|because|since|so|to|for|in order|when|unless|before|after|without|is|are|was|were|has|have|that|which|who|whose|increas\w*|reduc\w*|lower\w*|mak\w*|caus\w*)\b)/i

const DISEASE =
  /\b((?:low|high) blood (?:pressure|sugar)|immuno(?:compromised|suppressed)|disease|disorders?|syndrome|deficiency|deficiencies|conditions?|cancers?|infections?|failure|illness|allerg\w*|diabetes|hypertension|pregnan\w*|surgery|arthritis|asthma|epilepsy|depression|anxiety|insomnia|migraines?|\w+itis|\w+osis|\w+emia|\w+pathy)\b/i
const PEOPLE_WORD =
  /^(?:people|persons?|adults?|children|kids|teens?|teenagers|adolescents|infants|women|men|mothers|patients|those|anyone|someone|individuals|you|older|elderly|seniors)\b/i
const DETERMINERS =
  /^(?:and|or|and\/or|of|with|to|the|a|an|other|certain|some|any|your|all|most|many|several|various|common|prescription|over-the-counter|medications?|drugs?|medicines?)\s+/i
const VAGUE =
  /^(?:it|them|this|these|those|that|such|same|both|others?|medications?|drugs?|medicines?|supplements?|pills?|treatments?|products?|food|foods|meals?|water|something|anything|everything|one|ones|doses?|more|less)$/i

/**
 * A name the lexicon knows used for something else: the body's own insulin ("insulin release"),
 * a nutrient's status ("iron deficiency", "folic acid intake"), a salt naming a form of the
 * supplement ("potassium iodide").
 */
const NOT_TAKEN =
  /^\s*(?:release|sensitivity|resistance|secretion|production|deficiency|deficiencies|overload|stores|status|intake|absorption|metabolism|balance|use|users?|abuse|dependence|addiction|withdrawal|[a-z]+(?:ide|ate|ite))\b/i
/** Hormones the body makes are substances only when taken: "blood levels of estrogen" is not. */
const HORMONE =
  /^(?:insulin|estrogens?|oestrogens?|testosterone|progesterone|cortisol|thyroid hormones?|melatonin|serotonin)$/i

function significantWords(text: string): string[] {
  return (
    plainText(text)
      .toLowerCase()
      .replace(/'s\b/g, 's')
      .split(/[^a-z0-9]+/)
      // "omega-3" keeps its digit and "vitamin E" its letter: without them "vitamin E" named
      // nothing and read as the supplement itself in any article.
      .filter(
        (w, i, all) =>
          (w.length > 1 || /^\d$/.test(w) || /^vitamins?$/.test(all[i - 1] ?? '')) &&
          !/^(and|or|the|of|with|plus|vitamins?|supplements?|supplemental|extracts?|oils?|acid|root|leaf|powder|capsules?|tablets?|form|forms)$/.test(
            w,
          ),
      )
      .map((w) => w.replace(/s$/, ''))
  )
}

/** The supplement itself, its other names or forms ("b12" in a vitamin B12 article). */
function isSelf(substance: string, selfNames: string[]): boolean {
  const words = significantWords(substance)
  if (words.length === 0) return true
  return selfNames.some((name) => {
    const own = significantWords(name)
    // "vitamin K" in a vitamin K2 article is the supplement's own vitamin.
    const extra = words.filter(
      (w) =>
        !own.includes(w) &&
        !(/^[a-z]$/.test(w) && own.some((o) => o.startsWith(w) && /^[a-z]\d+$/.test(o))),
    )
    // "zinc", "vitamin b12", "zinc supplements", "St. John's wort products" are the supplement;
    // "calcium channel blockers" is not calcium.
    return (
      own.length > 0 &&
      words.length > extra.length &&
      extra.every((w) =>
        /^(?:injection|product|preparation|dose|pill|gummie|gummy|lozenge|spray|formula)$|(?:ide|ate|ite)$/.test(
          w,
        ),
      )
    )
  })
}

function cleanItem(part: string): string | undefined {
  let name = part.trim()
  for (let i = 0; i < 3; i++) name = name.replace(DETERMINERS, '')
  name = name.replace(/[.,;:]+$/, '').trim()
  if (!name || VAGUE.test(name) || name.split(/\s+/).length > 4 || !/[a-z]/i.test(name)) return
  if (/\d/.test(name) && !/^[\w-]*\d[\w-]*$/.test(name)) return
  return name
}

/** Items of the enumerations of examples in a sentence ("such as sertraline or paroxetine"). */
function enumerated(sentence: string): Found[] {
  const found: Found[] = []
  for (const cue of sentence.matchAll(EXAMPLES)) {
    const start = (cue.index ?? 0) + cue[0].length
    // "synephrine (bitter orange), yohimbine or ephedra": an aside in brackets does not end it.
    const rest = sentence.slice(start).replace(/\([^)]*\)/g, (m) => ' '.repeat(m.length))
    const stop = rest.search(ENUMERATION_END)
    const phrase = stop === -1 ? rest : rest.slice(0, stop)
    let offset = start
    for (const part of phrase.split(/(,\s*(?:and\/or|and|or)?\s*|\s+(?:and\/or|and|or)\s+)/)) {
      const name = /^,|^\s+(?:and|or)/.test(part) ? undefined : cleanItem(part)
      // The span ends where the name's words do, not at the blanked aside after it.
      if (name) found.push({index: offset, end: offset + part.trimEnd().length, name})
      offset += part.length
    }
  }
  return found
}

/**
 * "Fluvoxamine, an antidepressant, ...", "the epilepsy drug phenytoin": a class that only
 * describes the medicine named beside it is not a substance of its own.
 */
function describesNeighbour(text: string, found: Found, all: Found[]): boolean {
  if (!isKnownClass(found.name)) return false
  const before = text.slice(Math.max(0, found.index - 40), found.index)
  const after = text.slice(found.end, found.end + 40)
  if (
    /(?:such as|like|including|e\.g\.)\s*$/i.test(before) ||
    /^\s*(?:,\s*)?(?:such as|like|including|e\.g\.)/i.test(after)
  ) {
    return false
  }
  // "Valerian is a mild sleep aid": the class is what the supplement is.
  if (
    /(?<!such )\b(?:is|as|was)\s+an?\s+(?:[\w-]+,?\s+){0,3}$/i.test(before) &&
    !/,\s*$/.test(before)
  )
    return true
  const specific = (f: Found) => f !== found && !isKnownClass(f.name)
  const appositive =
    /,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,2}$/i.test(before) &&
    all.some((f) => specific(f) && f.end <= found.index && found.index - f.end < 40)
  // "a blood thinner (warfarin, apixaban)": names in brackets are the class's examples.
  const titled =
    /\b(?:an?|the)\s+(?:[\w-]+\s+){0,2}$/i.test(before) &&
    !/^\s*\(/.test(after) &&
    all.some((f) => specific(f) && f.index >= found.end && f.index - found.end <= 2)
  return appositive || titled
}

/** A capitalised name in brackets after a medicine is its brand: "penicillamine (Cuprimine)". */
function brandsInBrackets(text: string, found: Found[]): Found[] {
  const brands: Found[] = []
  for (const f of found) {
    const bracket = text.slice(f.end).match(/^\s*\(([A-Z][\w-]+(?:,\s*[A-Z][\w-]+)*)\)/)
    if (!bracket) continue
    let offset = f.end + bracket[0].indexOf(bracket[1])
    for (const name of bracket[1].split(/,\s*/)) {
      const index = text.indexOf(name, offset)
      brands.push({index, end: index + name.length, name, known: true})
      offset = index + name.length
    }
  }
  return brands
}

/** "Nitrates (isosorbide, nitroglycerin)": the names in brackets after a class are its examples. */
function examplesInBrackets(text: string, found: Found[]): Found[] {
  const examples: Found[] = []
  for (const f of found.filter((g) => g.known && isKnownClass(g.name))) {
    const bracket = text.slice(f.end).match(/^\s*\(([^)]+)\)/)
    if (!bracket) continue
    let at = f.end + text.slice(f.end).indexOf('(') + 1
    for (const part of bracket[1].split(/,|\s+(?:and|or)\s+/)) {
      const name = part.trim()
      const index = text.indexOf(name, at)
      at = index + name.length
      if (!name || index === -1 || found.some((g) => g.index <= index && g.end >= index + 1))
        continue
      if (DISEASE.test(name) || !looksLikeSubstance(name) || /^(?:e\.g\.|such as)/i.test(name))
        continue
      examples.push({index, end: index + name.length, name})
    }
  }
  return examples
}

/** Where one clause of a sentence ends and the next begins: "..., but ...", "...; ...". */
const CLAUSE_BREAK =
  /;|,?\s+(?:but|whereas|although|though|however|yet)\s+|,\s+while\s+|,\s*(?:and|or)\s+(?=(?:never|not|do not|don't|avoid|should|must|so|it|this|they)\b)|\s+means\s+|,\s+so\s+/gi

/** The clause of the text that holds the position: from the last break before it to the next. */
function clauseAround(text: string, index: number): {start: number; end: number} {
  let start = 0
  let end = text.length
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const at = m.index ?? 0
    if (at + m[0].length <= index) start = at + m[0].length
    else if (at >= index) {
      end = at
      break
    }
  }
  return {start, end}
}

/**
 * A clause that says there is no interaction: "is not known to interact with", "does not appear
 * to affect", "has no known interactions with". An imperative ("do not take it with") is a warning.
 */
const NO_INTERACTION_VERB = String.raw`(?:interact|interfer(?!on)|reduc|lower|rais|increas|affect|alter|chang|weaken|block|blunt|caus\w*\s+(?:problems|interactions))\w*`
const KNOWN_TO = String.raw`(?:been\s+)?(?:known|shown|found|reported|thought|believed|expected|likely|seen|appear|seem)\s+to\s+`
const NO_INTERACTION = new RegExp(
  [
    // "is not known to interact", "does not appear to affect", "has not been shown to raise"
    String.raw`\b(?:(?:does|did|is|are|was|were|has|have|had)(?:n't|\s+not)|do(?:n't|\s+not)\s+(?=(?:appear|seem)\b)|never been|unlikely to)\s+(?:${KNOWN_TO})?${NO_INTERACTION_VERB}`,
    String.raw`\bnot\s+${KNOWN_TO}${NO_INTERACTION_VERB}`,
    String.raw`\bno\s+(?:known\s+|reported\s+|significant\s+|documented\s+|clinically\s+(?:significant|relevant)\s+)?interactions?\b`,
    String.raw`\b(?<!not\s)(?:safe|fine)\s+to\s+(?:take|use|combine)\s+(?:\w+\s+)?with\b`,
  ].join('|'),
  'gi',
)

/** Names coordinated before a found name ("laxatives or ", "sertraline, "): the cue stands before them. */
const COORDINATED = String.raw`(?:[\w'-]+(?:\s+[\w'-]+){0,2}\s*(?:,\s*(?:and|or)?|\s(?:and|or|and\/or))\s*){0,4}`

/** The text before a found name ends with the cue, maybe followed by names coordinated with it. */
function cueBefore(text: string, found: Found, cue: string): boolean {
  return new RegExp(`(?:${cue})\\s*${COORDINATED}$`, 'i').test(text.slice(0, found.index))
}

/**
 * A name the sentence keeps apart from the risk: "without carbidopa", "except vitamin C",
 * "unlike St. John's wort", "unless it is taken with carbidopa", or any name in a clause that says
 * there is no interaction ("is not known to interact with acetaminophen").
 */
function protectedName(text: string, found: Found): boolean {
  if (
    cueBefore(
      text,
      found,
      String.raw`\b(?:without|except(?:\s+for)?|excluding|other than|unlike|rather than|instead of)\s+(?:the\s+|a\s+|an\s+)?`,
    )
  )
    return true
  const clause = clauseAround(text, found.index)
  if (
    /\bunless\b/i.test(text.slice(clause.start, found.index)) &&
    cueBefore(text, found, String.raw`\b(?:with|alongside|plus)\s+(?:the\s+)?`)
  )
    return true
  return new RegExp(NO_INTERACTION.source, 'i').test(text.slice(clause.start, clause.end))
}

/** "doses, usually from laxatives or antacids": where the supplement came from, not a medicine taken with it. */
function sourceOfDose(text: string, found: Found): boolean {
  return (
    cueBefore(
      text,
      found,
      String.raw`\b(?:doses?|amounts?|intakes?|quantities|sources?)\b[^.;:]{0,30}?\b(?:from|in)\s+(?:the\s+)?`,
    ) && !/\b(?:apart|away|separate\w*|spac\w*)\b[^.;:]{0,40}$/i.test(text.slice(0, found.index))
  )
}

/** "Taking aspirin 30 minutes beforehand can reduce it": a medicine used against an effect. */
function remedy(text: string, found: Found): boolean {
  const after = text
    .slice(found.end)
    .match(
      /^[^.;,]{0,40}?\b(?:can|may|might|could|will|helps?|to)\s+(?:help\s+(?:to\s+)?)?(?:reduce|prevent|ease|relieve|lessen|minimi[sz]e|stop|curb|soothe|treat)s?\s+([^.;,]{1,40})/i,
    )
  if (!after) return false
  const object = after[1].trim()
  return (
    /^(?:it|this|that|them|these|those|the (?:flush\w*|symptoms?|side effects?|reaction))\b/i.test(
      object,
    ) || effectsIn(object.split(/\s+/).slice(0, 4).join(' ')).some((f) => f.index === 0)
  )
}

/**
 * "Several common heart and blood pressure drugs make the body ...": a kind of medicine named only
 * by what it treats, after a vague quantifier and with no example, announces medicines rather than
 * naming one; the statement is kept for an editor to read. When the sentence says the supplement
 * acts on them ("may interfere with some cancer drugs"), the kind is what it meets: only words
 * that name no kind ("some medications", "certain prescription drugs") stay an umbrella.
 */
function vagueUmbrella(text: string, found: Found, cue = false): boolean {
  if (!/\b(?:drugs?|medications?|medicines?)$/i.test(found.name)) return false
  if (cue && namesAKind(found.name)) return false
  if (
    /^\s*,?\s*(?:(?:such as|like|including|for example|namely)\b|e\.g\.|i\.e\.)/i.test(
      text.slice(found.end),
    )
  )
    return false
  return cueBefore(
    text,
    found,
    String.raw`\b(?:several|some|certain|many|various|a (?:number|few|range) of)\s+(?:(?:common|commonly used|widely used|other|popular)\s+)?`,
  )
}

/** Words that qualify "drugs" without saying which: "prescription drugs", "common medicines". */
const NO_KIND =
  /^(?:some|certain|several|many|various|other|common|commonly|widely|used|popular|prescription|prescribed|over-the-counter|otc|regular|daily|usual|your|their|these|those|such|any|all|most|more|of|a|the|number|few|range|and|or)$/i

/** "cancer drugs", "seizure medicines": the words before the head name what kind. */
function namesAKind(name: string): boolean {
  const words = name.split(/[\s-]+/).slice(0, -1)
  return words.length > 0 && words.some((w) => !NO_KIND.test(w))
}

/**
 * "diabetes or blood pressure medication": the first kind shares the head noun of the second.
 */
function sharedHead(text: string, found: Found): Found[] {
  const head = found.name.match(/\b(drugs?|medications?|medicines?)$/i)?.[1]
  if (!head) return []
  const m = text.slice(0, found.index).match(/\b([a-z][\w-]+)\s+(?:or|and|and\/or)\s+$/i)
  // "barbiturates and sleep medicines": a kind named on its own shares nothing.
  if (
    !m ||
    DETERMINERS.test(`${m[1]} `) ||
    isKnownSubstance(m[1]) ||
    (!DISEASE.test(m[1]) && !isKnownClass(`${m[1]} ${head}`))
  )
    return []
  const index = m.index ?? 0
  return [
    {
      index,
      end: index + m[1].length,
      name: `${m[1].toLowerCase()} ${head.toLowerCase()}`,
      known: true,
    },
  ]
}

/**
 * The substances an interaction sentence names: medicines and alcohol from the lexicon wherever
 * they stand; herbs and other nutrients from the lexicon, and unknown names read from an
 * enumeration of examples, when the sentence states an interaction. Never the supplement itself,
 * a disease or the body's own hormone.
 */
export function interactingSubstancesIn(
  sentence: string,
  selfNames: string[],
  inSafetySection: boolean,
): string[] {
  const text = plainText(sentence)
  // "B12 is often combined with folic acid" describes a product; "combining it with X can" warns.
  const cue =
    INTERACTION_CUE.test(text) &&
    !(
      /\bwith$/i.test(text.match(INTERACTION_CUE)?.[0] ?? '') &&
      [...text.matchAll(new RegExp(INTERACTION_CUE.source, 'gi'))].every((m) =>
        /\bwith$/i.test(m[0]),
      ) &&
      !/\b(?:can|may|might|could|should|not|avoid|never|risk|increas\w*|decreas\w*|reduc\w*|rais\w*|lower\w*|if|when|while|caution)\b/i.test(
        text,
      )
    )
  const taken = (f: Found) =>
    // "the same side effects as lovastatin", "Carbidopa, used with levodopa for Parkinson's,":
    // a comparison or a description of another medicine.
    !/\b(?:same\b[^.,;]{0,30}\bas|similar to|just like|such as those of)\s+(?:the\s+)?$/i.test(
      text.slice(0, f.index),
    ) &&
    !/,\s*(?:used|given|taken|prescribed)\s+(?:with|for|to|alongside)\b[^,;.]*$/i.test(
      text.slice(0, f.index),
    ) &&
    // "iron absorption" is the body's; "Levothyroxine absorption is reduced" is the medicine's,
    // which is what an interaction changes.
    !(
      NOT_TAKEN.test(text.slice(f.end)) &&
      !(
        /^\s*(?:absorption|metabolism|clearance|breakdown)\b/i.test(text.slice(f.end)) &&
        isKnownMedicine(f.name)
      )
    ) &&
    // "Its caffeine can add to ...": what the supplement itself contains.
    !/\b(?:its|(?:the|this) (?:extract|supplement|herb|product|root|tea|powder)'s)\s+(?:own\s+)?$/i.test(
      text.slice(0, f.index),
    ) &&
    // "it may act like estrogen", "eased anxiety as well as a low dose of a sedative": a
    // comparison with the medicine, not the medicine taken.
    !/\b(?:act|acts|acting|behave|behaves|work|works|worked)\s+(?:much\s+|a bit\s+)?like\s+(?:an?\s+)?$|\b(?:eased|worked|helped|relieved|performed|did)\b[^.;]{0,60}\b(?:as well as|as much as|better than|as effectively as)\s+(?:an?\s+)?(?:(?:low|high|standard|usual)\s+)?(?:dose\s+of\s+)?(?:an?\s+)?$/i.test(
      text.slice(0, f.index),
    ) &&
    // "Never stop or swap a prescribed antidepressant": the medicine is given up, not combined.
    !/\b(?:stop|stopping|swap|swapping|switch|switching|replace|replacing|quit|quitting)\s+(?:or\s+[\w-]+\s+)?(?:your\s+|a\s+|an\s+|the\s+)?(?:prescribed\s+|prescription\s+)?$/i.test(
      text.slice(0, f.index),
    ) &&
    // "before any surgery that needs general anesthesia": the procedure's own anaesthetic.
    !(
      /^(?:general |local )?an(?:a)?esthe/i.test(f.name) &&
      /\b(?:surgery|operation|procedure)\b[^.;,]{0,25}$/i.test(text.slice(0, f.index))
    ) &&
    // "can raise blood potassium": a level in the blood, not something taken.
    // "may need to adjust your insulin": the medicine a dose of which is changed.
    (!/\b(?:blood|serum|plasma|body's|your)\s+$/i.test(text.slice(0, f.index)) ||
      /\b(?:adjust|change|lower|reduce|cut|stop|take|taking|skip)\s+your\s+$/i.test(
        text.slice(0, f.index),
      )) &&
    !bodyLevel(text, f) &&
    !(
      HORMONE.test(f.name) &&
      (/\blevels? of\s+$/i.test(text.slice(0, f.index)) || /^\s*levels?\b/i.test(text.slice(f.end)))
    )
  const kept = (f: Found) =>
    taken(f) &&
    !protectedName(text, f) &&
    !sourceOfDose(text, f) &&
    !remedy(text, f) &&
    !vagueUmbrella(text, f, cue)
  const medicines = medicinesIn(text).filter(kept)
  if (!cue && (medicines.length === 0 || !inSafetySection) && !statesRisk(text)) return []
  const found: Found[] = [...medicines]
  if (cue || medicines.length > 0) {
    found.push(...supplementsIn(text).filter(kept))
    for (const item of enumerated(text)) {
      if (found.some((f) => f.index < item.end && f.end > item.index)) continue
      if (!kept(item)) continue
      if (DISEASE.test(item.name) || PEOPLE_WORD.test(item.name)) continue
      if (effectsIn(item.name).length > 0) continue
      if (!isKnownSubstance(item.name) && !looksLikeSubstance(item.name)) continue
      found.push(item)
    }
  }
  if (cue || medicines.length > 0) {
    // "Medicines that suppress the immune system, such as ...", "other drugs broken down by the
    // liver enzyme CYP3A4": a kind of medicine named by what it does.
    // Only with examples after it or beside a named medicine: "other drugs that act on the
    // brain" alone is too vague to be a substance (a general warning carries it).
    for (const m of text.matchAll(DESCRIBED_CLASS)) {
      const index = (m.index ?? 0) + m[0].indexOf(m[1])
      const kind = {index, end: index + m[1].length, name: m[1].toLowerCase(), known: true}
      const examples = /^\s*,?\s*(?:such as|like|including|e\.g\.)\s/i.test(text.slice(kind.end))
      const beside =
        /\b(?:and|or)\s+(?:other\s+)?$/i.test(text.slice(0, index)) &&
        medicines.some((f) => f.end <= index && index - f.end <= 20)
      if ((examples || beside) && kept(kind)) found.push(kind)
    }
  }
  if (cue) {
    // "if you take medicines for diabetes or your thyroid", "medication for epilepsy": a kind of
    // medicine named by what it is for, each condition of the list with the shared head.
    for (const m of text.matchAll(MEDICINES_FOR)) {
      const head = m[1]
      const start = m.index ?? 0
      // "penicillamine, a drug for rheumatoid arthritis": an aside describing the medicine named.
      if (/,\s*(?:an?|the)\s+(?:[\w-]+\s+)?$/i.test(text.slice(0, start))) continue
      const conditions = m[2].split(/\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+/)
      for (const condition of conditions) {
        const what = condition.replace(/^(?:your|the|a|an|high|low)\s+/i, '').trim()
        if (!what || /^(?:it|them|this|that|you|people)$/i.test(what)) continue
        const name = `${head} for ${what}`.toLowerCase()
        if (found.some((f) => f.name === name)) continue
        const kind = {index: start, end: start + m[0].length, name, known: true}
        if (kept(kind)) found.push(kind)
      }
    }
  }
  if (cue || medicines.length > 0) {
    // "may interact with anesthesia drugs": a kind of medicine named by what it treats; without
    // a cue only with examples after it ("Nephrotoxic drugs such as cyclosporine").
    for (const m of text.matchAll(
      /\b((?:[a-z][\w-]*[\s-]+){1,2}(?:drugs?|medications?|medicines?))\b/gi,
    )) {
      const end = (m.index ?? 0) + m[0].length
      const phrase = m[1].replace(DETERMINERS, '').replace(DETERMINERS, '')
      if (phrase.split(/[\s-]+/).length < 2) continue
      if (found.some((f) => f.index < end && f.end > end - phrase.length)) continue
      if (
        phrase
          .split(/[\s-]+/)
          .slice(0, -1)
          .some((w) =>
            /^(?:other|these|those|such|prescription|any|some|all|many|more|most|several|common|certain|your|the|of|and|or|with|taking|take|using|on|that|which|their|his|her|its|new|interacts?|affects?|makes?|levels?|anyone|people|raises?|lowers?|than|by)$/i.test(
              w,
            ),
          )
      )
        continue
      const kind = {index: end - phrase.length, end, name: phrase.toLowerCase(), known: true}
      const examples = /^\s*,?\s*(?:such as|like|including|e\.g\.)\s/i.test(text.slice(end))
      if ((cue || examples) && kept(kind)) found.push(kind)
    }
  }
  for (const f of [...found]) {
    if (vagueUmbrella(text, f, cue)) continue
    for (const g of sharedHead(text, f)) {
      if (vagueUmbrella(text, g, cue)) continue
      // "thyroid" read from the enumeration is "thyroid medicines" once the head is shared.
      const bare = found.findIndex((h) => h.index === g.index && h.end <= g.end)
      if (bare !== -1) found.splice(bare, 1)
      if (!found.some((h) => h.index === g.index)) found.push(g)
    }
  }
  found.push(
    ...brandsInBrackets(text, found).filter((b) => !found.some((f) => f.index === b.index)),
    ...examplesInBrackets(text, found),
  )
  const names = found
    .sort((a, b) => a.index - b.index)
    .filter((f, i, all) => !refersBack(text, f, all.slice(0, i)))
    // "painkillers from the NSAID family": the family named after it is what is meant.
    .filter(
      (f, _, all) =>
        !all.some(
          (g) =>
            g.index > f.end &&
            /^\s+from\s+the\s+$/i.test(text.slice(f.end, g.index)) &&
            /^\s+(?:family|class|group)\b/i.test(text.slice(g.end)),
        ),
    )
    // "thyroid medication" inside "thyroid medication such as levothyroxine" is found once.
    .filter(
      (f, _, all) =>
        !all.some(
          (g) =>
            g !== f && g.index <= f.index && g.end >= f.end && g.end - g.index > f.end - f.index,
        ),
    )
    .filter((f, _, all) => !describesNeighbour(text, f, all))
    .filter((f) => !isSelf(f.name, selfNames) && (f.known || !DISEASE.test(f.name)))
    .map((f) => f.name)
  const unique = [...new Set(names)]
  // "antibiotic" and "antibiotics" are one substance.
  return unique.filter((n) => !unique.includes(`${n}s`))
}

/**
 * "Potassium can drop to dangerous levels", "low potassium", "its effect on blood pressure and
 * potassium": a nutrient as a level in the body, not something taken with the supplement.
 */
function bodyLevel(text: string, f: Found): boolean {
  if (medicinesIn(f.name).length > 0) return false
  const before = text.slice(0, f.index)
  const after = text.slice(f.end)
  return (
    /\b(?:low|high|raised|reduced|falling|dropping|loss of|losing|levels? of|effects? on)\s+(?:(?:[\w-]+\s+){1,3}(?:and|or)\s+)?$/i.test(
      before,
    ) ||
    /^\s*(?:levels?\b|(?:can|may|could|will)\s+(?:drop|fall|rise|build up)|(?:drops?|falls?|rises?)\b)/i.test(
      after,
    )
  )
}

/**
 * "Corticosteroids (prednisolone) | Licorice may increase the effect of the steroid", "Oral
 * contraceptives | Women on the pill ...": a name with "the" after the substance the sentence
 * already named, and not listed with it, refers back to that substance.
 */
function refersBack(text: string, f: Found, earlier: Found[]): boolean {
  const previous = earlier.filter((g) => g.end <= f.index).pop()
  const definite = /\bthe\s+$/i.test(text.slice(0, f.index)) || /^the\s/i.test(f.name)
  if (!previous || !definite) return false
  // "painkillers from the NSAID family": the family narrows what came before, it is no echo.
  if (/^\s+(?:family|class|group)\b/i.test(text.slice(f.end))) return false
  const between = text.slice(previous.end, f.index)
  return !/^[\s)]*(?:,|\band\b|\bor\b|\/)[\s,]*(?:(?:and|or)\s+)?(?:the\s+)?$/i.test(between)
}

const DESCRIBED_CLASS =
  /\b((?:medicines|medications|drugs|supplements|herbs)\s+(?:that|which)\s+(?!(?:you|they|we|it)\b)[a-z][^,;.()]{3,50}?|(?:medicines|medications|drugs)\s+(?:broken down|processed|metaboli[sz]ed|cleared)\s+by\s+[^,;.()]{3,50}?)(?=\s*(?:[,;.(]|$|\s(?:such as|like|including|e\.g\.|can|may|could|should|will|must|might|is|are)\s))/gi

/** An unknown enumerated name that reads like a medicine or herb rather than a phrase. */
function looksLikeSubstance(name: string): boolean {
  const words = name.split(/\s+/)
  if (words.length > 3) return false
  if (
    /^(?:is|are|was|be|can|may|take|taking|use|using|get|have|has|do|does|high|low|large|small|higher|lower|more|less|other|these|those|it|same|very|many|much)$/i.test(
      words[0],
    )
  )
    return false
  return /^(?:[a-z][a-z'-]+|[A-Z][a-z][\w'-]*|[A-Z0-9-]{2,}s?)(?:\s+[a-z][\w'-]*){0,2}$/.test(name)
}

// ---------------------------------------------------------------------------------------------
// Contraindications

/** Words that open the name of a group of people. */
const GROUP =
  'people|persons|anyone|anybody|those|individuals|patients|adults|children|child|kids|kid|baby|teens|teen|teenagers|adolescents|infants|newborns|babies|toddlers|women|men|mothers|pregnant|breastfeeding|nursing|lactating|older adults|older people|seniors|elderly|the elderly|smokers|former smokers|heavy drinkers|athletes|vegans|vegetarians|girls|boys'
const WHO = new RegExp(`(?:^|\\s)(?:${GROUP})\\b`, 'i')
const GROUP_START = new RegExp(`^(?:${GROUP})\\b`, 'i')

/** A group of people who should not take it, or take it only with care, as the subject of a clause. */
const GROUP_SUBJECT = new RegExp(
  `(?:^|[,;:]\\s*|\\b(?:so|and|but|while|because|though|although|whereas|yet)\\s+)((?:${GROUP})\\b[^;.:]*?)\\s+(?:should|must|need to|ought to|cannot|can't|shouldn't|are (?:advised|urged|especially|particularly|more|at)|is (?:especially|particularly|more)|may (?:react|be|develop|find|experience|need|have)|can (?:develop|react|be|have)|have a (?:higher|greater))\\b`,
  'gi',
)

const CONTRA: RegExp[] = [
  /\bnot (?:recommended|advised|suitable|safe|appropriate|intended)(?: for use)? (?:for|during|in|by|with)\s+(.+?)(?=,?\s+(?:as|because|since|unless|due|which|so|but|although)\b|[.;]|$)/i,
  /\b(?:who should (?:avoid|not take|not use|skip|steer clear of)(?: it| this| them)?|not (?:suitable|recommended|advised|safe) for|do not (?:take|use) (?:it )?if you are)\s*:\s*(.+?)(?=[.;]|$)/i,
  /(?:^|[,;:]\s*(?:and\s+)?|\s-\s+)not for (?:use (?:in|by) )?(.+?)(?=,?\s+(?:as|because|since|unless|due|which|so|but|although)\b|[.;:]|$)/i,
  /\b(?:never|not|only) be (?:given|used|taken) (?:to|by|in)\s+(.+?)(?=,?\s+(?:as|because|since|unless|due|which|so|but|after|before|without|until|under)\b|[.;]|$)/i,
  /\b(?:out of (?:the )?reach of|out of sight of|keep\b[^.;]{0,40}\baway from)\s+(?:small\s+|young\s+)?(children|kids|pets)\b/i,
  /\b(?:can|may|could|might) (?:cause|harm|lead to|trigger)\b[^.;]*?\b(?:in|to)\s+((?:newborns|infants|babies|unborn babies|the (?:baby|fetus|unborn baby)|children|kids|teenagers|older adults|the elderly))\b/i,
  /\b(?:a (?:(?:particular|special|real|serious|major|big|greater|higher) )?(?:concern|problem|risk|danger)|concerning|dangerous|risky|harmful|unsafe) (?:for|to)\s+(.+?)(?=[.;,]|$)/i,
  /\bcontraindicated (?:in|for|during|with)\s+(.+?)(?=,|\s+(?:as|because|since|unless|due)\b|[.;]|$)/i,
  /\b(?:avoid|do not (?:take|use)|don't (?:take|use)|skip|stop (?:taking|using)|use caution|be cautious|talk to|speak (?:to|with)|consult|check with|ask)\b.*?\bif you (?:are|have|have had|'re|suffer from|were|currently have)\s+(.+?)(?=,\s+(?:so|because|as|since|which|unless|and (?:if|you))\b|[.;]|\s+(?:or (?:if|take|are taking)|unless|because|as)\b|$)/i,
  /^(?:but |however, |still, |also, |and )?if you (?:are|have|have had|'re|suffer from|currently have)\s+(.+?),\s*(?=.*\b(?:avoid|do not|don't|skip|talk|speak|consult|check|ask|stop|use|can|may|could|might|should|risk|leave it|steer clear|stay away)\b)/i,
  /\b(?:avoid|do not use|don't use)\s+(?:it\s+|this\s+)?(?:during|in)\s+(pregnancy|breastfeeding|lactation|early pregnancy)\b/i,
  /^not for (?:use (?:in|by) )?(.+?)(?=[.;,:]|$)/i,
  /\b(?:risk|danger|problem) is (?:highest|greatest|higher|increased|especially high) (?:in|for|among)\s+(.+?)(?=[.;,]|$)/i,
  /\bworsen\w*\s+((?:[A-Z][\w']*\s+)*[\w' -]*?(?:disease|disorder|syndrome|condition|symptoms))\b/i,
  // "Bleeding disorders: avoid in patients with haemophilia", "Avoid – with kidney disease".
  /\bavoid\w*\s*(?:-\s*)?(?:it\s+|use\s+)?(?:in|with|during)\s+(.+?)(?=[.;]|$)/i,
  /\b(?:aggravat|worsen|exacerbat)\w*\b[^.;]*?\b(?:in|for)\s+((?:patients|people|those|anyone|individuals)\s+with\s+.+?)(?=[.;]|$)/i,
  // "No safety data in pregnancy": a group nobody has shown it safe for.
  /\bno (?:safety )?data (?:in|for|during|on)\s+(.+?)(?=[.;,:]|$)/i,
  // "No UL has been set for infants under 12 months": a group no safe amount is known for.
  /\bno (?:UL|upper (?:intake )?(?:limit|level)|safe (?:dose|limit|amount)|supplement dose) (?:has been |have been |is |was )?(?:set|established|defined|determined) for\s+(.+?)(?=[.;,]|$)/i,
  // "reactions ... are more likely if you are allergic to ragweed": who is at risk.
  /\b(?:more likely|more common|more often|higher|greater|increased)\b[^.;]{0,40}\bif you are\s+(allergic to .+?)(?=[.;]|$)/i,
]

/** A leaflet's field of who must not take it: "Contraindications: a; b; c." */
const CONTRA_LABEL =
  /^(?:contra-?indications?|do not (?:take|use)(?: (?:it|this product))? (?:if|in|with)|not (?:suitable|recommended) for|who should not (?:take|use) (?:it|this))\s*:\s*(.+)$/i

/** A label that names a group or condition, then a caution: "Pregnancy and lactation: not studied". */
const LABEL_CAUTION =
  /\b(?:avoid\w*|skip|not for|only (?:under|with)|(?:give|use|take|offer)\s+(?:\w+\s+){0,2}only\b|out of (?:the |their |a child's )?reach|supervision|(?:can|may|might|could) (?:trigger|cause|worsen|slow|raise|lower|affect|interfere|make|drop|fall|rise|spike)|(?:ask|check with|talk to|speak to|consult) (?:your|a) (?:doctor|pharmacist|GP|midwife|oncologist|cardiologist|specialist)|(?:may|might|could|can) react|not (?:been )?(?:studied|established|recommended|advised)|aggravat\w*|worsen\w*|caution\w*|careful|unsafe|not safe|should not|do not|discontinue|stop)\b/i

/** A population that is a group of people or a condition, not a dose ("more than 10 mg") or a pronoun. */
function isPopulation(text: string): boolean {
  if (/^(?:it|you|they|this|we|he|she|one)$/i.test(text)) return false
  if (/\b(?:more than|less than|over \d|above \d|exceed)\b/i.test(text) && !WHO.test(text))
    return false
  return (
    WHO.test(text) ||
    DISEASE.test(text) ||
    /\b(?:with|who|under|over)\b/i.test(text) ||
    // "if you are sensitive to chromium": a state that makes people a group.
    SENSITIVE.test(text)
  )
}

/** "allergic to ragweed", "sensitive to chromium", "hypersensitive to any ingredient". */
const SENSITIVE = /^(?:people\s+)?(?:allergic|sensitive|hypersensitive|intolerant)\s+(?:to|of)\b/i

/** "pregnant, trying to conceive or breastfeeding": a state on the way to pregnancy is a group too. */
const PLANNING = String.raw`trying to (?:conceive|get pregnant|become pregnant)|planning (?:a pregnancy|to (?:conceive|get pregnant|become pregnant))`

/** "children and teenagers, and people with bipolar disorder": one population per group. */
function splitPopulations(text: string): string[] {
  const pieces = text
    .trim()
    .split(
      new RegExp(
        `(,\\s*(?:and|or)?\\s*(?:(?:not\\s+)?for\\s+|while\\s+|during\\s+)?(?=(?:${GROUP}|${PLANNING}|pregnancy)\\b)|\\s+(?:and|or)\\s+(?:(?:not\\s+)?for\\s+|while\\s+|during\\s+)?(?=(?:${GROUP}|${PLANNING}|pregnancy)\\b))`,
        'i',
      ),
    )
  const parts: string[] = []
  for (let i = 0; i < pieces.length; i += 2) {
    const part = pieces[i].trim()
    // "Pregnant or breastfeeding women": a bare adjective takes the noun of the group after it,
    // so the sentence names two groups, "pregnant women" and "breastfeeding women".
    const head =
      /^(?:pregnant|breastfeeding|nursing|lactating|older|elderly|younger)$/i.test(part) &&
      i + 2 < pieces.length &&
      /^(?:\w+\s+)?(women|mothers|people|adults|individuals|persons|patients|men)\b/i.exec(
        pieces[i + 2].trim(),
      )?.[1]
    if (part) parts.push(head ? `${part} ${head}` : part)
  }
  return parts
}

function ifYouAre(population: string, lead: string): string {
  // "if you are sensitive to chromium or to any of the ingredients" -> "sensitive to chromium",
  // as "allergic to shellfish" is named.
  if (/\bif you (?:are|'re)\s*$/i.test(lead) && SENSITIVE.test(population))
    return population.replace(/\s+or\s+to\s+any\b.*$/i, '')
  // "if you have kidney disease" -> "people with kidney disease"; "if you are pregnant" stays.
  if (/\bif you (?:have|have had|suffer from|currently have)\s*$/i.test(lead)) {
    const condition = population.replace(/^(?:an?|any)\s+/i, '')
    // "low in vitamin B12", "allergic to ragweed": a state, not something people have.
    return /^(?:low|short|deficient|allergic|sensitive|intolerant)\b/i.test(condition)
      ? `people ${condition}`
      : `people with ${condition}`
  }
  return population
}

/**
 * "a heart rhythm disorder, uncontrolled high blood pressure, an anxiety disorder or a history of
 * seizures": a list of conditions after "if you have" is one group per condition. Without commas
 * two single words before a head ("kidney or liver disease") share it; other lists stay whole.
 */
function conditionsOf(text: string): string[] {
  // "kidney or liver disease": two organs share the head, so two conditions.
  const shared = text.match(
    /^(?:an?\s+)?([a-z]+)\s+(?:or|and)\s+([a-z]+)\s+(disease|disorders?|problems?|conditions?|failure|impairment|damage|allerg(?:y|ies)|intolerances?)$/i,
  )
  // "gallstones or liver disease": a first word that is a condition itself keeps no head.
  if (shared && /(?:stones|itis|osis|emia)$/i.test(shared[1]))
    return [shared[1], `${shared[2]} ${shared[3]}`]
  if (shared) return [`${shared[1]} ${shared[3]}`, `${shared[2]} ${shared[3]}`]
  const pieces = text.split(/\s*,\s*(?:(?:and|or)\s+)?/)
  if (pieces.length < 2) return splitPopulations(text)
  const last = pieces.pop() ?? ''
  const tail = last.split(/\s+(?:or|and)\s+/)
  const all = [...pieces, ...(tail.every((t) => t.split(/\s+/).length >= 2) ? tail : [last])]
  return all.every((p) => p.split(/\s+/).length >= 2) ? all : splitPopulations(text)
}

/** The qualifying clause after a group is not part of it: "Pregnant women, because ...". */
function groupHead(text: string): string {
  return (
    text
      // "What if I'm pregnant?": the group is the state asked about.
      .replace(/^(?:what if|and if|but if|if)\s+(?:I am|I'm|you are|you're|we are|we're)\s+/i, '')
      // "Anyone with an autoimmune disease, Chen says, should ...": the attribution is no part.
      .replace(
        /,\s+(?:(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+(?:says|said|adds|added|notes|noted|warns|warned|explains|explained)\b.*$/,
        '',
      )
      .replace(/,?\s+(?:because|(?<!such )as|since|due to|unless|who are advised)\b.*$/i, '')
      .replace(
        /\s+(?:should|must|can|may|will|is|are)\s+(?:not\s+|also\s+)?(?:take|use|avoid|be|develop|react|skip|stay|steer|leave|check|talk|speak|ask|consult|stop)\b.*$/i,
        '',
      )
      .replace(/[.,;:]+$/, '')
      .trim()
  )
}

/**
 * Who the sentence says should not take it, or take it only with care: each group once. A group
 * defined by a medicine it takes is the interaction's, not a contraindication.
 */
export function contraindicationsIn(
  sentence: string,
  substances: string[],
  item = false,
  itemText = sentence,
): string[] {
  // "People with gallstones, Dr. Patel says, should steer clear": read without the attribution.
  const text = plainText(sentence).replace(
    /,\s+(?:(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+(?:says|said|adds|added|notes|noted|warns|warned|explains|explained)(?=,)/g,
    '',
  )
  const found: string[] = []
  const add = (who: string | undefined, lead = '') => {
    const group =
      who &&
      groupHead(
        who
          .trim()
          .replace(/^(?:the|all)\s+/i, '')
          // "if you have been told you are low in B12": what they were told is the condition.
          .replace(
            /^been (?:told|diagnosed)(?: that)?(?: you(?:'re| are| have))?(?: with)?\s+/i,
            '',
          ),
      )
    // "if you have an overactive thyroid": what follows "if you have" is a condition people have.
    const hasCondition = /\bif you (?:have|have had|suffer from|currently have)\s*$/i.test(lead)
    if (!group || group.split(/\s+/).length > 30) return
    if (!isPopulation(group) && !(hasCondition && group.split(/\s+/).length <= 6)) return
    for (const part of hasCondition ? conditionsOf(group) : splitPopulations(group)) {
      if (part.split(/\s+/).length > 14) continue
      const population = ifYouAre(part, lead)
        .replace(/^(?:a|any|your) (child|kid|baby|infant|teenager|teen)$/i, '$1')
        .replace(/^child$/i, 'children')
        .replace(/^(kid|baby|infant|teenager|teen)$/i, '$1s')
        .replace(/^(?:pregnancy|early pregnancy|pregnant)$/i, 'pregnant women')
        .replace(/^(?:breastfeeding|lactation|while breastfeeding)$/i, 'breastfeeding women')
        .replace(new RegExp(`^(?:${PLANNING})$`, 'i'), (m) => `women ${m}`)
      // "Not recommended with warfarin, tamoxifen, or diabetes medication": medicines, no group.
      if (
        !WHO.test(population) &&
        substances.some((s) => population.toLowerCase().includes(s.toLowerCase()))
      )
        continue
      const taking = /\b(?:taking|on|using|who take|who use)\b/i.test(population)
      if (taking && substances.some((s) => population.toLowerCase().includes(s.toLowerCase())))
        continue
      if (
        !isPopulation(population) &&
        !hasCondition &&
        !/^(?:pregnant|breastfeeding|nursing)/i.test(population) &&
        !new RegExp(`^(?:women )?(?:${PLANNING})$`, 'i').test(population)
      )
        continue
      found.push(population.charAt(0).toLowerCase() + population.slice(1))
    }
  }
  // A list item of a safety list that names a group ("Children and teenagers") is the group.
  const own = plainText(itemText).trim()
  // "Teenagers 14-18 years: 800 mg a day" is that group's limit, not a group to avoid it.
  const labelled = own.match(/^([^:?]{2,90}?)(:|\?|\s-)\s+(.+)$/)
  const labelCaution =
    !!labelled &&
    LABEL_CAUTION.test(readingOf(labelled[3])) &&
    (DISEASE.test(labelled[1]) || GROUP_START.test(groupHead(labelled[1])))
  if (item && GROUP_START.test(own) && dosesIn(own).length === 0 && !labelCaution) add(own)
  // "Bipolar disorder – it may trigger mania, so skip it", "Under 18 – not for children":
  // an item labelled with a group or condition, then a caution.
  // "Pregnant? Talk to your midwife first." asks the group, as a label names it.
  if (labelled && labelCaution && (item || labelled[2] === '?')) add(labelled[1])
  // "Contraindications: Kidney disease; liver disease; hypersensitivity to chromium." on a
  // leaflet: each entry is a group who must not take it, whatever section holds the line.
  const contraindications = own.match(CONTRA_LABEL)?.[1]
  if (contraindications) {
    const entries = contraindications.replace(/\.$/, '').split(/\s*;\s*|\s*,\s*(?:(?:and|or)\s+)?/)
    for (const entry of entries) {
      const what = entry.trim()
      if (!what) continue
      if (GROUP_START.test(what) || /^(?:pregnancy|breastfeeding|lactation)\b/i.test(what))
        add(what)
      else add(what.charAt(0).toLowerCase() + what.slice(1), 'if you have ')
    }
  }
  for (const match of text.matchAll(GROUP_SUBJECT)) {
    const subject = match[1]
    const rest = text.slice((match.index ?? 0) + match[0].length)
    // "Most people tolerate it"; "adults should not take more than 10 mg" is a limit.
    if (/^(?:most|many|some|all)\b/i.test(subject)) continue
    if (
      /^\s*(?:not\s+)?(?:take|use|get|exceed|consume|have)?\s*(?:(?:more than|over|above|in excess of|beyond)\s+\d|exceed\s+\d)/i.test(
        rest,
      )
    )
      continue
    add(subject)
  }
  // An item read with its lead is also read alone: "Not for children under 12".
  const readings = own === text || !itemText ? [text] : [text, readingOf(own)]
  for (const reading of readings) {
    for (const pattern of CONTRA) {
      const match = reading.match(pattern)
      if (!match?.[1]) continue
      const lead = reading.slice(0, (match.index ?? 0) + match[0].indexOf(match[1]))
      add(match[1], lead)
    }
  }
  const unique = [...new Set(found)]
  return unique.filter(
    (p) =>
      !unique.some(
        (o) =>
          o !== p &&
          o.includes(p) &&
          o.length > p.length &&
          splitPopulations(o).length === 1 &&
          !WHO.test(p),
      ),
  )
}

// ---------------------------------------------------------------------------------------------
// Side effects

const EFFECT_LIST_CUE =
  /\b(?:side[- ]effects?|symptoms|adverse (?:effects?|reactions?|events?)|reactions?|complaints)\b[^.;]*?\b(?:include|includes|including|such as|like|are|is|were|e\.g\.,?)\s+|\b(?:can |may |might |could |will |to |often |sometimes |occasionally |rarely |also |have |has )?(?:cause|causes|caused|causing|lead to|leads to|led to|trigger|triggers|result in|results in|produce|produces|bring on|(?:brought|brings?)(?: on| more)?|experience|experienced|notice|noticed|report|reported|develop|develops|developed|developing|get|gets|got|suffer|suffered|feel|include|includes|including|describe|describes|described|(?:small |slight |modest )?(?:rise|increase) in|linked (?:\w+ ){0,8}?to|(?:speed|speeds|sped|speeding|accelerate|accelerates|hasten|hastens)(?: up)?(?=\s+(?:the\s+)?(?:growth|progression|spread|development)\s+of))\s+|\b(?:a |the )?(?:leading |common |main |major |frequent |known |rare )?causes? of\s+|\b(?:higher|increased|greater|raised|raises?|raising|increases?|increasing|added|small|slight|rare|possible|potential|serious|main|known|real|low) (?:the )?risks? (?:of|for)\s+|\b(?:the|your|their) risks? of\s+(?=[^.;]{1,60}?\s(?:goes up|go up|went up|rises|rose|climbs|doubles|increases|is (?:higher|raised|increased))\b)/gi
const EFFECT_END =
  /\s+(?:goes|go|went) up\b|\s+(?:rises|rose|climbs|doubles)\b|,\s+(?:especially|particularly|which|so|but|though|although|usually|mostly|typically|and (?:these|this|they|it|can|may|usually|in|should|people|anyone|those))\b|\s+(?:in (?!the (?:skin|stomach|gut|liver))\w+|on the|during|when|if|after|within|means|at (?:high|higher|large|doses)|with (?:high|large|long)|especially|for (?:the|some|a)|while|because|since|that|which|unless|and (?:should|must|may|can|is|are|it)|so)\b|[.;:]|$/i
const NOT_EFFECT =
  /^(?:most common|least common|more common|usually|generally|typically|often|rarely|mild|rare|uncommon|common|temporary|minor|possible|reported|side effects?|symptoms|it|them|this|these|that|some people|people|problems|issues|effects?|changes?|reactions?|harm|the|same|very)$/i

/** Words before an effect that are not the effect: "a", "serious", "a form of", "with" ... */
const EFFECT_LEAD =
  /^(?:a|an|the|some|other|occasional|possible|potential|rare|common|such as|like|include|includes|including|and|or|with|permanent|temporary|serious|severe|dangerous|outbreaks? of|cases? of|(?:a )?(?:dangerous |rare |serious |severe )?(?:type|form|kind) of|(?:a )?(?:higher|increased|greater) risk of|risk of|symptoms of|signs of)\s+/i

function cleanEffect(part: string): string | undefined {
  let stripped = part.trim().replace(/\s+(?:and|or)$/i, '')
  // Leads stack ("a serious form of"): strip them until none is left.
  let previous
  do {
    previous = stripped
    stripped = stripped.replace(EFFECT_LEAD, '')
  } while (stripped !== previous)
  const effect = stripped
    // "too much calcium to build up in your body": what builds up is the effect.
    .replace(/\s+to\s+(?:build|pile)\s+up\b.*$/i, ' build-up')
    .replace(/\s+(?:are|is|may|can)\b.*$/i, '')
    .replace(/[.,;:?!]+$/, '')
    .trim()
    .toLowerCase()
  // "yellowing of the skin or eyes" is one effect of five words and a shared body part.
  const words = effect.replace(new RegExp(`\\s(?:or|and)\\s(?:${BODY_PARTS})$`), '').split(/\s+/)
  if (!effect || NOT_EFFECT.test(effect) || words.length > 5) return undefined
  // "you get to the same place": a destination, not an effect.
  if (
    /^(?:usually|generally|typically|include|includes|are|is|can|may|be|been|take|taking|more|less|very|to|into|onto|through)\b/.test(
      effect,
    )
  )
    return undefined
  // "the very problems it prevents", "it": a phrase about the supplement, not an effect.
  if (/\b(?:it|its|they|them|you|your|this|these|which|who|that)\b/.test(effect)) return undefined
  if (/\d/.test(effect)) return undefined
  // "the main risk of long-term high doses": what is risky, not what it causes.
  if (
    /\b(?:doses?|dosing|use|intake|supplements?|supplementation|amounts?|products?)$/.test(effect)
  )
    return undefined
  return effect
}

/** "yellowing of the skin or eyes": a body part after "or" shares the effect before it. */
const BODY_PARTS = 'eyes|skin|lips|tongue|face|throat|mouth|hands|feet|gums'
const SHARED_BODY_PART = new RegExp(
  `\\b(of (?:the |your )?[a-z]+) (or|and) (${BODY_PARTS})\\b`,
  'gi',
)
const JOINER = '\u2060'

const splitList = (list: string) =>
  list
    .replace(SHARED_BODY_PART, (_, a, b, c) => [a, b, c].join(' ').replace(/ /g, JOINER))
    .replace(/\s*\(([^)]+)\)/g, ', $1')
    // "seizures and, in large amounts, death": the aside is not an effect.
    .replace(
      /,\s*(?:rarely|occasionally|sometimes|in (?:rare|severe|some|large|high|extreme)[^,]{0,25}|at [^,]{1,25}|with [^,]{1,25}),\s*/gi,
      ' ',
    )
    .split(/,\s*(?:and|or)?\s*|\s+(?:and|or)\s+/)
    .map((part) => part.replaceAll(JOINER, ' '))
    .map(cleanEffect)
    .filter((e): e is string => Boolean(e))

/** A leaflet's frequency before its effects: "Uncommon:", "Very rare (under 1 in 10,000):". */
const FREQUENCY_LABEL =
  /^(?:very\s+)?(?:common|uncommon|rare|frequent|infrequent|not known|occasional)\s*(?:\([^)]*\))?\s*:\s+/i

/** A label whose items are effects: "Side effects:", "Watch out for:", "Red flags:". */
const EFFECT_LABEL =
  /^(?:(?:common|rare|possible|main|other|serious|mild) )?(?:side[- ]effects?|adverse effects?|symptoms|watch (?:out )?for|look out for|red flags?|warning signs?|signs of (?:too much|excess|overdose|toxicity))$/i

/**
 * What the supplement can cause, one entry per effect: "drowsiness, stomach upset and diarrhea".
 * In a safety section what follows "can cause" is an effect even when the lexicon does not know it.
 */
export function sideEffectsIn(sentence: string, inSafetySection = true): string[] {
  // "Side effects: fishy burps and nausea are the most common": the label is not an effect.
  const text = plainText(sentence).replace(
    /^[A-Z][\w'&/-]*(?:,? (?!(?:is|are|was|were|can|may|has|have)\b)[\w'&/-]+){0,3}:\s+(?=\S)/,
    '',
  )
  // "a bleeding disorder" names a condition someone has, not an effect.
  const known = effectsIn(text).filter(
    (f) =>
      !/^\s*(?:disorders?|diseases?|conditions?|problems? in the past|history)\b/i.test(
        text.slice(f.end),
      ),
  )
  const listed: string[] = []
  const cues = [...text.matchAll(new RegExp(EFFECT_LIST_CUE.source, 'gi'))]
  for (const cue of cues) {
    let rest = text
      .slice((cue.index ?? 0) + cue[0].length)
      .replace(
        /,\s*(?:rarely|occasionally|sometimes|in (?:rare|severe|some|large|high|extreme)[^,]{0,25}|at [^,]{1,25}|with [^,]{1,25}),\s*/gi,
        ' ',
      )
    // "Adults, including pregnant women | 4,000 IU": a group after "including" is no effect.
    if (new RegExp(`^\\s*(?:${POPULATION.source})`, 'i').test(rest)) continue
    // "can cause the very problems it prevents: goitre, ...": the list follows the colon; a
    // named condition before it ("sensory neuropathy: numbness, ...") is an effect as well.
    const colon = rest.match(/^([^.;]{0,60}?):\s+/)
    if (colon) {
      rest = rest.slice(colon[0].length)
      const head = cleanEffect(colon[1])
      if (head) listed.push(head)
    }
    // Brackets hold a name ("jaundice (kernicterus)"), not the end of the list.
    const end = rest.replace(/\([^)]*\)/g, (m) => '_'.repeat(m.length)).search(EFFECT_END)
    const items = splitList(rest.slice(0, end === -1 ? undefined : end))
    const named = /side[- ]effect|symptom|adverse|risk/i.test(cue[0])
    // A list counts when it holds a known effect, or in a safety section after a causal cue.
    if (
      items.some((item) => effectsIn(item).length > 0) ||
      (items.length > 0 && (named || inSafetySection))
    ) {
      listed.push(...items)
    }
  }
  // "can damage nerves", "may harm the liver": the organ's damage is the effect.
  for (const m of text.matchAll(
    /\b(?:can|may|could|might|will|to)\s+(?:also\s+|seriously\s+|permanently\s+)?(?:damage|harm|injure)\s+(?:the\s+|your\s+|their\s+)?([a-z]+(?:\s+[a-z]+)?)/gi,
  )) {
    const organ = m[1].split(/\s+(?:and|or|if|when|in|at|with)\b/)[0]
    if (/^(?:it|them|you|people|health|babies|children)$/i.test(organ)) continue
    listed.push(`${organ.toLowerCase().replace(/(?<=[^s])s$/, '')} damage`)
  }
  // "reactions, from a rash to asthma attacks": both ends of the range are effects.
  for (const m of text.matchAll(
    /\bfrom (?:an? |the )?([a-z][\w -]{1,30}?) to (?:an? |the )?([a-z][\w -]{1,30}?)(?=\s*(?:[,.;]|and\b|$))/gi,
  )) {
    if (effectsIn(m[1]).length > 0 || effectsIn(m[2]).length > 0) listed.push(m[1], m[2])
  }
  for (const m of text.matchAll(new RegExp(ADVERSE_CHANGE.source, 'gi'))) {
    listed.push(m[0].toLowerCase())
  }
  // "Common: bad breath, body odour, heartburn" under a side-effects heading: the label's list.
  const labelled = plainText(sentence).match(/^([A-Z][\w' -]{0,30}):\s+(.+?)\.?$/)
  // "Watch out for: hair loss, which can signal too much": the clause after the list says why.
  const label = labelled?.[2]
    .replace(/,\s+(?:which|that|so|but|especially|particularly|usually|though|although)\b.*$/i, '')
    // "Adverse reactions: Uncommon: headache, ...": how often is no part of the first effect.
    .replace(FREQUENCY_LABEL, '')
  // "Side effects: fainting": a label that names effects makes even one item an effect.
  const namesEffects = EFFECT_LABEL.test(labelled?.[1] ?? '')
  // "chemical burns when raw garlic is applied to the skin": the circumstance is not the effect.
  const parts = label
    ? label
        .replace(/\.$/, '')
        .split(/[,;]\s*|\s+(?:and|or)\s+/)
        .map((p) => p.replace(/\s+(?:when|if|after|during|with)\s.*$/i, '').trim())
        .filter(Boolean)
    : []
  if (
    inSafetySection &&
    (parts.length >= 2 || (namesEffects && parts.length === 1)) &&
    parts.every(
      (p) =>
        p.split(/\s+/).length <= 5 &&
        !/\b(?:is|are|was|were|be|been|has|have|can|may|should|must|not)\b/i.test(p),
    )
  ) {
    listed.push(...parts.map((p) => cleanEffect(p) ?? p))
  }
  // "X and Y are common in the first days": the subject is the list.
  const subject = text.match(
    /^(.+?)\s+(?:are|is|can be|may be)\s+(?:a\s+|the\s+)?(?:most\s+)?(?:common|rare|possible|frequent|occasional|reported|likely)\b/i,
  )?.[1]
  if (subject && effectsIn(subject).length > 0) listed.push(...splitList(subject))
  // Outside a safety section a named effect counts only beside an effect cue ("risk of", "can
  // cause"): "Nausea in pregnancy" labels a benefit.
  const all = [
    ...listed,
    ...(inSafetySection || cues.length > 0 || subject ? known.map((k) => k.name) : []),
  ]
  const unique = [...new Set(all)]
  // "mild digestive upset" already says "digestive upset".
  return unique.filter(
    (e) =>
      !unique.some(
        (o) => o !== e && new RegExp(`\\b${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(o),
      ),
  )
}

function sideEffectSeverity(sentence: string): Severity {
  if (
    /\b(severe|serious|toxic\w*|liver|kidney damage|hospital|fatal|death|life-threatening|seizures?|serotonin syndrome|anaphyla\w*)\b/i.test(
      sentence,
    )
  )
    return 'serious'
  if (/\b(mild|minor|temporary|in the first|usually|generally)\b/i.test(sentence)) return 'info'
  return 'caution'
}

// ---------------------------------------------------------------------------------------------
// Statements to warnings

function sentenceCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1)
}

function shortTitle(sentence: string): string {
  const text = sentence.replace(/[.!?]+$/, '')
  if (text.length <= 80) return text
  return `${text.slice(0, 77).replace(/\s+\S*$/, '')}…`
}

function limitTitle(limit: DoseLimitClaim): string {
  const amount = limit.amount.toLocaleString('en-US')
  const perKg = limit.perKg ? ' per kg of body weight' : ''
  const who = limit.population ? ` for ${limit.population}` : ''
  return sentenceCase(
    `${limit.nutrient ?? 'dose'}: upper limit ${amount} ${limit.unit}${perKg} per ${limit.per}${who}`,
  )
}

/**
 * "Fish oil may increase the risk of bleeding when combined with warfarin": an effect in the same
 * clause as a substance is what the combination does, not a side effect of its own. "The rare risk
 * of liver damage means it should be used briefly, and never with alcohol" keeps both apart.
 */
function consequenceOf(text: string, effect: string, substances: string[]): boolean {
  const lower = text.toLowerCase()
  const at = lower.indexOf(effect.split(/\s+/)[0])
  if (at === -1) return substances.length > 0
  const clause = clauseAround(text, at)
  // "Others report dizziness (and the drowsiness is worse with an antihistamine)": an aside in
  // brackets is a clause of its own.
  const word = effect.split(/\s+/)[0].toLowerCase()
  const inClause = lower
    .slice(clause.start, clause.end)
    .replace(/\([^)]*\)/g, (aside) => (aside.includes(word) ? aside : ' '))
  if (substances.some((s) => inClause.includes(s.toLowerCase()))) return true
  // "...lower blood levels of phenytoin, so seizures may become harder to control": the
  // effect follows from the interaction stated before it.
  return substances.some((s) => {
    const where = lower.lastIndexOf(s.toLowerCase(), at)
    return (
      where !== -1 &&
      /\b(?:so|which|leading to|causing|resulting in|making|thereby)\b/.test(
        lower.slice(where, at),
      ) &&
      !lower.slice(where, at).includes(';')
    )
  })
}

/** The warnings one sentence states: each limit, the interaction, each group, the effects. */
export function warningsOfStatement(
  statement: SafetyStatement,
  name: string,
  selfNames: string[],
): WarningClaim[] {
  const {line} = statement
  // A block's item is read with its lead; the warning carries the item as the article states it.
  // A table row reads as "first cell: the rest" ("Digoxin | Low potassium ..." names digoxin).
  const cells = tableCells(statement.sentence)
  const own = cells ? `${cells[0]}: ${cells.slice(1).join('; ')}` : statement.sentence
  // A lead or header that says its lines are limits ("Limits at a glance:") reads as the cue.
  const lead =
    statement.lead && LIMIT_HEADING.test(plainText(statement.lead))
      ? 'Upper limit:'
      : statement.lead
  const sentence = readingOf(lead ? withLead(lead, own) : own)
  const warnings: WarningClaim[] = []
  const base = {
    text: statement.shownLead ? `${statement.shownLead} ${statement.sentence}` : statement.sentence,
    line,
  }
  for (const doseLimit of doseLimitsIn(sentence, name)) {
    warnings.push({
      ...base,
      kind: 'doseLimit',
      severity: 'caution',
      title: limitTitle(doseLimit),
      doseLimit,
    })
  }
  const substances = interactingSubstancesIn(sentence, selfNames, statement.inSafetySection)
  if (substances.length > 0) {
    warnings.push({
      ...base,
      kind: 'drugInteraction',
      severity: 'serious',
      title: sentenceCase(`Interaction with ${substances.join(', ')}`),
      interactingSubstances: substances,
    })
  }
  const populations = contraindicationsIn(
    sentence,
    substances,
    statement.item && statement.inSafetySection,
    statement.sentence,
  )
  for (const population of populations) {
    warnings.push({
      ...base,
      kind: 'contraindication',
      severity: 'serious',
      title: `Not recommended for ${population}`,
      population,
    })
  }
  // What a group has ("people who have had kidney stones") is not what the supplement causes.
  let rest = plainText(sentence)
  for (const population of populations) {
    rest = rest
      .replace(new RegExp(population.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), '')
      // "if you have gout" became "people with gout": the condition is theirs, not an effect.
      .replace(
        new RegExp(
          `\\bif you (?:have|have had|suffer from|currently have)\\s+(?:an?\\s+|any\\s+)?${population.replace(/^people with /i, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          'i',
        ),
        '',
      )
      .replace(/\s{2,}/g, ' ')
    // "..., an anxiety disorder or a history of seizures": each condition of the list too.
    const condition = population.match(/^people with (.+)$/i)?.[1]
    if (condition) {
      const escaped = condition.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      rest = rest.replace(new RegExp(`\\b(?:an?\\s+|any\\s+)?${escaped}\\b`, 'i'), '')
    }
  }
  // "Fish oil may increase the risk of bleeding when combined with warfarin" states the
  // interaction and what it does; only a named side effect is a warning of its own there.
  const effects = sideEffectsIn(rest, statement.inSafetySection).filter(
    (effect) =>
      !substances.some((s) => s.toLowerCase() === effect) &&
      (/\bside[- ]effects?\b/i.test(sentence) || !consequenceOf(rest, effect, substances)),
  )
  if (effects.length > 0) {
    warnings.push({
      ...base,
      kind: 'sideEffect',
      severity: sideEffectSeverity(sentence),
      title: `Side effects: ${effects.join(', ')}`,
      effects,
    })
  }
  if (warnings.length === 0) {
    warnings.push({
      ...base,
      kind: 'general',
      severity: 'caution',
      title: shortTitle(statement.sentence),
      needsReview: true,
    })
  }
  return warnings
}

/** The names the article uses for its own supplement: never an interacting substance. */
export function selfNamesOf(article: ParsedArticle): string[] {
  // "What Curcumin Can and Can't Do": a herb or nutrient the title names is what the article is about.
  const titled = supplementsIn(article.title).map((f) => f.name)
  return [article.name, ...(article.aliases ?? []), ...titled]
}

/**
 * Warnings for every safety statement of the article: a sentence that states several things
 * gives several warnings, and one that states something the importer cannot classify gives a
 * general warning marked for review, never nothing.
 */
/** "These medicines can ...", "Both drugs may ...": a subject that points back at medicines. */
const ANAPHORIC_MEDICINES =
  /^(?:these|those|both|such|the two|all of these)\s+(?:medicines|medications|drugs|pills|tablets)\b/i

export function warningClaims(article: ParsedArticle): WarningClaim[] {
  const selfNames = selfNamesOf(article)
  const seen = new Set<string>()
  const warnings: WarningClaim[] = []
  // The nutrient of the limits of the sentence before, in the same paragraph.
  let before: {line: number; nutrient?: string; substances?: string[]} = {line: -1}
  for (const statement of safetyStatements(article)) {
    let own = warningsOfStatement(statement, article.name, selfNames)
    // "Cholestyramine or colestipol. These medicines can lower the amount you absorb.": the
    // medicines the sentence points back at are those of the sentence before, on its line.
    const pointsBack = ANAPHORIC_MEDICINES.test(readingOf(statement.sentence))
    const previous = before.line === statement.line ? before.substances : undefined
    if (pointsBack && previous?.length && own.every((w) => w.kind === 'general')) {
      own = [
        {
          text: own[0].text,
          line: own[0].line,
          kind: 'drugInteraction',
          severity: 'serious',
          title: sentenceCase(`Interaction with ${previous.join(', ')}`),
          interactingSubstances: previous,
        },
      ]
    }
    const substances = own.flatMap((w) => w.interactingSubstances ?? [])
    const limits = own.flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))
    // "The FDA considers up to 3 g of EPA and DHA safe. European regulators found no concern at
    // up to 5 g a day.": a limit that names no nutrient goes on with the one just named.
    const unnamed = (l: DoseLimitClaim) =>
      l.nutrient === article.name &&
      !NUTRIENT_NAMES.test(statement.sentence) &&
      !selfNames.some((n) => nameMentioned(statement.sentence, n))
    if (before.line === statement.line && before.nutrient) {
      for (const w of own) {
        if (w.doseLimit && unnamed(w.doseLimit)) {
          w.doseLimit = {...w.doseLimit, nutrient: before.nutrient}
          w.title = limitTitle(w.doseLimit)
        }
      }
    }
    const nutrients = [...new Set(limits.map((l) => l.nutrient))]
    before = {
      line: statement.line,
      substances,
      nutrient:
        nutrients.length === 1 && nutrients[0] !== article.name
          ? nutrients[0]
          : limits.length === 0 && before.line === statement.line
            ? before.nutrient
            : undefined,
    }
    for (const warning of own) {
      // A summary block repeating a sentence word for word states it once.
      const key = `${warning.kind}|${warning.title}|${warning.text}`
      if (seen.has(key)) continue
      seen.add(key)
      warnings.push(warning)
    }
  }
  return warnings
}
