import type {HealthArea} from '../../schemas/lib/vocabularies.ts'
import {plainText} from './text.ts'

/**
 * Words that say nothing about *which* benefit or audience is meant: fillers, people words and
 * generic praise. "Individuals looking to support their long-term bone density" and "Adults
 * supporting long-term bone density and strength" differ only in these.
 */
const NOISE = new Set(
  `a about across after all also an and any are as at be been being best better both but by can
  could do does during each especially for from get getting has have having help helps helping her
  his how in into is it its key looking may might more most much of on or other our over own
  particularly people person persons individual individuals those anyone someone adult adults
  overall general generally good great the their them these they this to too very want wanting was
  we were what when where which while who whose will with without would you your focused focus
  focusing prioritizing prioritising concerned concern interested seeking aiming proactive
  support supporting supports improve improved improves improving stronger strong enhanced
  health healthy wellness wellbeing well-being feel feels feeling time times much under
  trouble difficulty difficulties poor poorly problem problems issue issues`.split(/\s+/),
)

/** Words for one concept, so "cardiovascular wellness" and "heart and arterial health" meet. */
const CONCEPTS: Array<[string, RegExp]> = [
  ['heart', /^(heart|cardio\w*|cardiac|vascular|arter\w*|coronary|circulat\w*)$/],
  ['bone', /^(bones?|skelet\w*|osteo\w*)$/],
  ['brain', /^(brain|cognit\w*|mental|memory)$/],
  ['immune', /^(immun\w*)$/],
  ['sleep', /^(sleep\w*|asleep|insomnia)$/],
  ['stress', /^(stress\w*|anxi\w*|tension|tense)$/],
  ['muscle', /^(muscles?|muscular)$/],
]

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
  // "preserve", "preserving" and "preserved" meet at "preserv".
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3)
  if (word.length > 5 && word.endsWith('ed') && !word.endsWith('eed')) return word.slice(0, -2)
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return stem(word.slice(0, -1))
  if (word.length > 4 && word.endsWith('e') && !word.endsWith('ee')) return word.slice(0, -1)
  return word
}

/** The words that carry a phrase's meaning, stemmed and folded to shared concepts. */
export function meaningWords(text: string): Set<string> {
  const words = plainText(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !NOISE.has(w))
  return new Set(
    words.map((word) => {
      const concept = CONCEPTS.find(([, pattern]) => pattern.test(word))
      return concept ? concept[0] : stem(word)
    }),
  )
}

export type Likeness = 'same' | 'possible' | 'different'

/**
 * Same when one phrase's meaning is wholly inside the other's and they share most of it;
 * possible when they overlap by half; otherwise different.
 */
export function likeness(a: string, b: string): {likeness: Likeness; score: number} {
  const wa = meaningWords(a)
  const wb = meaningWords(b)
  if (wa.size === 0 || wb.size === 0) return {likeness: 'different', score: 0}
  const shared = [...wa].filter((w) => wb.has(w)).length
  const containment = shared / Math.min(wa.size, wb.size)
  const jaccard = shared / (wa.size + wb.size - shared)
  const score = containment + jaccard
  if (containment === 1 && jaccard >= 0.5) return {likeness: 'same', score}
  if (containment >= 0.5 || jaccard >= 0.34) return {likeness: 'possible', score}
  return {likeness: 'different', score}
}

const AREA_CUES: Array<[HealthArea, RegExp]> = [
  ['bone', /\b(bones?|skelet\w*|osteo\w*|teeth|fractures?|bone mineral density)\b/],
  [
    'cardiovascular',
    /\b(heart|cardio\w*|vascular|arter\w*|coronary|blood pressure|calcification)\b/,
  ],
  ['immune', /\b(immun\w*|infections?|colds?)\b/],
  [
    'cognitive',
    /\b(brain|cognit\w*|mood|memory|depress\w*|anxiety|anxious|focus|concentration|stress)\b/,
  ],
  ['muscle', /\b(muscles?|cramps?|strength|power|lean mass|exercise|athletic|recovery)\b/],
  // The thyroid's hormones set the metabolic rate; the vocabulary has no separate hormone area.
  ['metabolic', /\b(metabol\w*|energy|fatigue|blood sugar|insulin|glucose|weight|thyroid)\b/],
  ['digestive', /\b(digest\w*|gut|bowel|constipation|diarrh\w*)\b/],
  ['skin', /\b(skin|hair|nails?)\b/],
  ['sleep', /\b(sleep\w*|insomnia|relax\w*)\b/],
  ['nutrientAbsorption', /\b(absor\w*|efficien\w*|bioavailab\w*|uptake)\b/],
]

/** The health area a benefit belongs to; its title weighs three times its description. */
export function healthAreaOf(title: string, summary = ''): HealthArea {
  const scores = new Map<HealthArea, number>()
  const count = (text: string, weight: number) => {
    const lower = plainText(text).toLowerCase()
    for (const [area, cue] of AREA_CUES) {
      const hits = lower.match(new RegExp(cue.source, 'g'))?.length ?? 0
      if (hits) scores.set(area, (scores.get(area) ?? 0) + hits * weight)
    }
  }
  count(title, 3)
  count(summary, 1)
  const best = [...scores.entries()].sort((a, b) => b[1] - a[1])[0]
  return best ? best[0] : 'other'
}
