import type {ListItem} from './parse.ts'
import {plainText} from './text.ts'

/**
 * A summary block such as "At a glance:" + "Typical dose: 55 to 200 mcg", "Best food source:
 * Brazil nuts", "Watch out for: hair loss" has the shape of a benefit list ("Bone health: slows
 * bone loss") but states facts about the supplement. An editor tells them apart by the label,
 * which names something about the product (its dose, form, source, timing, cost) rather than an
 * effect on the body, and by the value, which is an amount, a price or a time rather than a claim.
 */
const FACT_LABEL =
  /\b(?:doses?|dosages?|dosing|amounts?|servings?|serving size|forms?|formats?|food sources?|sources?|found in|best foods?|foods? (?:rich|high) in|best (?:time|taken)|time of day|when to take|how to take|take (?:it )?with|timing|costs?|price|prices?|value for money|taste|flavou?r|storage|store|shelf life|origin|part used|also (?:called|known as)|other names?|names?|category|class|evidence|onset|half-life|RDA|daily value|recommended (?:intake|amount)|what it is|brands?|labels?|availability|made from|derived from|active (?:compounds?|ingredients?)|key compounds?|standardi[sz]ed (?:to|for)|per (?:capsule|tablet|serving|softgel|scoop)|product type)\b/i

/** "Watch out for: ...", "Avoid: ...", "Upper limit: ...": a label that announces a caution. */
export const CAUTION_LABEL =
  /\b(?:watch (?:out )?for|beware|look out for|warning signs?|red flags?|avoid|skip|cautions?|careful|(?<!-)risks?\b(?!-)|warnings?|side[- ]effects?|interactions?|precautions?|safety|safe|safer|(?:upper )?limits?|maximum|not (?:for|suitable|recommended)|do not|don't|stop)\b/i

/** "55 to 200 mcg", "about 2 g a day", "1 capsule", "$12 a month": a value that is an amount. */
const AMOUNT_VALUE =
  /^(?:about |around |roughly |approx\.? |typically |usually |up to |from )?(?:[$\u20ac\u00a3]\s?\d|\d[\d,.]*(?:\s*(?:-|\u2013|to)\s*\d[\d,.]*)?\s*(?:mg|mcg|\u00b5g|g|IU|mL|%|capsules?|tablets?|softgels?|gummies|drops?|scoops?|servings?|teaspoons?|tsp|cups?)\b)/i

function wordCount(text: string): number {
  return text.trim().split(/\s+/).length
}

/** The item states a caution under its label ("Watch out for: hair loss"). */
export function cautionItem(item: ListItem): boolean {
  const term = plainText(item.term ?? '')
  // "Lower heart risk: ..." names a benefit.
  return (
    CAUTION_LABEL.test(term) && !/\b(?:lower|reduc|less|decreas|cut)\w*\b.*\brisks?\b/i.test(term)
  )
}

/**
 * A labelled line that states a fact about the supplement or a caution, not a benefit: its label
 * names a fact or a caution, or its value is a short amount ("Per capsule: 200 mcg").
 */
export function factItem(item: ListItem): boolean {
  if (!item.term) return false
  const term = plainText(item.term)
  const value = plainText(item.description ?? '')
  if (FACT_LABEL.test(term) || cautionItem(item)) return true
  return AMOUNT_VALUE.test(value) && wordCount(value) <= 8
}
