import {describe, expect, it} from 'vitest'

import {blockText, type Block} from '../../scripts/import/body.ts'
import {planImport} from '../../scripts/import/index.ts'
import {validationProblems} from '../../scripts/import/validate.ts'
import {byType, fixtureText} from './helpers.ts'

type Doc = Record<string, any> & {_id: string; _type: string}

/**
 * Articles of the seed's template that the importer was not written against: other supplements,
 * other heading wordings and list styles, CRLF with a byte-order mark (probiotics). Each test
 * states what a reader extracts from the article.
 */
const ARTICLES = [
  'omega-3-fish-oil.txt',
  'creatine-monohydrate.txt',
  'ashwagandha.txt',
  'iron-bisglycinate.txt',
  'selenium.txt',
  'probiotics.txt',
  'magnesium-glycinate.txt',
]

const planOf = (name: string) => planImport(fixtureText(name), {sourceFile: name})
const docsOf = (name: string) => planOf(name).documents as Doc[]
const supplementOf = (documents: Doc[]) => byType(documents, 'supplementContent.supplement')[0]
const names = (documents: Doc[], type: string) =>
  byType(documents, type).map((d) => d.title ?? d.name)
const warningsOf = (documents: Doc[], kind: string) =>
  byType(documents, 'supplementContent.warning').filter((w) => w.kind === kind)

describe.each(ARTICLES)('%s', (name) => {
  const documents = docsOf(name)
  const supplement = supplementOf(documents)

  it('keeps every line after the title in the narrative, in order', () => {
    const source = fixtureText(name)
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
    expect((supplement.body as Block[]).map(blockText)).toEqual(source.slice(1))
    expect(supplement.headline).toBe(source[0])
  })

  it("passes Sanity's validation with 0 errors", async () => {
    expect(await validationProblems(planOf(name))).toEqual([])
  })

  it('plans the same documents on every run', () => {
    expect(JSON.stringify(docsOf(name))).toBe(JSON.stringify(documents))
    const ids = documents.map((d) => d._id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('reads the mechanism, a takeaway and the disclaimer', () => {
    expect(supplement.mechanism.length).toBeGreaterThanOrEqual(2)
    expect(supplement.takeaway).toBeTruthy()
    expect(supplement.disclaimer).toMatch(/informational|information only/)
  })
})

describe('who each contraindication applies to and what each side effect lists', () => {
  it.each([
    ['omega-3-fish-oil.txt', [], [['fishy aftertaste', 'mild digestive upset']]],
    [
      'creatine-monohydrate.txt',
      ['people with kidney disease'],
      [['water retention', 'bloating', 'muscle cramps']],
    ],
    // "as high doses may cause miscarriage" is a risk of its own beside who should avoid it.
    [
      'ashwagandha.txt',
      ['pregnant women'],
      [['drowsiness', 'stomach upset', 'diarrhea'], ['miscarriage']],
    ],
    [
      'iron-bisglycinate.txt',
      ['people with hemochromatosis'],
      [['constipation', 'nausea', 'dark stools']],
    ],
    ['selenium.txt', [], [['hair loss', 'brittle nails', 'garlic odor']]],
    [
      'probiotics.txt',
      ['people who are severely immunocompromised or critically ill'],
      [['bloodstream infection'], ['gas', 'bloating']],
    ],
    ['magnesium-glycinate.txt', [], [['diarrhea']]],
  ])('%s', (name, populations, effects) => {
    const documents = docsOf(name)
    expect(warningsOf(documents, 'contraindication').map((w) => w.population)).toEqual(populations)
    expect(warningsOf(documents, 'sideEffect').map((w) => w.effects)).toEqual(effects)
    // Each is stored on its own kind only; a dose limit's population stays in its doseLimit.
    for (const warning of byType(documents, 'supplementContent.warning')) {
      if (warning.kind !== 'contraindication') expect(warning).not.toHaveProperty('population')
      if (warning.kind !== 'sideEffect') expect(warning).not.toHaveProperty('effects')
    }
  })
})

describe('what a reader extracts from each unseen article', () => {
  it('omega-3: "What Does Omega-3 Do in the Body?" is the mechanism; EPA and DHA are the forms', () => {
    const documents = docsOf('omega-3-fish-oil.txt')
    const supplement = supplementOf(documents)
    expect(supplement.mechanism.map((m: Doc) => m.target)).toEqual([
      'Eicosanoids',
      'Triglyceride metabolism',
    ])
    expect(supplement.ingredients).toMatchObject([{name: 'Omega-3 Fish Oil', form: 'EPA, DHA'}])
    expect(names(documents, 'supplementContent.benefit')).toEqual([
      'Heart Health',
      'Brain Function',
    ])
    // Plain lines without a lead ending in ":", then the summary block's extra audience.
    expect(names(documents, 'supplementContent.audience')).toEqual([
      'Adults with high triglycerides',
      'People who rarely eat fatty fish',
      'Pregnant women who need DHA for fetal brain development',
    ])
    // The takeaway's "talk to your doctor first" is kept as a general note for review.
    expect(byType(documents, 'supplementContent.warning').map((w) => w.kind)).toEqual([
      'doseLimit',
      'drugInteraction',
      'sideEffect',
      'general',
    ])
    expect(warningsOf(documents, 'general')[0].needsReview).toBe(true)
    expect(warningsOf(documents, 'doseLimit')[0].doseLimit).toEqual({
      _type: 'supplementContent.doseLimit',
      amount: 5,
      unit: 'g',
      per: 'day',
      nutrient: 'EPA and DHA',
      authority: 'European Food Safety Authority',
    })
    expect(warningsOf(documents, 'drugInteraction')[0].interactingSubstances).toEqual([
      'anticoagulants',
      'warfarin',
      'clopidogrel',
    ])
    expect(warningsOf(documents, 'sideEffect')[0].title).toBe(
      'Side effects: fishy aftertaste, mild digestive upset',
    )
  })

  it('creatine: hyphen lists, "Is Creatine Right for You?", a limit in grams "daily"', () => {
    const documents = docsOf('creatine-monohydrate.txt')
    const supplement = supplementOf(documents)
    expect(supplement.ingredients).toMatchObject([{name: 'Creatine', form: 'monohydrate'}])
    expect(supplement.mechanism.map((m: Doc) => m.target)).toEqual([
      'Phosphocreatine system',
      'Cell hydration',
    ])
    // "Strength" in the summary block is the main list's "Strength and Power".
    expect(names(documents, 'supplementContent.benefit')).toEqual([
      'Strength and Power',
      'Muscle Mass',
      'Recovery',
    ])
    expect(byType(documents, 'supplementContent.benefit').map((b) => b.healthArea)).toEqual([
      'muscle',
      'muscle',
      'muscle',
    ])
    const audiences = byType(documents, 'supplementContent.audience')
    expect(audiences.map((a) => a.name)).toEqual([
      'Athletes in sports with repeated sprints',
      'Older adults who want to preserve muscle',
      'Vegetarians and vegans',
      'Athletes in sprint and power sports',
    ])
    expect(audiences[2].description).toBe('whose creatine stores are often lower')
    // Two wordings of athletes overlap without one containing the other: kept, flagged.
    expect(planOf('creatine-monohydrate.txt').possibleDuplicates.map((d) => d.title)).toEqual([
      'Athletes in sports with repeated sprints',
      'Athletes in sprint and power sports',
    ])
    expect(audiences[1].description).toContain('Older adults preserving muscle mass')
    const [dose] = warningsOf(documents, 'doseLimit')
    expect(dose.doseLimit).toMatchObject({amount: 5, unit: 'g', per: 'day'})
    expect(dose.doseLimit.authority).toBe('International Society of Sports Nutrition')
    expect(warningsOf(documents, 'drugInteraction')[0].interactingSubstances).toEqual([
      'nonsteroidal anti-inflammatory drugs',
      'ibuprofen',
      'diuretics',
    ])
    expect(warningsOf(documents, 'contraindication')[0].title).toBe(
      'Not recommended for people with kidney disease',
    )
    expect(warningsOf(documents, 'sideEffect')[0].title).toBe(
      'Side effects: water retention, bloating, muscle cramps',
    )
  })

  it('ashwagandha: en-dash lists, "Who Should Consider It?" without a lead, five warnings', () => {
    const documents = docsOf('ashwagandha.txt')
    expect(supplementOf(documents).ingredients[0].form).toBe('root extract, KSM-66')
    expect(names(documents, 'supplementContent.benefit')).toEqual([
      'Stress and Anxiety',
      'Sleep Quality',
    ])
    // The block's "Adults under chronic stress" and "People who sleep poorly" restate the list.
    const audiences = byType(documents, 'supplementContent.audience')
    expect(audiences.map((a) => a.name)).toEqual([
      'Adults who feel stressed or anxious much of the time',
      'People who have trouble falling asleep',
    ])
    expect(audiences.map((a) => a.description)).toEqual([
      'Adults under chronic stress',
      'People who sleep poorly',
    ])
    expect(byType(documents, 'supplementContent.warning').map((w) => w.kind)).toEqual([
      'sideEffect',
      'drugInteraction',
      'drugInteraction',
      'contraindication',
      'sideEffect',
      'doseLimit',
    ])
    const interactions = warningsOf(documents, 'drugInteraction')
    expect(interactions.map((w) => w.interactingSubstances)).toEqual([
      ['sedatives', 'thyroid medication', 'levothyroxine', 'immunosuppressants'],
      ['blood pressure medication'],
    ])
    expect(warningsOf(documents, 'contraindication')[0].title).toBe(
      'Not recommended for pregnant women',
    )
    expect(warningsOf(documents, 'doseLimit')[0].doseLimit).toMatchObject({
      amount: 1000,
      unit: 'mg',
      per: 'day',
    })
    expect(warningsOf(documents, 'sideEffect')[0].title).toBe(
      'Side effects: drowsiness, stomach upset, diarrhea',
    )
  })

  it('iron: plain benefit lines after a lead, `Term: desc` audiences, a limit with its authority', () => {
    const documents = docsOf('iron-bisglycinate.txt')
    expect(supplementOf(documents).ingredients).toMatchObject([
      {name: 'Iron', form: 'ferrous sulfate, ferrous bisglycinate'},
    ])
    expect(names(documents, 'supplementContent.benefit')).toEqual([
      'Restore energy levels and reduce fatigue',
      'Improve concentration and exercise capacity',
    ])
    const audiences = byType(documents, 'supplementContent.audience')
    expect(audiences.map((a) => a.name)).toEqual([
      'Pregnant women',
      'Vegetarians and vegans',
      'People with heavy periods',
      'Frequent blood donors',
    ])
    expect(audiences[0].description).toContain('Pregnant women with low ferritin')
    expect(warningsOf(documents, 'doseLimit')[0].doseLimit).toEqual({
      _type: 'supplementContent.doseLimit',
      amount: 45,
      unit: 'mg',
      per: 'day',
      nutrient: 'iron',
      population: 'adults',
      authority: 'NIH Office of Dietary Supplements',
    })
    expect(warningsOf(documents, 'drugInteraction')[0].interactingSubstances).toEqual([
      'levothyroxine',
      'antibiotics',
      'tetracyclines',
      'fluoroquinolones',
    ])
    expect(warningsOf(documents, 'contraindication')[0].title).toBe(
      'Not recommended for people with hemochromatosis',
    )
    expect(warningsOf(documents, 'sideEffect')[0].title).toBe(
      'Side effects: constipation, nausea, dark stools',
    )
  })

  it('selenium: a limit in mcg stated as "maximum intake"; "Key Takeaways" is the takeaway', () => {
    const documents = docsOf('selenium.txt')
    const supplement = supplementOf(documents)
    expect(supplement.ingredients[0].form).toBe('selenomethionine, sodium selenite')
    expect(supplement.takeaway).toMatch(/^One or two Brazil nuts/)
    expect(names(documents, 'supplementContent.audience')).toEqual([
      'People with autoimmune thyroid disease',
      'Adults living in regions with selenium-poor soil',
    ])
    expect(byType(documents, 'supplementContent.benefit').map((b) => b.healthArea)).toEqual([
      'metabolic',
      'immune',
    ])
    expect(warningsOf(documents, 'doseLimit')[0].doseLimit).toMatchObject({
      amount: 400,
      unit: 'mcg',
      per: 'day',
      population: 'adults',
    })
    expect(warningsOf(documents, 'sideEffect')[0].title).toBe(
      'Side effects: hair loss, brittle nails, garlic odor',
    )
    expect(warningsOf(documents, 'drugInteraction')[0].interactingSubstances).toEqual([
      'cisplatin',
      'anticoagulants',
    ])
  })

  it('probiotics (CRLF, BOM): block items continue their lead "people who:"; no false dose limit', () => {
    const documents = docsOf('probiotics.txt')
    expect(supplementOf(documents).ingredients[0].form).toBe(
      'Lactobacillus rhamnosus GG, Saccharomyces boulardii',
    )
    const audiences = byType(documents, 'supplementContent.audience')
    expect(audiences.map((a) => a.name)).toEqual([
      'People who are taking antibiotics',
      "Travellers prone to traveller's diarrhea",
      'Adults with irritable bowel syndrome',
      "People who travel to regions where traveller's diarrhea is common",
    ])
    // "Are taking a course of antibiotics" and "Have irritable bowel syndrome" merged.
    expect(audiences[0].description).toContain('People who are taking a course of antibiotics')
    expect(audiences[2].description).toContain('People who have irritable bowel syndrome')
    // "1 to 10 billion CFU per day" is a typical dose, not a limit, and CFU is no schema unit.
    expect(byType(documents, 'supplementContent.warning').map((w) => w.kind)).toEqual([
      'general',
      'drugInteraction',
      'contraindication',
      'sideEffect',
      'sideEffect',
    ])
    expect(warningsOf(documents, 'drugInteraction')[0].interactingSubstances).toEqual([
      'antibiotics',
    ])
    expect(warningsOf(documents, 'contraindication')[0].title).toMatch(
      /people who are severely immunocompromised or critically ill$/,
    )
    expect(warningsOf(documents, 'sideEffect')[1].title).toBe('Side effects: gas, bloating')
  })

  it('magnesium: the form in the name; the side effect that shares the limit sentence', () => {
    const documents = docsOf('magnesium-glycinate.txt')
    expect(supplementOf(documents).ingredients).toMatchObject([
      {name: 'Magnesium', form: 'glycinate'},
    ])
    expect(warningsOf(documents, 'doseLimit')[0].text).toBe(
      'The upper limit for supplemental magnesium is 350 mg per day for adults, and higher doses can cause diarrhea.',
    )
    expect(warningsOf(documents, 'sideEffect')[0].title).toBe('Side effects: diarrhea')
  })
})

describe('safety written as labelled bullets, prose and summary lines', () => {
  const kindsAndFacts = (name: string) =>
    byType(docsOf(name), 'supplementContent.warning').map((w) => [
      w.kind,
      w.interactingSubstances ?? w.effects ?? w.population ?? w.doseLimit?.amount ?? null,
    ])

  it('fish oil: "What to Know Before Taking It" with "Label:" bullets loses none of them', () => {
    expect(kindsAndFacts('fish-oil-labelled-bullets.txt')).toEqual([
      ['drugInteraction', ['warfarin', 'Coumadin', 'clopidogrel', 'Plavix', 'aspirin']],
      ['contraindication', 'people with a fish or shellfish allergy'],
      ['sideEffect', ['atrial fibrillation']],
      ['doseLimit', 5],
      ['doseLimit', 3],
      ['sideEffect', ['fishy burps', 'loose stools', 'nausea']],
      ['drugInteraction', ['blood thinner']],
    ])
  })

  it('vitamin E: three limits in one sentence, a study dose that is not one', () => {
    const limits = warningsOf(docsOf('vitamin-e.txt'), 'doseLimit').map((w) => w.doseLimit)
    expect(limits).toEqual([
      expect.objectContaining({
        amount: 1000,
        unit: 'mg',
        nutrient: 'alpha-tocopherol',
        population: 'adults',
      }),
      expect.objectContaining({amount: 1500, unit: 'IU', population: 'adults'}),
      expect.objectContaining({amount: 600, unit: 'mg', population: 'children aged 9 to 13'}),
    ])
    expect(names(docsOf('vitamin-e.txt'), 'supplementContent.audience')).toHaveLength(3)
  })

  it('CoQ10: typical and study doses are general notes; each group and medicine is read', () => {
    const documents = docsOf('coenzyme-q10.txt')
    expect(supplementOf(documents).name).toBe('Coenzyme Q10')
    expect(warningsOf(documents, 'doseLimit')).toEqual([])
    expect(warningsOf(documents, 'contraindication').map((w) => w.population)).toEqual([
      'pregnant women',
      'breastfeeding women',
      'children under 12',
    ])
    expect(warningsOf(documents, 'drugInteraction').map((w) => w.interactingSubstances)).toEqual([
      ['warfarin', 'Coumadin', 'Jantoven'],
      ['amlodipine', 'metoprolol', 'antihypertensives'],
      ['chemotherapy drugs', 'doxorubicin'],
      ['blood thinners'],
    ])
  })

  it('ginseng: upper-case headings; pregnancy, breastfeeding and children as three groups', () => {
    const documents = docsOf('panax-ginseng.txt')
    expect(supplementOf(documents).name).toBe('Panax Ginseng')
    expect(warningsOf(documents, 'contraindication').map((w) => w.population)).toEqual([
      'pregnant women',
      'breastfeeding women',
      'children',
      // "if you have autoimmune disease, a bleeding disorder or a hormone-sensitive cancer".
      'people with autoimmune disease',
      'people with bleeding disorder',
      'people with hormone-sensitive cancer',
    ])
    expect(warningsOf(documents, 'doseLimit').map((w) => w.doseLimit.amount)).toEqual([3, 400])
  })

  it('magnesium citrate: the name after the colon, "2 hrs." ends a sentence, a limit goes on', () => {
    const documents = docsOf('magnesium-citrate.txt')
    expect(supplementOf(documents).name).toBe('Magnesium Citrate')
    expect(warningsOf(documents, 'drugInteraction').map((w) => w.interactingSubstances)).toEqual([
      ['antibiotics', 'tetracyclines', 'quinolones', 'bisphosphonates', 'alendronate', 'Fosamax'],
      ['proton-pump inhibitors'],
    ])
    expect(warningsOf(documents, 'doseLimit').map((w) => w.doseLimit)).toEqual([
      expect.objectContaining({
        amount: 350,
        nutrient: 'magnesium',
        population: 'anyone over 8 years',
      }),
      expect.objectContaining({amount: 110, nutrient: 'magnesium', population: 'kids aged 4-8'}),
    ])
  })

  it('valerian: numbered safety items, "Who should avoid it:" lists, the plain name', () => {
    const documents = docsOf('valerian.txt')
    expect(supplementOf(documents).name).toBe('Valerian')
    expect(warningsOf(documents, 'contraindication').map((w) => w.population)).toEqual([
      'pregnant women',
      'breastfeeding women',
      'children under 3',
      'anyone scheduled for surgery in the next two weeks',
    ])
    // "People who want to avoid prescription sleeping pills" is an audience, not an interaction;
    // "a mild, reasonably safe sleep aid" is what valerian is.
    expect(warningsOf(documents, 'drugInteraction').map((w) => w.interactingSubstances)).toEqual([
      [
        'benzodiazepines',
        'alprazolam',
        'diazepam',
        'barbiturates',
        'opioid painkillers',
        'antihistamines',
        'diphenhydramine',
      ],
      ['statins'],
      ['sedatives', 'alcohol'],
    ])
  })

  it.each([
    'valerian.txt',
    'fish-oil-labelled-bullets.txt',
    'vitamin-e.txt',
    'coenzyme-q10.txt',
    'panax-ginseng.txt',
    'magnesium-citrate.txt',
  ])('%s keeps every line, validates and plans deterministically', async (name) => {
    const source = fixtureText(name)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    const documents = docsOf(name)
    expect((supplementOf(documents).body as Block[]).map(blockText)).toEqual(source.slice(1))
    expect(JSON.stringify(docsOf(name))).toBe(JSON.stringify(documents))
    expect(await validationProblems(planOf(name))).toEqual([])
  })
})
