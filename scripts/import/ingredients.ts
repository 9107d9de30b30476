import type {ParsedArticle} from './parse.ts'

export interface IngredientClaim {
  name: string
  form?: string
  role?: string
}

/**
 * Chemical forms, salts, extracts and strains a supplement label names. A salt follows its mineral
 * ("ferrous sulfate", "sodium selenite") or the ingredient itself ("creatine monohydrate").
 */
const FORMS = [
  /\b(?:(?:ferrous|ferric|sodium|potassium|calcium|zinc|magnesium|chromium)\s+)?(?:bis)?(?:glycinate|citrate|oxide|malate|threonate|taurate|chloride|sulfate|sulphate|gluconate|fumarate|picolinate|carbonate|orotate|aspartate|lactate|selenite|selenate|chelate)\b/gi,
  /\b(?:(?:root|leaf|seed|bark|fruit)\s+extract|monohydrate|hydrochloride|HCl|selenomethionine|methylcobalamin|cyanocobalamin|cholecalciferol|ergocalciferol|menaquinone-?\d*|MK-\d+|KSM-66|Sensoril|ethyl esters?|triglyceride form)\b/g,
  // Omega-3s by their acronyms: the fatty acids a fish oil is sold for.
  /\b(?:EPA|DHA|ALA)\b/g,
  // Probiotic strains: genus, species, optional strain code.
  /\b(?:Lactobacillus|Lacticaseibacillus|Bifidobacterium|Saccharomyces|Streptococcus|Bacillus)\s+[a-z]+(?:\s+[A-Z]{1,3}(?:-?\d+)?\b)?/g,
]

/** Where an article says which form it means: its title, name and introduction. */
function formsNamed(text: string, ingredient: string): string[] {
  const own = ingredient.toLowerCase().split(/\s+/)
  const found: Array<{at: number; form: string}> = []
  for (const [index, pattern] of FORMS.entries()) {
    for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const words = match[0].split(/\s+/)
      // "Magnesium glycinate" is magnesium in its glycinate form.
      const form = own.includes(words[0].toLowerCase()) ? words.slice(1).join(' ') : match[0]
      // Salts are common nouns ("Ferrous sulfate" opening a sentence); names and strains keep case.
      if (form) found.push({at: match.index ?? 0, form: index === 0 ? form.toLowerCase() : form})
    }
  }
  const seen = new Set<string>()
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.form)
    .filter((form) => !seen.has(form.toLowerCase()) && seen.add(form.toLowerCase()))
}

function baseIngredients(article: ParsedArticle): IngredientClaim[] {
  const listed = article.summaryBlocks
    .filter((b) => b.kind === 'ingredients')
    .flatMap((b) => b.items)
    .map((item) => ({name: item.term ?? item.text, role: item.description}))
  if (listed.length > 0) return listed
  // "Vitamin D3 and K2" names two ingredients; the second borrows the first one's family word.
  const parts = article.name.split(/\s*(?:,|&|\+|\band\b|\bwith\b|\bplus\b)\s*/i).filter(Boolean)
  const family = parts[0]?.match(/^(vitamins?|omega)\b/i)?.[1]
  return parts.map((part) => ({
    name: family && /^[A-Z]?\d*[A-Z]?\d+$|^[A-Z]\d*$/.test(part) ? `${family} ${part}` : part,
  }))
}

/**
 * The active ingredients with the forms the article names. A single ingredient takes every form
 * named in the title and introduction; with several, a form is only assigned where the text ties
 * it to one ingredient ("Vitamin K2 (MK-7)"), since guessing would put a form on the wrong one.
 */
export function ingredientsOf(article: ParsedArticle): IngredientClaim[] {
  const base = baseIngredients(article)
  const text = [article.title, ...article.intro.map((l) => l.text)].join('\n')
  return base.map((ingredient) => {
    const nameForms = formsNamed(ingredient.name, ingredient.name)
    // "Magnesium Glycinate": the name itself carries the form.
    const name = nameForms.length
      ? ingredient.name.replace(new RegExp(`\\s+${nameForms[0]}$`, 'i'), '')
      : ingredient.name
    let forms: string[]
    if (base.length === 1) {
      forms = [...nameForms, ...formsNamed(text, name)]
    } else {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const tied = text.match(new RegExp(`${escaped}\\s*(?:\\(([^)]+)\\)|as ([\\w-]+))`, 'i'))
      forms = [...nameForms, ...formsNamed(tied?.[1] ?? tied?.[2] ?? '', name)]
    }
    const unique = forms.filter(
      (f, i) => forms.findIndex((g) => g.toLowerCase() === f.toLowerCase()) === i,
    )
    return {name, form: unique.length ? unique.join(', ') : undefined, role: ingredient.role}
  })
}
