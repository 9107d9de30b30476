import {describe, expect, it} from 'vitest'

import {planImport} from '../../scripts/import/index.ts'
import {parseArticle} from '../../scripts/import/parse.ts'
import {
  contraindicationsIn,
  doseLimitsIn,
  interactingSubstancesIn,
  type SafetyStatement,
  sideEffectsIn,
  statesRisk,
  warningClaims,
  warningsOfStatement,
} from '../../scripts/import/safety.ts'
import {isDosageHeading, sectionKind} from '../../scripts/import/sections.ts'
import {numeralsOf, readingOf, splitSentences} from '../../scripts/import/text.ts'

/**
 * The ways of writing that unseen articles showed the importer did not read: FAQ and first-person
 * voices, sentence-case headings, tables pasted as lines, clinical labels, contractions, safety
 * in the disclaimer. Every sentence here is written for these tests about other supplements.
 */
const read = (sentence: string, name = 'Hawthorn') =>
  warningsOfStatement({sentence, line: 1, inSafetySection: true} as SafetyStatement, name, [name])
const substancesOf = (sentence: string, name?: string) =>
  read(sentence, name).flatMap((w) => w.interactingSubstances ?? [])
const limitsOf = (sentence: string, name?: string) =>
  read(sentence, name).flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))

function article(lines: string[], disclaimer = 'This page is for general information only.') {
  return [
    ...lines,
    'Works Cited',
    'Hawthorn - NCCIH, accessed May 2, 2025, https://www.nccih.nih.gov/health/hawthorn',
    'Content Disclaimer',
    disclaimer,
  ].join('\n')
}

const INTRO = 'Hawthorn is a shrub whose berries and leaves are used for the heart.'

describe('headings in sentence case and other words', () => {
  it('reads a sentence-case heading that opens a new topic, but not a list line of the open one', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'What the studies found',
        'Helps with mild heart failure symptoms',
        'Helps with blood pressure',
        'Who tends to take it',
        'Adults with mild heart failure',
        'Before you start: my safety notes',
        "It can cause dizziness and nausea. Don't combine it with digoxin.",
      ]),
      'h.txt',
    )
    expect(parsed.sections.map((s) => [s.kind, s.heading.text])).toEqual([
      ['benefits', 'What the studies found'],
      ['audience', 'Who tends to take it'],
      ['safety', 'Before you start: my safety notes'],
    ])
    expect(parsed.sections[0].items.map((i) => i.text)).toEqual([
      'Helps with mild heart failure symptoms',
      'Helps with blood pressure',
    ])
  })

  it.each([
    ['Who should stay away from it?', 'safety'],
    ['Medication Check', 'safety'],
    ['What is it good for?', 'benefits'],
    ['Clinical Evidence', 'benefits'],
    ['Target Populations', 'audience'],
    ['Where Hawthorn Works', 'mechanism'],
    ['How it is thought to work', 'mechanism'],
    ['My take', 'takeaway'],
  ])('"%s" is a %s heading', (heading, kind) => {
    expect(sectionKind(heading)).toBe(kind)
  })

  it('names the supplement from the introduction when the title is an epithet with a comma', () => {
    const parsed = parseArticle(
      article([
        'Small Berry, Big Questions: Your Hawthorn FAQ',
        'Hawthorn berry (Crataegus) has been used in Europe for centuries. Hawthorn berry is sold as capsules.',
        'Is it safe?',
        'Hawthorn berry can cause dizziness.',
      ]),
      'h.txt',
    )
    expect(parsed.name).toBe('Hawthorn berry')
  })

  it('reads plain one-sentence lines under a mechanism heading as its steps', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        `${INTRO} It has been studied for decades.`,
        'What does hawthorn do?',
        'Its flavonoids widen blood vessels, which lowers the work of the heart.',
        'Its procyanidins make the heart muscle contract more strongly.',
      ]),
      'h.txt',
    )
    expect(parsed.sections[0].kind).toBe('mechanism')
    expect(parsed.sections[0].items).toHaveLength(2)
  })
})

describe('tables pasted as lines', () => {
  const parsed = parseArticle(
    article([
      'Hawthorn for the Heart',
      INTRO,
      'Upper Limits',
      'Age\tMaximum',
      '4–8 years\t150 mg (0.15 g) daily',
      '9–13 years\t300 mg daily',
      'Drug Interactions',
      'Medicine | What may happen',
      'Digoxin (Lanoxin) | Hawthorn may increase its effect',
      'Nitrates (isosorbide) | Blood pressure can fall too far',
    ]),
    'h.txt',
  )
  const warnings = warningClaims(parsed)

  it('keeps each row as an item whose first cell is its term, and never a heading', () => {
    expect(parsed.sections.map((s) => s.heading.text)).toEqual([
      'Upper Limits',
      'Drug Interactions',
    ])
    expect(parsed.sections[1].items.map((i) => i.term)).toEqual([
      'Digoxin (Lanoxin)',
      'Nitrates (isosorbide)',
    ])
  })

  it('reads an age row under a limits header as that age group’s limit, in both units', () => {
    const limits = warnings.filter((w) => w.kind === 'doseLimit').map((w) => w.doseLimit)
    expect(limits).toEqual([
      expect.objectContaining({amount: 150, unit: 'mg', population: '4-8 years'}),
      expect.objectContaining({amount: 0.15, unit: 'g', population: '4-8 years'}),
      expect.objectContaining({amount: 300, unit: 'mg', population: '9-13 years'}),
    ])
  })

  it('reads a row naming a medicine as an interaction, and the header row as nothing', () => {
    const interactions = warnings.filter((w) => w.kind === 'drugInteraction')
    expect(interactions.map((w) => w.interactingSubstances)).toEqual([
      ['digoxin', 'Lanoxin'],
      ['nitrates', 'isosorbide'],
    ])
    expect(warnings.some((w) => w.text.startsWith('Medicine'))).toBe(false)
  })
})

describe('sentences and contractions', () => {
  it('splits after a number that ends a sentence and keeps "U.S. FDA" together', () => {
    expect(splitSentences('It is not for children under 6. Adults may take it.')).toHaveLength(2)
    expect(splitSentences('High doses harm the liver, the U.S. FDA says. Ask first.')).toEqual([
      'High doses harm the liver, the U.S. FDA says.',
      'Ask first.',
    ])
  })

  it('spells contractions out for reading', () => {
    expect(readingOf("You shouldn't take it if you're pregnant; I'd skip it.")).toBe(
      'You should not take it if you are pregnant; I would skip it.',
    )
  })

  it('finds the groups of a first-person warning written with contractions', () => {
    expect(
      read("If you're pregnant or breastfeeding, there isn't enough data, so I'd skip it.").map(
        (w) => w.population,
      ),
    ).toEqual(['pregnant women', 'breastfeeding women'])
  })
})

describe('where a risk is stated', () => {
  it('reads a risk in the disclaimer, but not the disclaimer’s own boilerplate', () => {
    const parsed = parseArticle(
      article(
        ['Hawthorn for the Heart', INTRO, 'Benefits', 'Stronger heartbeat in mild heart failure.'],
        'This summary does not replace medical advice. Hawthorn can add to the effect of digoxin; tell your cardiologist you take it.',
      ),
      'h.txt',
    )
    const warnings = warningClaims(parsed)
    expect(warnings.map((w) => [w.kind, w.interactingSubstances])).toEqual([
      ['drugInteraction', ['digoxin']],
    ])
  })

  it.each([
    'Check with your pharmacist first if you take beta-blockers',
    'Stop 2 weeks before surgery',
    'Whole extract raises blood pressure over time.',
    'It can lower potassium levels.',
    'This amount is above what most people should take without supervision.',
    'Not for children under 12',
  ])('"%s" states a risk', (sentence) => {
    expect(statesRisk(sentence)).toBe(true)
  })

  it('does not read "interferon" as "interfere"', () => {
    expect(statesRisk('It raises levels of proteins such as interferon that fight viruses.')).toBe(
      false,
    )
  })

  it('reads a fact sheet whose labels are mostly cautions as warnings, not benefits', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'Benefits',
        'Stronger heartbeat in mild heart failure.',
        '-',
        'Hawthorn at a glance:',
        'Part used – berries and leaves',
        'Safe limit – under 900 mg of extract a day',
        'Avoid – with heart rhythm drugs',
      ]),
      'h.txt',
    )
    expect(parsed.summaryBlocks[0].kind).toBe('safety')
  })
})

describe('limits', () => {
  it('reads per kg when the nutrient stands between the dose and "per kg"', () => {
    expect(
      limitsOf('The acceptable daily intake is 2 mg of vitexin per kg of body weight.'),
    ).toEqual([expect.objectContaining({amount: 2, unit: 'mg', perKg: true, nutrient: 'vitexin'})])
  })

  it('takes the nutrient that names the intake, and no limit from an amount of a food', () => {
    expect(
      limitsOf(
        'Adults should keep vitexin intake below 10 mg a day, about the amount in 200 g of berries.',
      ),
    ).toEqual([
      expect.objectContaining({amount: 10, unit: 'mg', nutrient: 'vitexin', population: 'adults'}),
    ])
  })

  it('reads no limit from a study dose named after the cue', () => {
    expect(
      limitsOf(
        'Doses above the UL can cause bleeding, and in one large trial, 600 mg a day was linked to palpitations.',
      ),
    ).toEqual([])
  })

  it('gives an equivalent in another unit the same group, in brackets or after "or"', () => {
    const limits = limitsOf(
      'The upper limit is 1,000 mg a day for adults, which equals 1,500 IU of the natural form or 1,100 IU of the synthetic form.',
    )
    expect(limits.map((l) => [l.amount, l.unit, l.population])).toEqual([
      [1000, 'mg', 'adults'],
      [1500, 'IU', 'adults'],
      [1100, 'IU', 'adults'],
    ])
  })

  it('reads a limit restated as "a dose well below"', () => {
    expect(limitsOf('If you take it, choose a dose well below 900 mg a day.')).toEqual([
      expect.objectContaining({amount: 900, unit: 'mg', per: 'day'}),
    ])
  })

  it('reads "group: dose" lines under a limits heading as limits for those groups', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'Maximum Amounts',
        'Teens: 600 mg a day; adults: 900 mg a day.',
        'Dosage',
        'Adults: 300 mg a day with meals.',
      ]),
      'h.txt',
    )
    const limits = warningClaims(parsed).flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))
    expect(limits.map((l) => [l.amount, l.population])).toEqual([
      [600, 'teens'],
      [900, 'adults'],
    ])
  })

  it('reads "group: dose" lines after a line announcing limits, inside a general safety section', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'Safety and side effects',
        'It can cause dizziness and nausea.',
        'Maximum amounts by age (from all forms):',
        'Adults: 900 mg per day',
        'Teens 14 to 18 years: 600 mg per day',
        'It may lower blood pressure further when taken with beta blockers.',
        'Typical amounts in studies:',
        'Adults: 300 mg per day',
      ]),
      'h.txt',
    )
    const limits = warningClaims(parsed).flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))
    expect(limits.map((l) => [l.amount, l.population])).toEqual([
      [900, 'adults'],
      [600, 'teens 14 to 18 years'],
    ])
  })
})

describe('interactions', () => {
  it('does not read a nutrient as a level in the body as something taken', () => {
    expect(substancesOf('Diuretics (furosemide) | Potassium can drop to dangerous levels')).toEqual(
      ['diuretics', 'furosemide'],
    )
    expect(
      substancesOf(
        'Women on birth control pills may be more sensitive to its effect on blood pressure and potassium.',
      ),
    ).not.toContain('potassium')
  })

  it('reads "the steroid" after corticosteroids as the same medicine', () => {
    expect(
      substancesOf('Corticosteroids (prednisone): it may increase the effect of the steroid.'),
    ).toEqual(['corticosteroids', 'prednisone'])
  })

  it('reads a medicine class described by what it does when examples or a named drug anchor it', () => {
    expect(
      substancesOf(
        'Medicines that suppress the immune system, such as tacrolimus, may not work as well.',
      ),
    ).toEqual(['medicines that suppress the immune system', 'tacrolimus'])
    expect(substancesOf('It may interact with other drugs that act on the brain.')).toEqual([])
  })

  it('reads a kind of medicine after "some" or "certain" as the substance the supplement meets', () => {
    expect(substancesOf('It may blunt the action of certain seizure medicines.')).toEqual([
      'seizure medicines',
    ])
    expect(substancesOf('Hawthorn can interfere with some heart rhythm drugs.')).toEqual([
      'heart rhythm drugs',
    ])
    expect(substancesOf('It may reduce the effect of some blood pressure medications.')).toEqual([
      'blood pressure medications',
    ])
  })

  it('keeps "some medications" and a kind the supplement is not said to meet as umbrellas', () => {
    expect(substancesOf('It may interact with some medications.')).toEqual([])
    expect(substancesOf('It may interfere with certain prescription drugs.')).toEqual([])
    expect(
      substancesOf('Several common kidney and heart drugs make the body hold on to sodium.'),
    ).toEqual([])
  })

  it('knows NNRTIs as a class of HIV medicines', () => {
    expect(substancesOf('NNRTIs (efavirenz): it may lower their blood levels.')).toEqual([
      'NNRTIs',
      'efavirenz',
    ])
  })
})

describe('contraindications and effects in clinical labels', () => {
  it.each([
    ['Bleeding disorders: avoid in patients with haemophilia.', 'bleeding disorders'],
    ['Pregnancy and lactation: safety has not been studied.', 'pregnancy and lactation'],
    ['Kidney disease: may aggravate symptoms in patients with kidney stones.', 'kidney disease'],
  ])('"%s" is a caution for %s', (item, population) => {
    expect(contraindicationsIn(item, [], true, item)).toContain(population)
  })

  it('reads who is at risk from "more likely if you are allergic to"', () => {
    expect(
      contraindicationsIn('Rashes are more likely if you are allergic to ragweed or daisies.', []),
    ).toEqual(['allergic to ragweed or daisies'])
  })

  it('reads a group for whom no upper limit is set as a caution', () => {
    expect(contraindicationsIn('No UL has been set for infants under 6 months.', [])).toEqual([
      'infants under 6 months',
    ])
  })

  it('reads a labelled list of effects, keeping each effect without its circumstance', () => {
    expect(
      sideEffectsIn('Less common: hives; blisters when the oil touches the skin; dry mouth.'),
    ).toEqual(expect.arrayContaining(['hives', 'blisters', 'dry mouth']))
    expect(
      sideEffectsIn(
        'Heart rhythm: In trials, doses of 2 g or more raised the risk of palpitations, mainly in men.',
      ),
    ).not.toContain('mainly in men')
  })

  it('reads both ends of "from X to Y" and a harmful change as effects', () => {
    expect(
      sideEffectsIn('Reactions range from a rash to asthma attacks, and rarely anaphylaxis.'),
    ).toEqual(expect.arrayContaining(['rash', 'asthma attacks']))
    expect(sideEffectsIn('Over weeks it raises blood pressure and drains potassium.')).toEqual(
      expect.arrayContaining(['raises blood pressure', 'drains potassium']),
    )
  })
})

describe('summary blocks of labelled facts', () => {
  const planned = (block: string[]) => {
    const documents = planImport(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'Benefits',
        'Heart Failure Symptoms: Extracts eased breathlessness in mild heart failure.',
        'Blood Pressure: A small drop was seen in mild hypertension.',
        'Safety',
        'It can cause dizziness and nausea.',
        '-',
        ...block,
      ]),
      {sourceFile: 'h.txt'},
    ).documents as Array<Record<string, any>>
    return {
      benefits: documents
        .filter((d) => d._type === 'supplementContent.benefit')
        .map((d) => d.title as string),
      warnings: documents.filter((d) => d._type === 'supplementContent.warning'),
    }
  }

  it('reads "Label: fact" lines about dose, form, cost and timing as no benefits', () => {
    const {benefits} = planned([
      'Hawthorn in brief:',
      'Usual serving – 300 to 900 mg of extract',
      'Form: capsules or tincture',
      'Cost: about $10 a month',
      'Best taken: with meals, in two doses',
    ])
    expect(benefits).toEqual(['Heart Failure Symptoms', 'Blood Pressure'])
  })

  it('still reads a caution in such a block as a warning, with its effects', () => {
    const {benefits, warnings} = planned([
      'Quick facts:',
      'Per capsule: 450 mg',
      'Main food source: none, it is a herbal extract',
      'Red flags: a racing heart or fainting, which mean you should stop it',
    ])
    expect(benefits).not.toContain('Red flags')
    const caution = warnings.find((w) => w.text.startsWith('Red flags'))
    expect(caution).toMatchObject({kind: 'sideEffect'})
    expect(caution?.effects).toEqual(expect.arrayContaining(['racing heart', 'fainting']))
  })

  it('keeps a block of "Label: effect" lines as benefits, whatever its lead', () => {
    const {benefits} = planned([
      'At a glance:',
      'Exercise Tolerance: Patients walked further in trials',
      'Anxiety: A calmer mood in one small trial',
    ])
    expect(benefits).toEqual(
      expect.arrayContaining(['Exercise Tolerance', 'Anxiety', 'Heart Failure Symptoms']),
    )
  })

  it('drops a dose line from a benefit list but keeps the benefits beside it', () => {
    const {benefits} = planned([
      'Key benefits:',
      'Exercise Tolerance: Patients walked further in trials',
      'Anxiety: A calmer mood in one small trial',
      'Daily amount: 600 mg',
    ])
    expect(benefits).toContain('Exercise Tolerance')
    expect(benefits).toContain('Anxiety')
    expect(benefits).not.toContain('Daily amount')
  })
})

describe('a reader Q&A and a buying guide', () => {
  it("names the supplement from the title's topic or the one the article keeps naming, when the introduction names nothing", () => {
    const mailbag = (title: string) =>
      parseArticle(
        article([
          title,
          'This month our pharmacist answers the letters you sent in.',
          'Your Letters',
          'Q: Does magnesium help with cramps?',
          'A: Magnesium helps some people with night cramps, though trials are mixed.',
          'Q: Which form should I buy?',
          'A: Magnesium glycinate is gentle on the stomach.',
        ]),
        'm.txt',
      ).name
    expect(mailbag('Reader Mailbag: Straight Answers About Magnesium, Explained')).toBe('Magnesium')
    expect(mailbag('Reader Mailbag, Part Two')).toMatch(/^magnesium/i)
  })

  it('reads a comma list of conditions after "if you have" as one group per condition', () => {
    const sentence =
      'Avoid it if you have a bleeding disorder, severe asthma, a stomach ulcer or a history of stroke.'
    expect(contraindicationsIn(sentence, [])).toEqual([
      'people with bleeding disorder',
      'people with severe asthma',
      'people with stomach ulcer',
      'people with history of stroke',
    ])
    // The conditions are the groups\' own, not what the supplement causes.
    expect(read(sentence).filter((w) => w.kind === 'sideEffect')).toEqual([])
    // Two organs before one head share it: two groups, as an editor lists them.
    expect(contraindicationsIn('Avoid it if you have kidney or liver disease.', [])).toEqual([
      'people with kidney disease',
      'people with liver disease',
    ])
  })

  it('reads "a real concern for" and "if you have been told you are low in" as groups', () => {
    expect(
      contraindicationsIn('This is a real concern for smokers and for people over 70.', []),
    ).toEqual(['smokers', 'people over 70'])
    expect(
      contraindicationsIn('Check with your doctor if you have been told you are low in iron.', []),
    ).toEqual(['people low in iron'])
  })

  it('reads "keep to ... or less", a single dose, an opening group and "Ages 9 to 13" in limits', () => {
    const limit = (sentence: string) =>
      doseLimitsIn(sentence, 'Hawthorn').map((l) => [l.amount, l.unit, l.per, l.population])
    expect(limit('Pregnant or nursing women should keep to 300 mg a day or less.')).toEqual([
      [300, 'mg', 'day', 'pregnant or nursing women'],
    ])
    expect(limit('Stick to the 50 mg capsules.')).toEqual([])
    expect(
      limit(
        'In healthy adults, up to 3 g a day is safe, and any single dose should stay below 1 g.',
      ),
    ).toEqual([
      [3, 'g', 'day', 'healthy adults'],
      [1, 'g', 'dose', 'healthy adults'],
    ])
    expect(limit('Choose a dose well below 900 mg a day.')).toEqual([[900, 'mg', 'day', undefined]])
    expect(limit('Upper limit: Ages 9 to 13: 20 mg a day')).toEqual([
      [20, 'mg', 'day', 'ages 9 to 13'],
    ])
  })

  it('reads a fatal or lethal amount as a risk wherever it stands', () => {
    expect(statesRisk('Never buy bulk powder: one spoonful can be a lethal dose.')).toBe(true)
    expect(statesRisk('One spoonful holds about 2 g, which can be fatal.')).toBe(true)
  })

  it('reads fewer deaths as a benefit, but not when a risk is left beside it', () => {
    expect(statesRisk('In one trial it cut fatal heart attacks by a fifth.')).toBe(false)
    expect(statesRisk('It lowers the risk of fatal strokes in older adults.')).toBe(false)
    expect(statesRisk('It lowers the risk of falls but can be fatal in an overdose.')).toBe(true)
    expect(
      statesRisk('It reduces the risk of colds, but high doses raise the risk of kidney stones.'),
    ).toBe(true)
  })

  it('reads an enumeration through an aside in brackets, and "treated with" as naming medicines', () => {
    expect(
      substancesOf(
        'Avoid other stimulants such as octopamine (a bitter orange compound), higenamine or hordenine.',
      ),
    ).toEqual(expect.arrayContaining(['octopamine', 'higenamine', 'hordenine']))
    expect(
      interactingSubstancesIn(
        'Talk to your doctor if you are being treated with methotrexate or pralatrexate.',
        ['Hawthorn'],
        true,
      ),
    ).toEqual(['methotrexate', 'pralatrexate'])
  })

  it('does not read a comparison after "acts like a" as an example', () => {
    const found = substancesOf(
      'Some antifungals slow its breakdown so that a standard dose acts like a triple dose: ketoconazole is one.',
    )
    expect(found).toContain('ketoconazole')
    expect(found.join(' ')).not.toMatch(/triple/)
  })

  it('reads a disease sped up or hastened as an effect', () => {
    expect(sideEffectsIn('High doses may hasten the progression of existing cataracts.')).toEqual([
      'progression of existing cataracts',
    ])
    expect(sideEffectsIn('It can speed recovery after exercise.')).toEqual([])
  })
})

describe('sentences that state nothing without their neighbours', () => {
  const warningsOf = (lines: string[]) =>
    warningClaims(parseArticle(article(['Hawthorn for the Heart', INTRO, ...lines]), 'h.txt'))
  const texts = (lines: string[]) => warningsOf(lines).map((w) => w.text)

  it("joins a reader's question and a one-word answer to the statement that follows", () => {
    const warnings = warningsOf([
      'Safety Questions From Readers',
      'Q: Is it safe with my blood thinner?',
      'A: No. Hawthorn can add to the effect of warfarin and raise the risk of bleeding.',
    ])
    expect(warnings.map((w) => w.text)).toEqual([
      'Q: Is it safe with my blood thinner? A: No. Hawthorn can add to the effect of warfarin and raise the risk of bleeding.',
    ])
    expect(warnings[0].interactingSubstances).toEqual(expect.arrayContaining(['warfarin']))
  })

  it('keeps a question answered only by "A: No." as one warning, read with its question', () => {
    const warnings = warningsOf([
      'Safety Questions From Readers',
      'Q: Can I take it with digoxin?',
      'A: No.',
      'Q: What about with nitrates?',
    ])
    expect(warnings.map((w) => w.text)).toEqual([
      'Q: Can I take it with digoxin? A: No.',
      'Q: What about with nitrates?',
    ])
    expect(warnings[0].interactingSubstances).toEqual(['digoxin'])
  })

  it("joins a question heading to its answer and keeps that part's safety kind", () => {
    const warnings = warningsOf([
      'Your Safety Questions',
      'Q: Can you take too much?',
      'A: Yes. Above 1,800 mg a day it can cause dizziness.',
      'Q: Can I take it with digoxin?',
      'A: Only if your cardiologist agrees.',
    ])
    expect(warnings.map((w) => [w.kind, w.text])).toEqual([
      [
        'doseLimit',
        'Q: Can you take too much? A: Yes. Above 1,800 mg a day it can cause dizziness.',
      ],
      [
        'sideEffect',
        'Q: Can you take too much? A: Yes. Above 1,800 mg a day it can cause dizziness.',
      ],
      ['drugInteraction', 'Q: Can I take it with digoxin? A: Only if your cardiologist agrees.'],
    ])
  })

  it('reads the question with its answer outside a safety section too', () => {
    const warnings = warningsOf([
      'The Basics',
      'Q: Is it fine with my warfarin?',
      'A: No. It thins the blood as well.',
      'Q: Does it taste bitter?',
      'A: Yes. Most people take capsules.',
    ])
    expect(warnings.map((w) => w.text)).toEqual([
      'Q: Is it fine with my warfarin? A: No. It thins the blood as well.',
    ])
    expect(warnings[0].interactingSubstances).toEqual(['warfarin'])
  })

  it('keeps short statements that answer no question as warnings of their own', () => {
    expect(
      texts([
        'Side Effects',
        'Avoid it in pregnancy. It can cause nausea.',
        'Stop if you feel faint.',
      ]),
    ).toEqual(['Avoid it in pregnancy.', 'It can cause nausea.', 'Stop if you feel faint.'])
  })

  it('reads the header of a dosing table by body weight as structure, and its rows as doses', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'How to Dose It',
        'Body weight | 2 mg per kg | 4 mg per kg',
        '60 kg | 120 mg | 240 mg',
        '80 kg | 160 mg | 320 mg',
      ]),
      'h.txt',
    )
    expect(parsed.sections[0].items.map((i) => i.header?.text)).toEqual([
      'Body weight | 2 mg per kg | 4 mg per kg',
      'Body weight | 2 mg per kg | 4 mg per kg',
    ])
    expect(warningClaims(parsed)).toEqual([])
  })

  it('keeps a first row of values, a row that states a risk and rows in a safety section', () => {
    const warnings = warningsOf([
      'How to Dose It',
      'Body weight | 2 mg per kg | 4 mg per kg',
      '60 kg | 120 mg | 240 mg',
      'Over 100 kg | do not exceed 400 mg | do not exceed 400 mg',
      'Upper Limits',
      'Adults | 900 mg per day',
      '14-18 years | 600 mg per day',
      'Who Should Be Careful',
      'Heart failure | 60 kg | 120 mg',
    ])
    expect(warnings.slice(0, 3).map((w) => [w.kind, w.text, w.doseLimit?.amount])).toEqual([
      ['doseLimit', 'Over 100 kg | do not exceed 400 mg | do not exceed 400 mg', 400],
      ['doseLimit', 'Adults | 900 mg per day', 900],
      ['doseLimit', '14-18 years | 600 mg per day', 600],
    ])
    // Under a safety heading a row is kept even when it reads as nothing more than a row.
    expect(warnings.slice(3).map((w) => w.text)).toEqual(['Heart failure | 60 kg | 120 mg'])
  })

  it("reads a list's lead with each item, showing it in the item's warning", () => {
    const warnings = warningsOf([
      'Drug Interactions',
      'Do not combine hawthorn with:',
      '• Digoxin',
      '• Nitrates, which can drop blood pressure too far',
      'Space it two hours away from:',
      '• Iron tablets',
    ])
    expect(warnings.map((w) => [w.text, w.interactingSubstances])).toEqual([
      ['Do not combine hawthorn with: Digoxin', ['digoxin']],
      [
        'Do not combine hawthorn with: Nitrates, which can drop blood pressure too far',
        ['nitrates'],
      ],
      ['Space it two hours away from: Iron tablets', ['iron']],
    ])
  })

  it('keeps a line ending in ":" that no list follows, and a lead whose items state nothing', () => {
    expect(
      texts(['Side Effects', 'Some people feel dizzy. Watch for this:', 'Drug Interactions']),
    ).toEqual(['Some people feel dizzy.', 'Watch for this:'])
    expect(
      texts(['What It Does', 'Avoid it before surgery, and watch for:', 'Helps the heart pump']),
    ).toContain('Avoid it before surgery, and watch for: Helps the heart pump')
  })
})

describe('a dosage section', () => {
  const texts = (heading: string, lines: string[]) =>
    warningClaims(
      parseArticle(article(['Hawthorn for the Heart', INTRO, heading, ...lines]), 'h.txt'),
    ).map((w) => w.text)
  const doses = [
    'Most trials used 300 to 600 mg of extract a day for 8 weeks.',
    'Adults need about 2 mg a day from food.',
    'Effects take two to four weeks to appear.',
  ]
  const cautions = [
    'Doses above 3 g have not been studied.',
    'Adults can take up to 1,200 mg a day.',
    'Children should take half the adult dose.',
    'People with kidney disease need less.',
    'Take it with food, since on an empty stomach it can cause nausea.',
    'There is no official upper limit.',
  ]

  it('states nothing when it only gives doses a study used or a body needs', () => {
    expect(texts('How Much to Take', doses)).toEqual([])
    expect(texts('Dosage', doses)).toEqual([])
  })

  it('keeps a dose line with a bound, a group, an effect or a caution', () => {
    expect(texts('How Much to Take', [...doses, ...cautions])).toEqual(cautions)
  })

  it('keeps every line when its heading is about safety or limits too', () => {
    expect(texts('Dosage and Safety', doses)).toEqual(doses)
    expect(texts('Dosage and Upper Limits', doses)).toEqual(doses)
    expect(texts('How Much Is Too Much?', doses)).toEqual(doses)
  })
})

describe('a question over a list', () => {
  const warningsOf = (lines: string[]) =>
    warningClaims(parseArticle(article(['Hawthorn for the Heart', INTRO, ...lines]), 'h.txt'))
  const items = ['• Digoxin', '• Beta-blockers such as metoprolol']

  it('leads the list like a line ending in ":", shown with each item', () => {
    const warnings = warningsOf([
      'Drug Interactions',
      'Hawthorn meets several heart medicines. Which ones matter most?',
      ...items,
    ])
    expect(warnings.map((w) => [w.text, w.interactingSubstances])).toEqual([
      ['Hawthorn meets several heart medicines.', undefined],
      ['Which ones matter most? Digoxin', ['digoxin']],
      [
        'Which ones matter most? Beta-blockers such as metoprolol',
        expect.arrayContaining(['metoprolol']),
      ],
    ])
  })

  it('does not join a question heading to the first line of the list under it', () => {
    const warnings = warningsOf(['Which medicines does it affect?', ...items])
    expect(warnings.map((w) => w.text)).toEqual(['Digoxin', 'Beta-blockers such as metoprolol'])
  })
})

describe('a product leaflet', () => {
  it('reads "Mode of Action" and "Pharmacology" as how it works', () => {
    expect(sectionKind('Mode of Action')).toBe('mechanism')
    expect(sectionKind('Pharmacology')).toBe('mechanism')
    expect(sectionKind('Directions')).toBe('other')
  })

  it("reads a medicine's own absorption as what an interaction changes, a nutrient's as the body's", () => {
    expect(
      substancesOf('Digoxin absorption falls when it is taken with hawthorn; take them apart.'),
    ).toEqual(['digoxin'])
    expect(
      substancesOf('Iron absorption is better when it is taken with vitamin C.'),
    ).not.toContain('iron')
  })

  it('reads medicines named by what they are for, but not an aside describing a named one', () => {
    expect(
      substancesOf(
        'Tell your pharmacist if you take medicines for epilepsy or high blood pressure.',
      ),
    ).toEqual(['medicines for epilepsy', 'medicines for blood pressure'])
    expect(substancesOf('It lowers the absorption of digoxin, a drug for heart failure.')).toEqual([
      'digoxin',
    ])
    expect(
      interactingSubstancesIn(
        'Medicines for epilepsy are often taken for life.',
        ['Hawthorn'],
        false,
      ),
    ).toEqual([])
  })

  it('reads each entry of a "Contraindications:" field as a group, and no "Indications:" field', () => {
    expect(
      contraindicationsIn(
        'Contraindications: Gallstones; severe kidney disease; pregnancy.',
        [],
        true,
      ),
    ).toEqual(['people with gallstones', 'people with severe kidney disease', 'pregnant women'])
    expect(
      contraindicationsIn('Indications: mild heart failure; high blood pressure.', [], true),
    ).toEqual([])
  })

  it('reads two organs sharing a condition, a sensitivity and a planned pregnancy as groups', () => {
    expect(contraindicationsIn('Do not take it if you have heart or kidney disease.', [])).toEqual([
      'people with heart disease',
      'people with kidney disease',
    ])
    expect(contraindicationsIn('Avoid it if you have inflammatory bowel disease.', [])).toEqual([
      'people with inflammatory bowel disease',
    ])
    expect(
      contraindicationsIn(
        'Do not take if you are sensitive to hawthorn or to any of the ingredients.',
        [],
      ),
    ).toEqual(['sensitive to hawthorn'])
    expect(
      contraindicationsIn(
        'Avoid it if you are pregnant, planning a pregnancy or breastfeeding.',
        [],
      ),
    ).toEqual(['pregnant women', 'women planning a pregnancy', 'breastfeeding women'])
  })

  it('reads a frequency label as no effect, and a body part after "or" with the effect before it', () => {
    expect(
      sideEffectsIn('Adverse reactions: Very rare: palpitations, flushing and dizziness.'),
    ).toEqual(['palpitations', 'flushing', 'dizziness'])
    const redness = sideEffectsIn('It can cause redness of the skin or eyes.')
    expect(redness).toContain('redness of the skin or eyes')
    expect(redness).not.toContain('eyes')
    expect(sideEffectsIn('It can cause itching or hives.')).toEqual(
      expect.arrayContaining(['itching', 'hives']),
    )
  })
})

describe("a coach's guide and a myth-and-fact column", () => {
  const sectionsOf = (lines: string[]) =>
    parseArticle(article(['Hawthorn for the Heart', INTRO, ...lines]), 'h.txt').sections.map(
      (s) => [s.kind, s.heading.text],
    )

  it('reads headings about what to leave out, what it does in a body part and what trials show', () => {
    expect(sectionKind("Don't Mix It With")).toBe('safety')
    expect(sectionKind('Never Combine It With')).toBe('safety')
    expect(sectionKind('Not a Good Match')).toBe('safety')
    expect(sectionKind('Heart Patients Who Should Sit It Out')).toBe('safety')
    // Taking it together with something good is no warning.
    expect(sectionKind('Pair It With')).toBe('other')
    expect(sectionKind('What It Really Does in Your Cells')).toBe('mechanism')
    expect(sectionKind("What You'll Get Out of It")).toBe('benefits')
    expect(sectionKind('What the Trials Show')).toBe('benefits')
    expect(sectionKind('Who Gets the Most Out of It')).toBe('audience')
  })

  it('reads arrow bullets as list lines', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'How Hawthorn Works',
        '→ Widens the coronary arteries',
        '▸ Slows the heart a little',
      ]),
      'h.txt',
    )
    expect(parsed.sections[0].items.map((i) => i.text)).toEqual([
      'Widens the coronary arteries',
      'Slows the heart a little',
    ])
  })

  it('reads a "Myth N:" line as a heading, whatever it says and however it ends', () => {
    expect(
      sectionsOf([
        'Who Takes It',
        'Adults with mild heart failure',
        'Myth 1: "It is only a berry, so it cannot interact with heart drugs."',
        'Fact: it adds to the effect of digoxin.',
        'Myth #2 – Hawthorn works in a day.',
        'Fact: it takes six to eight weeks.',
      ]),
    ).toEqual([
      ['audience', 'Who Takes It'],
      ['safety', 'Myth 1: "It is only a berry, so it cannot interact with heart drugs."'],
      ['other', 'Myth #2 – Hawthorn works in a day.'],
    ])
  })
})

describe('safety woven into prose, footnotes and myths', () => {
  const warningsOf = (lines: string[]) =>
    warningClaims(parseArticle(article(['Hawthorn for the Heart', INTRO, ...lines]), 'h.txt'))

  it('reads a limit judged safe, free of concern or kept to, on its own part of the sentence', () => {
    expect(
      limitsOf(
        'Regulators consider up to 900 mg a day safe for adults, and studies giving 1,800 mg a day found no harm.',
      ),
    ).toEqual([
      expect.objectContaining({amount: 900, unit: 'mg', per: 'day', population: 'adults'}),
    ])
    expect(limitsOf('An expert panel found no safety concern at up to 2 g a day.')).toEqual([
      expect.objectContaining({amount: 2, unit: 'g', per: 'day'}),
    ])
    expect(
      limitsOf('If you have ever had a stroke, keep to 300 mg a day unless your doctor agrees.'),
    ).toEqual([expect.objectContaining({amount: 300, population: 'stroke'})])
    expect(limitsOf('Keep total vitamin K below 1,000 mcg a day from all sources.')).toEqual([
      expect.objectContaining({amount: 1000, unit: 'mcg', nutrient: 'vitamin K'}),
    ])
    expect(limitsOf('Never take more than 600 mg in one serving.')).toEqual([
      expect.objectContaining({amount: 600, per: 'dose'}),
    ])
    // A study dose and a choice of tablet stay no limits.
    expect(limitsOf('Trials used up to 900 mg a day.')).toEqual([])
    expect(limitsOf('Stick to the 300 mg tablets.')).toEqual([])
  })

  it('carries the nutrient of a limit to the next sentence of its paragraph that names none', () => {
    const limits = warningsOf([
      'Safety',
      'The agency considers up to 100 mg of vitexin a day safe. Another panel found no concern at up to 200 mg a day.',
    ]).flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))
    expect(limits.map((l) => [l.amount, l.nutrient])).toEqual([
      [100, 'vitexin'],
      [200, 'vitexin'],
    ])
  })

  it('reads a class narrowed by its family, a blood thinner with examples in brackets, and described supplements', () => {
    expect(
      substancesOf(
        'Avoid pain relievers from the COX-2 inhibitor family (celecoxib) while taking it.',
      ),
    ).toEqual(expect.arrayContaining(['celecoxib']))
    expect(
      substancesOf('It matters if you take a blood thinner (dabigatran, edoxaban) every day.'),
    ).toEqual(['blood thinner', 'dabigatran', 'edoxaban'])
    expect(
      substancesOf(
        'It is not a good mix with other herbs that slow clotting, such as dong quai or high-dose vitamin E.',
      ),
    ).toEqual(expect.arrayContaining(['herbs that slow clotting', 'vitamin e']))
    expect(substancesOf('Ototoxic drugs such as gentamicin')).toEqual([
      'ototoxic drugs',
      'gentamicin',
    ])
  })

  it("reads the supplement's own compounds as itself, but never another vitamin", () => {
    expect(
      interactingSubstancesIn(
        'Omega-3s may add to the effect of warfarin.',
        ['Krill oil', 'omega-3'],
        true,
      ),
    ).toEqual(['warfarin'])
    expect(
      interactingSubstancesIn('Avoid combining it with vitamin E or warfarin.', ['Hawthorn'], true),
    ).toEqual(expect.arrayContaining(['vitamin e']))
  })

  it('reads a risk that goes up, complaints, a harmless reassurance, a spoiled product and bruising', () => {
    expect(sideEffectsIn('At high doses the risk of kidney stones goes up.')).toEqual([
      'kidney stones',
    ])
    expect(
      sideEffectsIn('Bloating, cramps and loose stools are the common complaints.', true),
    ).toEqual(expect.arrayContaining(['bloating', 'cramps', 'loose stools']))
    for (const sentence of [
      'Fact: it is mostly harmless.',
      'A tablet that smells rancid should be thrown out; throw the bottle away.',
      'In trials of 2 g a day, nosebleeds were more common.',
      "Older adults with heart failure should get a doctor's OK first.",
      'Pregnant women may take it, using a tea rather than a tincture.',
    ])
      expect(statesRisk(sentence), sentence).toBe(true)
    // A group described as high-risk is no risk stated.
    expect(statesRisk('Heart Events in High-Risk Patients: it cut heart attacks.')).toBe(false)
  })

  it('reads a group after "though" and a shared allergy after "Still, if you have"', () => {
    expect(
      contraindicationsIn(
        'It helps older adults, though anyone with liver problems should ask first.',
        [],
      ),
    ).toEqual(['anyone with liver problems'])
    expect(
      contraindicationsIn(
        'Still, if you have a nut or seed allergy, check with your allergist first.',
        [],
      ),
    ).toEqual(['people with nut allergy', 'people with seed allergy'])
  })

  it('reads a myth whose answer mostly warns as a safety part, every sentence of it', () => {
    const warnings = warningsOf([
      'Myth 3: "It is just a berry."',
      'Fact: it contains vitexin. If you are pregnant, avoid it. Keep vitexin below 200 mg a day.',
    ])
    expect(warnings.map((w) => w.text)).toEqual(
      expect.arrayContaining(['Fact: it contains vitexin.', 'If you are pregnant, avoid it.']),
    )
    // A myth answered with no risk states nothing.
    expect(
      warningsOf(['Myth 2: "It works in a day."', 'Fact: it takes six weeks. Be patient.']),
    ).toEqual([])
  })

  it('drops a dosage line with no dose and no word of caution, and a generic disclaimer line', () => {
    expect(
      warningsOf([
        'How I Dose It',
        'If you travel a lot, plan around that. Long-term safety is unknown.',
      ]).map((w) => w.text),
    ).toEqual(['Long-term safety is unknown.'])
    expect(
      warningClaims(
        parseArticle(
          article(
            ['Hawthorn for the Heart', INTRO],
            'Talk to a doctor before starting any supplement.',
          ),
          'h.txt',
        ),
      ),
    ).toEqual([])
  })
})

describe('a product page with claims and accordions, and a feature told through quotes', () => {
  const warningsOf = (lines: string[]) =>
    warningClaims(parseArticle(article(['Hawthorn for the Heart', INTRO, ...lines]), 'h.txt'))
  const texts = (lines: string[]) => warningsOf(lines).map((w) => w.text)

  it('reads check-mark bullets, shop headings and a line among groups of people', () => {
    const plan = planImport(
      article([
        'Hawthorn Berry 500 mg Capsules | Heart Support',
        INTRO,
        'Why Customers Love It',
        '✔ Steady Circulation – Supports blood flow to the heart muscle.',
        '✓ Calm Heartbeat – May ease a fluttering heart in mild cases.',
        'Made For',
        'Adults watching their heart health',
        'People with a family history of heart disease',
        'Keen hikers and swimmers',
      ]),
      {sourceFile: 'h.txt'},
    )
    const docs = plan.documents as Array<Record<string, any>>
    expect(docs.filter((d) => d._type === 'supplementContent.benefit').map((d) => d.title)).toEqual(
      ['Steady Circulation', 'Calm Heartbeat'],
    )
    expect(docs.filter((d) => d._type === 'supplementContent.audience').map((d) => d.name)).toEqual(
      expect.arrayContaining(['Keen hikers and swimmers']),
    )
  })

  it('reads an accordion heading with its toggle mark, whatever its case', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'Who shouldn’t take it +',
        'Heart failure – only under a cardiologist’s care.',
        'Interactions ▾',
        'Not recommended with digoxin, nitrates or beta-blockers.',
        'Side effects +',
        'A few people notice nausea.',
      ]),
      'h.txt',
    )
    expect(parsed.sections.map((s) => [s.heading.text, s.kind])).toEqual([
      ['Who shouldn’t take it +', 'safety'],
      ['Interactions ▾', 'safety'],
      ['Side effects +', 'safety'],
    ])
    expect(sectionKind('What Worries Cardiologists')).toBe('safety')
  })

  it('reads a "Claim:" line as a myth heading, not as a statement', () => {
    expect(
      texts([
        'Claim: Hawthorn cannot interact with heart drugs.',
        'Truth: It can add to the effect of digoxin. Never stop or switch your heart medicine on your own.',
      ]),
    ).toEqual([
      'Truth: It can add to the effect of digoxin.',
      'Never stop or switch your heart medicine on your own.',
    ])
    // The medicine that must not be stopped is not one combined with it.
    expect(substancesOf('Never stop or swap a prescribed beta-blocker on your own.')).toEqual([])
  })

  it('ends a quoted sentence at its closing quote and reads doses written in words', () => {
    expect(
      splitSentences('"It can drop your pressure too far." The same goes for nitrates, he says.'),
    ).toHaveLength(2)
    expect(numeralsOf('keep it under two and a half grams a day, or three capsules')).toBe(
      'keep it under 2.5 grams a day, or three capsules',
    )
    expect(numeralsOf('no more than four hundred and fifty milligrams')).toBe(
      'no more than 450 milligrams',
    )
    expect(
      limitsOf('"I tell patients to stay under nine hundred milligrams a day," she says.'),
    ).toEqual([expect.objectContaining({amount: 900, unit: 'mg', per: 'day'})])
    // Numbers without a unit stay words: no limit in capsules or an age.
    expect(limitsOf('Give no more than two capsules to anyone under twelve.')).toEqual([])
  })

  it('reads effects someone gets or reports, told in a story, but not those a disease causes', () => {
    for (const sentence of [
      'Others report heartburn, nausea or a metallic taste.',
      'Above that you mostly get a headache by lunchtime.',
      'Higher doses brought more insomnia, not more benefit.',
      'James did get the nausea in his first week.',
      'There were rare reports of liver injury in people taking the tincture.',
      'Stopping abruptly can cause withdrawal symptoms such as irritability.',
      '"If your urine turns dark, stop and call your doctor," she says.',
      'His cardiologist told him to stop it before a hip operation.',
      'Yes, but go easy: tea has caffeine as well.',
    ])
      expect(statesRisk(sentence), sentence).toBe(true)
    for (const sentence of [
      'Beriberi is the deficiency disease that causes fatigue and confusion.',
      'In the trial, people reported fewer headaches.',
      'Its flavonoids bind to receptors, which build up calm.',
    ])
      expect(statesRisk(sentence), sentence).toBe(false)
    expect(sideEffectsIn('Higher doses brought more insomnia and restlessness.')).toEqual(
      expect.arrayContaining(['insomnia', 'restlessness']),
    )
  })

  it('reads interactions told in an aside, in "anyone who also takes", or through the liver', () => {
    const aside = read(
      'Some notice nausea or dizziness (and the dizziness is worse in anyone who also takes a nitrate such as isosorbide).',
    )
    expect(aside.flatMap((w) => w.interactingSubstances ?? [])).toEqual(
      expect.arrayContaining(['nitrate', 'isosorbide']),
    )
    expect(aside.flatMap((w) => w.effects ?? [])).toEqual(expect.arrayContaining(['nausea']))
    expect(
      substancesOf(
        'It may change how the liver breaks down some drugs (among them certain calcium channel blockers and antibiotics such as clarithromycin), so ask a pharmacist.',
      ),
    ).toEqual(expect.arrayContaining(['calcium channel blockers', 'antibiotics', 'clarithromycin']))
    expect(
      substancesOf('It may slow the heart, so it can add to heart rhythm and diabetes medicines.'),
    ).toEqual(expect.arrayContaining(['diabetes medicines']))
    expect(
      substancesOf('Stop it a week before surgery, as it may add to the effects of anaesthesia.'),
    ).toEqual(['anaesthesia'])
    expect(substancesOf('Stop it before any operation that needs general anesthesia.')).toEqual([])
    expect(
      substancesOf(
        'Yes, but go easy: alcohol relaxes you too, and the two together can make you dizzy.',
      ),
    ).toEqual(['alcohol'])
  })

  it('reads a group or condition that labels a caution after a dash', () => {
    for (const [item, groups] of [
      [
        'Heart failure – it may add to your treatment, so ask your doctor first.',
        ['heart failure'],
      ],
      ['Under 12 – not for children.', ['children']],
      ['Epilepsy – may lower the seizure threshold, so skip it.', ['epilepsy']],
    ] as Array<[string, string[]]>)
      expect(contraindicationsIn(item, [], true), item).toEqual(expect.arrayContaining(groups))
  })
})

describe('a shop page and a feature, read further', () => {
  it('reads shop and feature headings by what they say', () => {
    expect(sectionKind('Perfect For')).toBe('audience')
    expect(sectionKind('What Studies Have Found')).toBe('benefits')
    expect(sectionKind('"Please Tell Your Pharmacist"')).toBe('safety')
  })

  it('names the supplement from a product title without its strength and form', () => {
    const plan = planImport(
      article([
        'Hawthorn Berry 500 mg Capsules | Heart Support',
        'Standardised to 1.8% vitexin. 60 capsules per bottle.',
        'Benefits',
        'Steadier heartbeat: hawthorn berry may calm a fluttering heart.',
        'Hawthorn berry is also rich in flavonoids.',
      ]),
      {sourceFile: 'h.txt'},
    )
    const supplement = (plan.documents as Array<Record<string, any>>).find(
      (d) => d._type === 'supplementContent.supplement',
    )
    expect(supplement?.name).toBe('Hawthorn Berry')
  })

  it('reads a doctor’s warnings told in a feature’s quotes', () => {
    for (const sentence of [
      '"And never with MAOIs."',
      'Nitrates are a worry too, because it may slow clotting.',
      '“Stacking stimulants is where people get into trouble.”',
      'The nausea was worse on days she had a glass of wine.',
    ])
      expect(statesRisk(sentence), sentence).toBe(true)
    expect(substancesOf('"And never with MAOIs."')).toEqual(['MAOIs'])
    expect(substancesOf('The same goes for opioid painkillers such as tramadol, he says.')).toEqual(
      ['opioid painkillers', 'tramadol'],
    )
    expect(substancesOf('The nausea was worse on days she had a glass of wine.')).toEqual(['wine'])
    expect(
      limitsOf('"Anything above three grams of the dried root a day is too much," she says.'),
    ).toEqual([expect.objectContaining({amount: 3, unit: 'g', per: 'day'})])
  })

  it('reads no medicine it is only compared with, and no group made of medicines', () => {
    expect(
      substancesOf(
        'In one trial it eased pain as well as a standard dose of ibuprofen before surgery.',
      ),
    ).toEqual([])
    expect(substancesOf('It may act like estrogen in the body, so ask your doctor first.')).toEqual(
      [],
    )
    expect(
      contraindicationsIn('Not recommended with warfarin, aspirin or heart medication.', [
        'warfarin',
        'aspirin',
        'heart medication',
      ]),
    ).toEqual([])
    expect(contraindicationsIn('Not for breastfeeding mothers: it passes into milk.', [])).toEqual([
      'breastfeeding mothers',
    ])
    expect(contraindicationsIn('Breastfeeding? Talk to your midwife first.', [])).toEqual([
      'breastfeeding women',
    ])
    expect(
      contraindicationsIn(
        'Thyroid conditions such as Hashimoto’s or Graves’ disease – it may act on the gland, so check with your specialist.',
        [],
        true,
      ),
    ).toEqual([expect.stringMatching(/^thyroid conditions/)])
  })
})

describe('more of the same voices: a conditional medicine, raw plants, labelled conditions', () => {
  it('reads a medicine taken under any "if you ..." and one made less effective', () => {
    const sentence =
      '"If you have had a stent or take drugs that stop clots, like clopidogrel or ticagrelor, leave hawthorn alone," she says.'
    expect(statesRisk(sentence)).toBe(true)
    expect(substancesOf(sentence)).toEqual(expect.arrayContaining(['clopidogrel', 'ticagrelor']))
    expect(substancesOf(sentence).join(' ')).not.toMatch(/leave/)
    expect(statesRisk('Truth: It can make antacids less effective if taken together.')).toBe(true)
    expect(substancesOf("Don't pair it with activated charcoal.")).toEqual(['activated charcoal'])
  })

  it('reads raw plants, sickness and staying away as risks, but not a diet described', () => {
    for (const sentence of [
      '"Never eat the seeds," he says.',
      'Raw leaves contain compounds that can make you sick.',
      'Her brother, who has gout, stayed away from it.',
    ])
      expect(statesRisk(sentence), sentence).toBe(true)
    expect(statesRisk('If you never eat oily fish, 1 g a day is a sensible amount.')).toBe(false)
  })

  it('reads a limit counted in the product’s own form as the supplement’s', () => {
    expect(limitsOf('Do not go above thirty millilitres of tincture a day.')).toEqual([
      expect.objectContaining({amount: 30, unit: 'mL', per: 'day', nutrient: 'Hawthorn'}),
    ])
  })

  it('reads a condition labelling a consequence, and the label alone as the group', () => {
    expect(contraindicationsIn('Kidney disease – it can raise potassium.', [], true)).toEqual([
      'kidney disease',
    ])
    expect(
      contraindicationsIn('Children under 6 – only under medical supervision.', [], true),
    ).toEqual(['children under 6'])
    expect(
      contraindicationsIn('Nursing mothers should skip it: it has not been studied.', []),
    ).toEqual(['nursing mothers'])
  })
})

describe('product titles, callouts and lab tests', () => {
  it('names the product of a title that gives its strength, and never a myth label', () => {
    const plan = planImport(
      article([
        'L-Carnitine 500 mg Tablets | Energy Blend',
        'Made with tartrate salt. 90 tablets per tub.',
        'Claim vs. Truth',
        'Claim: It burns fat on its own.',
        'Truth: Carnitine helps cells use fat, but only with exercise.',
        'Claim: More works faster.',
        'Truth: High doses can cause a fishy body odour.',
      ]),
      {sourceFile: 'c.txt'},
    )
    const supplement = (plan.documents as Array<Record<string, any>>).find(
      (d) => d._type === 'supplementContent.supplement',
    )
    expect(supplement?.name).toBe('L-Carnitine')
  })

  it('reads a "Heads up" callout, stacking with a medicine and a test read falsely', () => {
    const callout =
      'Heads up: it may lower blood sugar, so it can stack with diabetes pills like glipizide.'
    expect(statesRisk(callout)).toBe(true)
    expect(substancesOf(callout)).toEqual(expect.arrayContaining(['glipizide']))
    expect(statesRisk('"Biotin can make a thyroid test read falsely high," she says.')).toBe(true)
    expect(substancesOf('It can add to blood pressure pills such as lisinopril.')).toEqual(
      expect.arrayContaining(['blood pressure pills', 'lisinopril']),
    )
  })

  it('reads "Not for" after a label, and a low-pressure condition labelling a caution', () => {
    expect(contraindicationsIn('Truth: Not for teenagers unless a doctor agrees.', [])).toEqual([
      'teenagers',
    ])
    expect(contraindicationsIn('Low blood sugar – it may drop further.', [], true)).toEqual([
      'low blood sugar',
    ])
    expect(sectionKind('What Researchers Found')).toBe('benefits')
  })
})

describe('asides, attributions and sidebars', () => {
  it('reads an aside in brackets after a full stop as a sentence of its own', () => {
    expect(
      splitSentences('Keep to one gram a day. (Alcohol makes the drowsiness worse, he adds.)'),
    ).toEqual(['Keep to one gram a day.', '(Alcohol makes the drowsiness worse, he adds.)'])
    // A bracket that goes on the sentence's thought still joins it.
    expect(splitSentences('Take it with food. (or with milk)')).toHaveLength(1)
  })

  it('leaves an attribution out of the group, and reads "no safety data in" a group', () => {
    expect(
      contraindicationsIn('People with gallstones, Dr. Patel says, should steer clear.', []),
    ).toEqual(['people with gallstones'])
    expect(contraindicationsIn('No safety data in breastfeeding.', [])).toEqual([
      'breastfeeding women',
    ])
    expect(contraindicationsIn('Immunosuppressed? Skip it.', [])).toEqual(['immunosuppressed'])
    expect(sectionKind('The Small Print')).toBe('safety')
  })
})

describe('limits told in a feature’s quotes', () => {
  it('reads "wouldn’t go past", "never more than ... at once" and "safe up to" as limits', () => {
    const quote = '"I wouldn\'t go past 450 milligrams," the herbalist says.'
    expect(statesRisk(quote)).toBe(true)
    expect(limitsOf(quote)).toEqual([expect.objectContaining({amount: 450, unit: 'mg'})])
    expect(limitsOf('"Never more than two hundred milligrams at once," she says.')).toEqual([
      expect.objectContaining({amount: 200, unit: 'mg', per: 'dose'}),
    ])
    expect(statesRisk('Safe up to 250 mg per day for adults.')).toBe(true)
    // A study's "up to" stays no statement of its own.
    expect(statesRisk('Trials used up to 2 g a day.')).toBe(false)
  })
})

describe('interactions told as a story or in shop talk', () => {
  it('keeps every such sentence as a warning, and reads the medicine where it can', () => {
    for (const sentence of [
      'It is a no-go with lithium.',
      'Your doctor may need to adjust your levothyroxine.',
      'It can make your heart medicine work too well.',
      'Ask before using it alongside fluoxetine.',
    ])
      expect(statesRisk(sentence), sentence).toBe(true)
    expect(substancesOf('Not a good idea with alcohol.')).toEqual(['alcohol'])
    expect(substancesOf('Your doctor may need to adjust your levothyroxine.')).toEqual([
      'levothyroxine',
    ])
    // A nutrient in "your" body is still a level, not something taken.
    expect(substancesOf('It can raise your potassium.')).toEqual([])
    expect(substancesOf('His cardiologist took him off it because of his digoxin.')).toEqual([
      'digoxin',
    ])
    expect(
      substancesOf('She dropped the capsules when she started on citalopram, on her GP’s advice.'),
    ).toEqual(['citalopram'])
    expect(
      substancesOf('The root and the blood thinner together sent him to the emergency room.'),
    ).toEqual(['blood thinner'])
  })
})

describe('a feature’s story lede and a product’s form', () => {
  const nameOf = (lines: string[]) =>
    (
      planImport(article(lines), {sourceFile: 'x.txt'}).documents as Array<Record<string, any>>
    ).find((d) => d._type === 'supplementContent.supplement')?.name

  it('names the supplement from the line after a story lede, and a product without its form', () => {
    expect(
      nameOf([
        '"I Never Thought a Herb Could Do That": A Runner’s Story',
        'Joe Baker, fifty, took the capsules for his heart for a year.',
        'Hawthorn (Crataegus) is a thorny shrub whose berries are dried for tea and capsules.',
        'Benefits',
        'Stronger heartbeat: hawthorn may help in mild heart failure.',
        'Hawthorn berries are also rich in flavonoids.',
      ]),
    ).toBe('Hawthorn')
    expect(
      nameOf([
        'Hawthorn Gummies (250 mg) — Heart Support',
        'Two gummies a day. 60 per jar.',
        'Benefits',
        'Steadier heartbeat: it may calm a fluttering heart.',
      ]),
    ).toBe('Hawthorn')
  })

  it('reads "a concern for people on" a medicine in an aside, and yellow skin as a risk', () => {
    expect(
      substancesOf('It can also lower blood pressure (a concern for people on amlodipine).'),
    ).toEqual(['amlodipine'])
    expect(statesRisk('Then his eyes turned yellow.')).toBe(true)
    expect(statesRisk('Her doctor traced the jaundice to the capsules.')).toBe(true)
  })
})

describe('groups asked about in an FAQ and conditions that share no head', () => {
  it('reads "What if I’m pregnant?" as pregnant women and keeps gallstones whole', () => {
    expect(contraindicationsIn("What if I'm breastfeeding? Please don't.", [])).toEqual([
      'breastfeeding women',
    ])
    expect(contraindicationsIn('Avoid it if you have gallstones or heart disease.', [])).toEqual([
      'people with gallstones',
      'people with heart disease',
    ])
  })
})

describe('a health-service fact sheet', () => {
  const parsed = parseArticle(
    article([
      'Copper: Fact Sheet for the Public',
      'Copper is a trace mineral the body uses to make red blood cells and connective tissue.',
      '1. Where does copper come from?',
      'Shellfish, nuts and seeds are rich in it.',
      '2. Is copper harmful?',
      'Copper is harmful in large amounts, and the liver is the first organ to suffer.',
      'Age group | Maximum from tablets each day',
      'Children 1 to 3 years | 1 mg (1,000 mcg)',
      'Adults, including older adults and nursing mothers | 10 mg',
      '3. Can copper interact with my medicines?',
      'Some can. Let your pharmacist know if you use:',
      '1. Penicillamine, which removes copper from the body.',
      '2. Zinc tablets, which lower the copper you absorb.',
    ]),
    'c.txt',
  )
  const warnings = warningClaims(parsed)

  it('reads a numbered question or topic as a heading, not a numbered item after a lead', () => {
    expect(parsed.sections.map((s) => s.heading.text)).toEqual([
      'Where does copper come from?',
      'Is copper harmful?',
      'Can copper interact with my medicines?',
    ])
    expect(parsed.sections[2].items.map((i) => i.text)).toEqual([
      'Penicillamine, which removes copper from the body.',
      'Zinc tablets, which lower the copper you absorb.',
    ])
    expect(sectionKind('Is it harmful?')).toBe('safety')
  })

  it('keeps "1. Travellers" and "2. Shift workers" items when the numbering runs on', () => {
    const list = parseArticle(
      article([
        'Copper Guide',
        INTRO,
        'Who Benefits',
        '1. Older adults',
        '2. Which groups gain most?',
      ]),
      'l.txt',
    )
    expect(list.sections.map((s) => s.heading.text)).toEqual(['Who Benefits'])
  })

  it('reads a header of five words and a group with "including" as the limit’s own group', () => {
    const limits = warnings.flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))
    expect(limits.map((l) => [l.amount, l.unit, l.population])).toEqual([
      [1, 'mg', 'children 1 to 3 years'],
      [1000, 'mcg', 'children 1 to 3 years'],
      [10, 'mg', 'adults'],
    ])
    expect(warnings.some((w) => /^Age group/.test(w.text))).toBe(false)
  })
})

describe('a fact sheet’s groups, effects and dosage question', () => {
  it('reads a labelled group told to use only its own products, or to keep them out of reach', () => {
    expect(
      contraindicationsIn(
        'Teenagers: Use only the junior tablets, and keep the adult tins out of their reach.',
        [],
        true,
      ),
    ).toEqual(['teenagers'])
  })

  it('reads what "builds up" as the effect, and a group after "including" as no effect', () => {
    expect(sideEffectsIn('Large doses can cause copper to build up in the liver.')).toContain(
      'copper build-up',
    )
    expect(sideEffectsIn('Adults, including nursing mothers | 8 mg (8,000 mcg)')).toEqual([])
  })

  it('reads "How much zinc do I need?" as a dosage heading', () => {
    expect(isDosageHeading('How much zinc do I need?')).toBe(true)
    expect(isDosageHeading('How much iron should I take?')).toBe(true)
  })
})

describe('advice on choosing and a prescribed dose', () => {
  it('reads "ask your nurse which product is right for you" as no risk', () => {
    expect(statesRisk('Ask your nurse which iron product is right for you.')).toBe(false)
    expect(
      statesRisk('Ask your pharmacist which brand is best for you if you take warfarin.'),
    ).toBe(true)
    expect(statesRisk('Ask your doctor before you give it to a child.')).toBe(true)
  })

  it('reads a dose a doctor may prescribe, under a dosage question, as no statement', () => {
    const warnings = warningClaims(
      parseArticle(
        article([
          'Hawthorn Facts',
          INTRO,
          'How much hawthorn do I need?',
          'To treat a shortage, your doctor may prescribe 900 mg a day for 12 weeks.',
          'Do not take more than 1,800 mg a day.',
        ]),
        'p.txt',
      ),
    )
    expect(warnings.map((w) => w.text)).toEqual(['Do not take more than 1,800 mg a day.'])
  })
})

describe('a sentence that points back at the medicines before it', () => {
  it('reads "These drugs can ..." as an interaction with the medicines of its item', () => {
    const warnings = warningClaims(
      parseArticle(
        article([
          'Hawthorn Facts',
          INTRO,
          'Medicines and hawthorn',
          'Tell your pharmacist if you use:',
          '- Sotalol or amiodarone, for an uneven heartbeat. These drugs can add to its effect.',
        ]),
        'd.txt',
      ),
    )
    expect(
      warnings
        .filter((w) => w.text === 'These drugs can add to its effect.')
        .map((w) => [w.kind, w.interactingSubstances]),
    ).toEqual([['drugInteraction', ['sotalol', 'amiodarone']]])
  })
})

describe('a listicle: numbered headings that are statements', () => {
  const listicle = article([
    '5 Things Nobody Tells You About Hawthorn',
    INTRO,
    '1. It Is an Old Heart Remedy',
    'Healers in Europe gave the berries for a weak heart for centuries.',
    '2. The Trials Are Small',
    'Extracts eased breathlessness in mild heart failure in a few trials.',
    '3. It Can Work Against Your Heart Pills',
    'It can clash with heart rhythm drugs. Taken alongside digoxin or beta-blockers, it may slow the pulse too much.',
    '4. Nausea Happens',
    'Some people get nausea or dizziness in the first week.',
    '5. Start Low',
    'Studies used 300 to 900 mg of extract a day.',
  ])

  it('reads each numbered line over prose as a heading, whatever its words', () => {
    const parsed = parseArticle(listicle, 'h.txt')
    expect(parsed.sections.map((s) => s.heading.text)).toEqual([
      'It Is an Old Heart Remedy',
      'The Trials Are Small',
      'It Can Work Against Your Heart Pills',
      'Nausea Happens',
      'Start Low',
    ])
  })

  it('warns of the interactions under a heading that names no kind of section', () => {
    const warnings = (
      planImport(listicle, {sourceFile: 'h.txt'}).documents as Array<Record<string, any>>
    ).filter((d) => d._type === 'supplementContent.warning')
    const substances = warnings.flatMap((w) => (w.interactingSubstances ?? []) as string[])
    expect(substances).toEqual(expect.arrayContaining(['digoxin', 'beta-blockers']))
    expect(warnings.some((w) => /clash with heart rhythm drugs/.test(JSON.stringify(w)))).toBe(true)
  })

  it('keeps a numbered list of groups, with no prose under each, a list', () => {
    const parsed = parseArticle(
      article([
        'Hawthorn for the Heart',
        INTRO,
        'Who should avoid it:',
        '1. People on digoxin',
        '2. Pregnant women',
        '3. Children under 12',
        'Talk to your doctor first.',
      ]),
      'h.txt',
    )
    expect(parsed.sections.map((s) => s.heading.text)).not.toContain('Pregnant women')
  })
})
