import {describe, expect, it} from 'vitest'

import {planImport} from '../../scripts/import/index.ts'
import {parseArticle} from '../../scripts/import/parse.ts'
import {
  type SafetyStatement,
  statesRisk,
  warningClaims,
  warningsOfStatement,
} from '../../scripts/import/safety.ts'
import {sectionKind} from '../../scripts/import/sections.ts'
import {splitSentences} from '../../scripts/import/text.ts'

type Doc = Record<string, any> & {_id: string; _type: string}

/** Sentences written for these tests, in the ways authors state safety (not from any fixture). */
const read = (sentence: string, name = 'Glucosamine') =>
  warningsOfStatement({sentence, line: 1, inSafetySection: true} as SafetyStatement, name, [name])
const substancesOf = (sentence: string, name?: string) =>
  read(sentence, name).flatMap((w) => w.interactingSubstances ?? [])
const limitsOf = (sentence: string, name?: string) =>
  read(sentence, name).flatMap((w) => (w.doseLimit ? [w.doseLimit] : []))
const populationsOf = (sentence: string) => read(sentence).flatMap((w) => w.population ?? [])

/** An article of the template around the given sections and summary blocks. */
function article(parts: {
  title?: string
  intro?: string
  sections: Array<[string, string[]]>
  blocks?: Array<[string, string[]]>
}): string {
  return [
    parts.title ?? 'Glucosamine: What the Research Shows',
    parts.intro ??
      'Glucosamine is a compound found in cartilage. Supplements are made from shellfish.',
    ...parts.sections.flatMap(([heading, lines]) => [heading, ...lines]),
    ...(parts.blocks ?? []).flatMap(([lead, items]) => ['-', lead, ...items]),
    'Works Cited',
    'Glucosamine - Mayo Clinic, accessed May 2, 2025, https://www.mayoclinic.org/glucosamine',
    'Glucosamine sulfate for osteoarthritis, accessed May 2, 2025, https://pubmed.ncbi.nlm.nih.gov/123456/',
    'Content Disclaimer',
    'This article is for information only.',
  ].join('\n')
}

describe('sentences', () => {
  it.each([
    ["Do not use St. John's wort if you are breastfeeding. It can cause dry mouth.", 2],
    ['Dr. Patel suggests approx. 1.5 g a day, i.e. three capsules. Take them with food.', 2],
    ['Avoid it with anticoagulants, e.g. warfarin, vs. taking it alone. Ask first.', 2],
    ['The U.S. limit is 2.5 mg. Children need less.', 2],
  ])('"%s" has %i sentences', (text, count) => {
    expect(splitSentences(text)).toHaveLength(count)
  })
})

describe('headings', () => {
  it.each([
    ['Side Effects, Interactions and Who Should Skip It', 'safety'],
    ['Who Should Avoid Glucosamine?', 'safety'],
    ['Things to Watch Out For', 'safety'],
    ['Precautions for People on Medication', 'safety'],
    ['Who Might Benefit?', 'audience'],
    ['Is Glucosamine Right for You?', 'audience'],
  ])('"%s" is a %s section', (heading, kind) => {
    expect(sectionKind(heading)).toBe(kind)
  })
})

describe('interacting substances', () => {
  it.each([
    [
      'It can interact with several drugs. These include tamoxifen, simvastatin and oral contraceptives.',
      ['tamoxifen', 'simvastatin', 'oral contraceptives'],
    ],
    [
      'If you take a blood thinner such as apixaban or a seizure medicine like lamotrigine, ask your pharmacist first.',
      ['blood thinner', 'apixaban', 'seizure medicine', 'lamotrigine'],
    ],
    [
      'It may add to the effects of other sedatives, including clonazepam, zaleplon and alcohol.',
      ['sedatives', 'clonazepam', 'zaleplon', 'alcohol'],
    ],
    [
      'If you are on a loop diuretic like furosemide, your potassium can drop.',
      ['loop diuretic', 'furosemide'],
    ],
    ['Rifampin can blunt its effect.', ['rifampin']],
    [
      'If you are taking any antiplatelet medication, speak with your doctor before starting it.',
      ['antiplatelet medication'],
    ],
    ['It is a mild sleep aid, but do not mix it with sedatives.', ['sedatives']],
    ['Taken with Eliquis or Xarelto, it may raise the risk of bruising.', ['Eliquis', 'Xarelto']],
    [
      'Acarbose (Precose) and other diabetes drugs may lower blood sugar further.',
      ['acarbose', 'Precose', 'diabetes drugs'],
    ],
  ])('%s', (sentence, expected) => {
    expect(substancesOf(sentence)).toEqual(expected)
  })

  it('never names the supplement itself, a disease or a body level', () => {
    expect(
      substancesOf(
        'Licorice can interact with digoxin in people with Addison’s disease.',
        'Licorice',
      ),
    ).toEqual(['digoxin'])
    expect(substancesOf('Zinc supplements interfere with penicillamine.', 'Zinc')).toEqual([
      'penicillamine',
    ])
    expect(
      substancesOf('It can raise blood calcium when combined with thiazides.', 'Vitamin D'),
    ).toEqual(['thiazides'])
    expect(substancesOf('It may change insulin release in people with diabetes.')).toEqual([])
  })
})

describe('dose limits', () => {
  it('binds each limit to the nutrient and population it is stated for', () => {
    expect(limitsOf('Trials used 2 to 6 g daily, and adults should not exceed 8 g a day.')).toEqual(
      [expect.objectContaining({amount: 8, unit: 'g', per: 'day', population: 'adults'})],
    )
    expect(
      limitsOf('For folic acid, adults should not exceed 1,000 mcg a day.', 'Vitamin B12')[0],
    ).toMatchObject({amount: 1000, unit: 'mcg', nutrient: 'folic acid', population: 'adults'})
    expect(
      limitsOf('The tolerable upper intake level for vitamin D is 100 mcg a day.', 'Calcium')[0],
    ).toMatchObject({amount: 100, unit: 'mcg', nutrient: 'vitamin D'})
    expect(
      limitsOf(
        'The upper limit is 45 mg a day for adults and 40 mg a day for children aged 1-13.',
        'Iron',
      ),
    ).toMatchObject([
      {amount: 45, population: 'adults', nutrient: 'Iron'},
      {amount: 40, population: 'children aged 1-13', nutrient: 'Iron'},
    ])
  })

  it('carries a limit into the clause that continues it, and to its equivalent in another unit', () => {
    expect(
      limitsOf(
        'The UL for adults is 1,000 mg of alpha-tocopherol a day, which equals 1,500 IU; for children aged 9 to 13 it is 600 mg.',
        'Vitamin E',
      ),
    ).toMatchObject([
      {amount: 1000, unit: 'mg', population: 'adults', nutrient: 'alpha-tocopherol'},
      {amount: 1500, unit: 'IU', population: 'adults'},
      {amount: 600, unit: 'mg', population: 'children aged 9 to 13'},
    ])
  })

  it('stores a limit per kg of body weight as such', () => {
    expect(limitsOf('Do not take more than 0.2 g per kg of body weight per day.')).toEqual([
      expect.objectContaining({amount: 0.2, unit: 'g', per: 'day', perKg: true}),
    ])
    expect(limitsOf('Keep intake below 5 mg/kg a day.')[0]).toMatchObject({perKg: true, amount: 5})
  })

  it('reads typical ranges, study doses and "no upper limit" as no limit', () => {
    expect(limitsOf('Most people take 500 to 1,500 mg a day.')).toEqual([])
    expect(limitsOf('Doses up to 10 g have been used in short studies.')).toEqual([])
    expect(limitsOf('There is no established upper limit for vitamin K.')).toEqual([])
    expect(limitsOf('Some tablets contain more than 2 g, which should be avoided.')).toEqual([])
  })
})

describe('one warning per thing stated', () => {
  it('gives each group its own contraindication', () => {
    expect(
      populationsOf('Children and teenagers, and people with epilepsy should avoid it.'),
    ).toEqual(['children', 'teenagers', 'people with epilepsy'])
    expect(populationsOf('Do not use it if you have gallstones or a shellfish allergy.')).toEqual([
      'people with gallstones or a shellfish allergy',
    ])
  })

  it('reads groups named by a state or an age, and conditions people have', () => {
    expect(
      populationsOf(
        'Not recommended during pregnancy or while breastfeeding, and not for children.',
      ),
    ).toEqual(['pregnant women', 'breastfeeding women', 'children'])
    const warnings = read('Check with your doctor if you have a bleeding disorder or lupus.')
    expect(warnings.map((w) => w.kind)).toEqual(['contraindication'])
  })

  it('lists each effect, without "usually mild" or "include"', () => {
    const [warning] = read(
      'Side effects are usually mild and include heartburn, drowsiness and dry mouth.',
    )
    expect(warning.effects).toEqual(['heartburn', 'drowsiness', 'dry mouth'])
  })

  it('keeps a limit, an interaction and who should avoid it from one sentence apart', () => {
    const kinds = read(
      'Adults should not take more than 1,500 mg a day, and people with a shellfish allergy should avoid it because it may interact with warfarin.',
    ).map((w) => w.kind)
    expect(kinds).toEqual(['doseLimit', 'drugInteraction', 'contraindication'])
  })

  it('keeps what it cannot classify as a general warning marked for review', () => {
    const [warning] = read('Quality varies a lot between brands.')
    expect(warning).toMatchObject({kind: 'general', needsReview: true})
  })

  it('gives every warning of one sentence its own id', () => {
    const text = article({
      sections: [
        ['Safety', ['Children, pregnant women and people with diabetes should not take it.']],
      ],
    })
    const warnings = (planImport(text, {sourceFile: 'g.txt'}).documents as Doc[]).filter(
      (d) => d._type === 'supplementContent.warning',
    )
    expect(warnings.map((w) => w.population)).toEqual([
      'children',
      'pregnant women',
      'people with diabetes',
    ])
    expect(new Set(warnings.map((w) => w._id)).size).toBe(3)
  })
})

describe('statements outside the safety section and in lists', () => {
  it('reads a risk inside a benefit item and a "not a good fit for:" block', () => {
    const parsed = parseArticle(
      article({
        sections: [
          [
            'Benefits',
            [
              '• Joint Comfort – It may ease knee pain, but avoid it if you are allergic to shellfish.',
            ],
          ],
          ['Risks', ['Most people tolerate it well.']],
        ],
        blocks: [['It is not a good fit for:', ['People with asthma', 'Anyone taking warfarin']]],
      }),
      'g.txt',
    )
    const warnings = warningClaims(parsed)
    expect(warnings.map((w) => w.kind)).toEqual([
      'contraindication',
      'general',
      'contraindication',
      'drugInteraction',
    ])
    expect(warnings[0].population).toBe('allergic to shellfish')
    expect(warnings[3].interactingSubstances).toEqual(['warfarin'])
    expect(parsed.summaryBlocks[0].kind).toBe('safety')
  })

  it('keeps list markers out of titles and keeps long items', () => {
    const text = article({
      sections: [
        [
          'Benefits',
          [
            '• Joint Comfort – It eased knee pain in trials.',
            '* Cartilage Support – It is a building block of cartilage, and in several long trials that followed older adults for three years it slowed the narrowing of the joint space.',
          ],
        ],
        ['Who Might Benefit?', ['1. Older adults with knee pain', '2) Runners with sore joints']],
      ],
    })
    const documents = planImport(text, {sourceFile: 'g.txt'}).documents as Doc[]
    expect(
      documents.filter((d) => d._type === 'supplementContent.benefit').map((d) => d.title),
    ).toEqual(['Joint Comfort', 'Cartilage Support'])
    expect(
      documents.filter((d) => d._type === 'supplementContent.audience').map((d) => d.name),
    ).toEqual(['Older adults with knee pain', 'Runners with sore joints'])
  })
})

describe('the supplement name', () => {
  it.each([
    [
      'Vitamin K2 Explained: Bones, Arteries and Blood Clotting',
      'Vitamin K2 is a fat-soluble vitamin. Vitamin K2 comes from natto and cheese.',
      'Vitamin K2',
    ],
    [
      'The Sunshine Vitamin: Why Most of Us Need More',
      'Vitamin D is a hormone-like vitamin. Vitamin D is made in sunlit skin.',
      'Vitamin D',
    ],
    [
      'Sleep Better Tonight: A Guide',
      'Glycine (an amino acid) is a small molecule. Glycine calms the brain, and glycine is cheap.',
      'Glycine',
    ],
  ])('"%s" is about %s', (title, intro, name) => {
    const parsed = parseArticle(
      article({title, intro, sections: [['Safety', ['It is safe.']]]}),
      'n.txt',
    )
    expect(parsed.name).toBe(name)
  })
})

/** Warnings of one sentence read as a block item completing its lead ("Skip it if you:"). */
const readItem = (item: string, lead: string, name = 'Glucosamine') =>
  warningsOfStatement(
    {sentence: item, line: 1, inSafetySection: true, item: true, lead} as SafetyStatement,
    name,
    [name],
  )
const effectsOf = (sentence: string, name?: string) =>
  read(sentence, name).flatMap((w) => w.effects ?? [])

describe('co-mentions that are not interacting substances', () => {
  it.each([
    // Negated or protective context: the other name is what makes the combination safe.
    [
      'Quercetin may raise blood levels of cyclosporine unless it is given together with tacrolimus.',
      ['cyclosporine'],
    ],
    ['It can weaken the effect of levodopa taken without carbidopa or benserazide.', ['levodopa']],
    [
      'Avoid combining it with MAO inhibitors such as phenelzine, except selegiline patches at low doses.',
      ['MAO inhibitors', 'phenelzine'],
    ],
    ['Glucosamine is not known to interact with metformin or insulin.', []],
    ['It does not appear to affect the INR of people taking warfarin.', []],
    ['There are no known interactions with common painkillers such as naproxen.', []],
    ['Unlike ginkgo, glucosamine has not been shown to increase bleeding with clopidogrel.', []],
    ['It does not interact with ibuprofen, but it can raise levels of digoxin.', ['digoxin']],
    // Prohibitions stay warnings: "do not take it with" is not "does not interact with".
    ['Do not take it with lithium or without checking with your psychiatrist.', ['lithium']],
    ['Do not reduce your dose of lithium on your own while taking it.', ['lithium']],
    // A dose's source and a remedy are not medicines taken with the supplement.
    ['Toxic amounts usually come from doses in antacids or enemas, rarely from food.', []],
    ['Taking ibuprofen an hour before can ease it.', []],
    ['A low dose of aspirin taken first may prevent the flushing.', []],
    // A vague kind of medicine with no example is left for the editor to read.
    ['Some common heart and cholesterol drugs change how the body handles it.', []],
    // ...but a kind with examples, or a kind the sentence names plainly, is a substance.
    [
      'It may blunt certain cancer drugs, e.g. cisplatin, so tell your oncologist.',
      ['cancer drugs', 'cisplatin'],
    ],
    [
      'It may lower blood sugar, which matters if you use thyroid or diabetes medicines.',
      ['thyroid medicines', 'diabetes medicines'],
    ],
  ])('"%s" -> %j', (sentence, substances) => {
    expect(substancesOf(sentence)).toEqual(substances)
  })

  it('keeps a statement without a substance as a general warning for review', () => {
    const warnings = read('Glucosamine is not known to interact with metformin or insulin.')
    expect(warnings).toEqual([expect.objectContaining({kind: 'general', needsReview: true})])
  })
})

describe('effects', () => {
  it.each([
    [
      'Heavy use can cause peripheral neuropathy: burning feet and unsteady walking.',
      ['peripheral neuropathy', 'burning feet', 'unsteady walking'],
    ],
    ['A few users developed hives and joint pain within a week.', ['hives', 'joint pain']],
    ['Overdose is a common cause of acute kidney injury in older adults.', ['acute kidney injury']],
    ['Taken for years, large doses may damage the liver.', ['liver damage']],
  ])('"%s" -> %j', (sentence, effects) => {
    expect(effectsOf(sentence)).toEqual(expect.arrayContaining(effects))
  })

  it('an effect of the supplement alone is kept when a medicine sits in another clause', () => {
    const sentence =
      'It helps joints, but the small risk of pancreatitis means it should be stopped early, and never mixed with alcohol.'
    expect(effectsOf(sentence)).toEqual(['pancreatitis'])
    expect(substancesOf(sentence)).toEqual(['alcohol'])
  })

  it('an effect in the same clause as the medicine is what the combination does', () => {
    const sentence = 'It may increase the risk of bruising when combined with apixaban.'
    expect(effectsOf(sentence)).toEqual([])
    expect(substancesOf(sentence)).toEqual(['apixaban'])
  })
})

describe('limits for several groups', () => {
  it('goes on after "it is" and gives each group its own amount', () => {
    expect(
      limitsOf(
        'The upper limit is 2,000 mg a day for adults; it is 400 mg for children 1-3 years and 650 mg for children 4-8 years.',
      ).map((l) => [l.amount, l.population]),
    ).toEqual([
      [2000, 'adults'],
      [400, 'children 1-3 years'],
      [650, 'children 4-8 years'],
    ])
  })

  it('reads an elliptical limit after a comma and groups joined by "and"', () => {
    expect(
      limitsOf(
        'The limit from supplements is 40 mg a day for adults; for children 1-3 years it is 7 mg, and for children 4-8 years, 12 mg.',
      ).map((l) => [l.amount, l.population]),
    ).toEqual([
      [40, 'adults'],
      [7, 'children 1-3 years'],
      [12, 'children 4-8 years'],
    ])
    expect(
      limitsOf(
        'Adults and teenagers 16 and older should not take more than 25 mg a day, and children under 16 no more than 10 mg.',
      ).map((l) => [l.amount, l.population]),
    ).toEqual([
      [25, 'adults and teenagers 16 and older'],
      [10, 'children under 16'],
    ])
  })
})

describe('summary block items read with their lead', () => {
  it('a condition after "if you:" is the people who have it', () => {
    expect(readItem('Have gout', 'Do not take it if you:').map((w) => w.population)).toEqual([
      'people with gout',
    ])
    expect(readItem('Are breastfeeding', 'Skip it if you:').map((w) => w.population)).toEqual([
      'breastfeeding women',
    ])
  })

  it('a medicine after "if you take:" is an interaction, a protected one is not', () => {
    expect(
      readItem('Levodopa without benserazide', 'Ask your pharmacist first if you take:').flatMap(
        (w) => w.interactingSubstances ?? [],
      ),
    ).toEqual(['levodopa'])
  })

  it('a labelled group under a limit lead is the limit for that group', () => {
    expect(
      readItem('Teenagers 14-18 years: 800 mg a day', 'Maximum daily intake:').map((w) => [
        w.doseLimit?.amount,
        w.doseLimit?.population,
      ]),
    ).toEqual([[800, 'teenagers 14-18 years']])
  })

  it('a block led by "Skip it if you:" or "Upper limit:" is a safety block', () => {
    const parsed = parseArticle(
      article({
        sections: [['Risks', ['It may cause mild nausea.']]],
        blocks: [
          ['Skip it if you:', ['Are allergic to shellfish', 'Have asthma']],
          ['Upper limits:', ['Adults: 1,500 mg a day']],
        ],
      }),
      'g.txt',
    )
    expect(parsed.summaryBlocks.map((b) => b.kind)).toEqual(['safety', 'safety'])
  })
})

describe('limits that point back, constituents, risks named as nouns', () => {
  it('a dose that "that amount" points back at is the limit; a dose people took is not', () => {
    expect(
      limitsOf(
        'Liver problems were seen at 2 g of niacin a day or more, so keep intake under that level.',
      ).map((l) => [l.amount, l.unit, l.nutrient]),
    ).toEqual([[2, 'g', 'niacin']])
    expect(limitsOf('Some people who took 3 g or more a day developed flushing.')).toEqual([])
  })

  it('an acronym after "of" is what the limit counts', () => {
    expect(limitsOf('Do not take more than 3 g of GLA a day.').map((l) => l.nutrient)).toEqual([
      'GLA',
    ])
  })

  it("what the supplement itself contains is no interacting substance, a patient's medicine is", () => {
    expect(
      substancesOf('Its theophylline may add to the effects of stimulants such as modafinil.'),
    ).toEqual(['stimulants', 'modafinil'])
    expect(
      substancesOf('Transplant patients have rejected organs after their tacrolimus levels fell.'),
    ).toEqual(['tacrolimus'])
  })

  it('a risk named as a noun is a safety statement, a lowered risk is a benefit', () => {
    expect(statesRisk('Brewed coffee gives the same lift without the heart risk.')).toBe(true)
    expect(statesRisk('Regular use may cut heart attack risk.')).toBe(false)
  })
})

describe('groups under an audience heading', () => {
  it('reads a title-cased line that names people as a group, not as a heading of its own', () => {
    const documents = planImport(
      article({
        sections: [
          ['Who Might Consider It', ['Adults Over 50', 'People with Knee Pain', 'Athletes']],
          ['Side Effects', ['It can cause mild nausea.']],
        ],
      }),
      {sourceFile: 'g.txt'},
    ).documents as Doc[]
    expect(
      documents.filter((d) => d._type === 'supplementContent.audience').map((d) => d.name),
    ).toEqual(['Adults Over 50', 'People with Knee Pain', 'Athletes'])
  })
})
