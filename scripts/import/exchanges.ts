/**
 * Sentences that state nothing without their neighbours: a reader's question and the one-word
 * answer to it ("Q: Is it safe with my blood thinner?" / "A: Yes."), and the lead of a list
 * ("Separate by at least one hour from:"). Read apart, each became a warning an editor had to
 * dismiss, while the statement itself was split in half. Joined, one warning carries it whole.
 */
import {plainText} from './text.ts'

/** One sentence of a section, in file order, with where it stands. */
export interface Piece {
  sentence: string
  line: number
  /** A list line (or table row) rather than prose. */
  item: boolean
  /** A lead the line is already read with (a table's header row, "Upper limit:"). */
  lead?: string
  /** The last sentence of its line. */
  last: boolean
  /** The lead of the list that follows: shown with each of its items, not stated on its own. */
  leadOf?: number[]
  /** The list lead this item completes ("Separate by at least one hour from:"). */
  listLead?: string
  /** The sentences a joined question and answer was made of, each read on its own as well. */
  parts?: string[]
}

const QUESTION_LABEL = /^(?:Q|Question)\s*(?::|\u2013|\u2014|\s-\s)\s*\S/i
// "A few studies" opens a sentence; only "A:" or "Answer:" labels an answer.
const ANSWER_LABEL = /^(?:A|[Aa]nswer)\s*(?::|\u2013|\u2014|\s-\s)\s*\S/

export const isQuestionLabelled = (text: string) => QUESTION_LABEL.test(text.trim())
const isAnswerLabelled = (text: string) => ANSWER_LABEL.test(text.trim())
const asks = (text: string) => /\?["'\u201d)]*$/.test(text.trim())

/**
 * "A: Yes.", "A: Very few.", "It's a deliberate one.": a reply that means something only with the
 * question before it and the sentence after it. Joining a longer sentence would lose nothing
 * either, so the bound only decides how much text one warning carries.
 */
function bareReply(text: string): boolean {
  const words = plainText(text)
    .trim()
    .replace(/^(?:A|[Aa]nswer)\s*(?::|\u2013|\u2014|\s-\s)\s*/, '')
    .split(/\s+/)
    .filter(Boolean)
  return words.length <= 4 && !/\d/.test(text)
}

/**
 * Joins each question with the start of its answer. A question is a line labelled "Q:" (all its
 * sentences) or a sentence ending in "?"; it joins the sentence after it, and a bare reply joins
 * the sentence after it too. `heading` is the section's heading when it asks the question
 * ("Q: Can you take too much?" over "A: Yes. The upper limit is ..."). A table row or a line
 * read with a lead is never joined: its lead gives it its sense.
 */
export function joinExchanges(pieces: Piece[], heading?: string): Piece[] {
  const out: Piece[] = []
  const joinable = (p: Piece | undefined): p is Piece => !!p && !p.lead
  let i = 0
  // A heading that asks: "Q: ..." joins its answer; an unlabelled question heading only joins a
  // labelled answer or a bare reply, since an FAQ heading names the topic of several paragraphs.
  let pending: string | undefined
  const first = pieces[0]
  // A heading over list lines is the list's topic, not a question the first line answers.
  if (
    heading &&
    joinable(first) &&
    !first.item &&
    (isQuestionLabelled(heading) ||
      (asks(heading) && (isAnswerLabelled(first.sentence) || bareReply(first.sentence))))
  )
    pending = heading.trim()
  while (i < pieces.length) {
    const piece = pieces[i]
    if (!joinable(piece)) {
      pending = undefined
      out.push(piece)
      i++
      continue
    }
    // The question: a labelled line (every sentence of it) or a sentence that asks.
    let question: Piece[] = []
    if (!pending) {
      if (isQuestionLabelled(piece.sentence)) {
        let j = i
        while (
          j < pieces.length &&
          pieces[j].line === piece.line &&
          (j === i || !isAnswerLabelled(pieces[j].sentence))
        )
          j++
        question = pieces.slice(i, j)
      } else if (asks(piece.sentence)) {
        question = [piece]
      }
    }
    const answerAt = i + question.length
    const answer = pieces[answerAt]
    // "Which medicines does it affect?" over list lines leads the list, as a line ending in ":".
    const leadsList =
      answer?.item && answer.line !== question.at(-1)?.line && !!question.at(-1)?.last
    if (question.length > 0 && (!joinable(answer) || asks(answer.sentence) || leadsList)) {
      // Nothing answers it here: it stays a sentence of its own.
      out.push(...question)
      i = answerAt
      continue
    }
    const start = question.length > 0 ? answer : piece
    const joined = [pending, ...question.map((q) => q.sentence), start.sentence]
      .filter(Boolean)
      .join(' ')
    let end = question.length > 0 ? answerAt : i
    let text = joined
    // "A: Yes." takes the sentence after it on the same line.
    const next = pieces[end + 1]
    if (
      (pending || question.length > 0 || isAnswerLabelled(start.sentence)) &&
      bareReply(start.sentence) &&
      joinable(next) &&
      next.line === start.line
    ) {
      text = `${text} ${next.sentence}`
      end++
    }
    const parts = [
      ...question.map((q) => q.sentence),
      ...pieces.slice(answerAt, end + 1).map((p) => p.sentence),
    ]
    out.push({
      ...pieces[end],
      sentence: text,
      line: start.line,
      ...(text !== start.sentence ? {parts} : {}),
    })
    pending = undefined
    i = end + 1
  }
  return out
}

/**
 * "Separate by at least one hour from:" followed by list lines: the lead belongs to each item.
 * Marks the lead with the items it leads and each item with its lead; a lead is the last
 * sentence of its line, ends in ":" (or asks: "Which medicines does it affect?"), and is followed
 * directly by list lines.
 */
export function markListLeads(pieces: Piece[]): Piece[] {
  const out = pieces.map((p) => ({...p}))
  const leads = (p: Piece) => p.last && /[:?]$/.test(p.sentence.trim())
  out.forEach((piece, index) => {
    if (!leads(piece)) return
    const items: number[] = []
    for (let j = index + 1; j < out.length && out[j].item && out[j].line !== piece.line; j++) {
      // "Separate by at least one hour from:" as a list line opens a list of its own.
      if (leads(out[j])) break
      // An item of several sentences completes the lead with its first.
      if (out[j - 1].line !== out[j].line) items.push(j)
    }
    if (items.length === 0) return
    piece.leadOf = items
    for (const j of items) out[j].listLead = piece.sentence.trim()
  })
  return out
}
