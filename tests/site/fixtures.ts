/**
 * A small, hand-made dataset of the content model: two supplements (one reviewed, one not), with
 * benefits, audiences, warnings and citations that overlap, so de-duplication and visibility show.
 */
type Doc = {_id: string; _type: string; [key: string]: unknown}

const ref = (id: string, key = id) => ({_type: 'reference', _ref: id, _key: key})

export const citations: Doc[] = [
  {
    _id: 'citation-ods',
    _type: 'supplementContent.citation',
    title: 'Vitamin D - Health Professional Fact Sheet',
    url: 'https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/',
    accessed: '2025-06-27',
    publisher: 'NIH Office of Dietary Supplements',
    sourceType: 'government',
  },
  {
    _id: 'citation-k2',
    _type: 'supplementContent.citation',
    title: 'Proper Calcium Use: Vitamin K2 as a Promoter of Bone and Cardiovascular Health',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC4566462/',
    alternateUrls: ['https://pubmed.ncbi.nlm.nih.gov/26770129/'],
    accessed: '2025-06-27',
    publisher: 'PMC',
    sourceType: 'peerReviewedJournal',
    issued: 2015,
    pmcid: 'PMC4566462',
    pmid: '26770129',
    doi: '10.1155/2015/782519',
  },
  {
    _id: 'citation-warfarin',
    _type: 'supplementContent.citation',
    title: 'Warfarin Drug Interactions - StatPearls',
    url: 'https://www.ncbi.nlm.nih.gov/books/NBK441964/',
    sourceType: 'drugDatabase',
  },
  {
    _id: 'citation-annotation-only',
    _type: 'supplementContent.citation',
    title: 'An annotation-only source',
    url: 'https://example.org/annotation',
    sourceType: 'clinicalInstitution',
  },
  {
    _id: 'citation-unreviewed',
    _type: 'supplementContent.citation',
    title: 'Cited only by an unreviewed page',
    url: 'https://example.org/unreviewed',
    sourceType: 'government',
  },
]

export const benefits: Doc[] = [
  {
    _id: 'benefit-bones',
    _type: 'supplementContent.benefit',
    title: 'Stronger bones',
    slug: {_type: 'slug', current: 'stronger-bones'},
    summary: 'Supports bone mineral density.',
    healthArea: 'bone',
    evidenceStrength: 'moderate',
    // citation-k2 is also in the works cited; citation-warfarin is not.
    citations: [ref('citation-k2'), ref('citation-warfarin')],
  },
  {
    _id: 'benefit-heart',
    _type: 'supplementContent.benefit',
    title: 'Heart health',
    slug: {_type: 'slug', current: 'heart-health'},
    summary: 'Helps keep calcium out of arteries.',
    healthArea: 'cardiovascular',
  },
  {
    _id: 'benefit-unreviewed',
    _type: 'supplementContent.benefit',
    title: 'Unreviewed bone claim',
    slug: {_type: 'slug', current: 'unreviewed-bone-claim'},
    summary: 'Only an unreviewed supplement claims this.',
    healthArea: 'bone',
  },
]

export const audiences: Doc[] = [
  {
    _id: 'audience-postmenopausal',
    _type: 'supplementContent.audience',
    name: 'Postmenopausal women',
    slug: {_type: 'slug', current: 'postmenopausal-women'},
    description: 'Concerned about osteoporosis.',
  },
]

export const warnings: Doc[] = [
  {
    _id: 'warning-upper-limit',
    _type: 'supplementContent.warning',
    title: 'Upper limit for vitamin D',
    kind: 'doseLimit',
    severity: 'caution',
    text: 'The tolerable upper limit for Vitamin D is 4,000 IU per day.',
    doseLimit: {
      _type: 'supplementContent.doseLimit',
      amount: 4000,
      unit: 'IU',
      per: 'day',
      population: 'adults',
    },
    citations: [ref('citation-ods')],
  },
  {
    _id: 'warning-warfarin',
    _type: 'supplementContent.warning',
    title: 'Interaction with warfarin',
    kind: 'drugInteraction',
    severity: 'serious',
    text: 'Vitamin K can interfere with blood-thinning medications like warfarin.',
    interactingSubstances: ['Warfarin (Coumadin)', 'anticoagulants'],
    citations: [ref('citation-warfarin')],
  },
  {
    _id: 'warning-pregnancy',
    _type: 'supplementContent.warning',
    title: 'Not recommended for pregnant women',
    kind: 'contraindication',
    severity: 'serious',
    text: 'Avoid high doses during pregnancy.',
    population: 'pregnant women',
    // Left from when an editor first filed this as a side effect; the field is hidden now.
    effects: ['nausea'],
  },
  {
    _id: 'warning-side-effects',
    _type: 'supplementContent.warning',
    title: 'Side effects: nausea, constipation',
    kind: 'sideEffect',
    severity: 'info',
    text: 'Some people notice nausea or constipation.',
    effects: ['nausea', 'constipation'],
    // Left from when an editor first filed this as a contraindication, then as an interaction
    // with a dose limit: every one of those fields is hidden now.
    population: 'adults',
    interactingSubstances: ['aspirin'],
    doseLimit: {_type: 'supplementContent.doseLimit', amount: 10, unit: 'mg', per: 'day'},
  },
]

export const reviewedSupplement: Doc = {
  _id: 'supplement-d3-k2',
  _type: 'supplementContent.supplement',
  name: 'Vitamin D3 & K2',
  slug: {_type: 'slug', current: 'vitamin-d3-k2'},
  headline: 'The Power of Two: Why Vitamin D3 and K2 Are Better Together',
  summary: 'Vitamin D3 absorbs calcium; K2 directs it.',
  ingredients: [
    {
      _type: 'supplementContent.ingredient',
      _key: 'd3',
      name: 'Vitamin D3',
      form: 'cholecalciferol',
    },
    {_type: 'supplementContent.ingredient', _key: 'k2', name: 'Vitamin K2', form: 'MK-7'},
  ],
  mechanism: [
    {
      _type: 'supplementContent.mechanismStep',
      _key: 'oc',
      target: 'Osteocalcin',
      effect: 'Directs calcium to bone.',
    },
  ],
  body: [
    {
      _type: 'block',
      _key: 'b1',
      style: 'normal',
      markDefs: [
        {
          _type: 'supplementContent.citationReference',
          _key: 'm1',
          citation: {_type: 'reference', _ref: 'citation-k2'},
        },
        {
          _type: 'supplementContent.citationReference',
          _key: 'm2',
          citation: {_type: 'reference', _ref: 'citation-annotation-only'},
        },
      ],
      children: [
        {_type: 'span', _key: 's1', text: 'Vitamin K2 acts like a traffic cop', marks: ['m1']},
        {_type: 'span', _key: 's2', text: ' for calcium.', marks: ['m2']},
      ],
    },
  ],
  takeaway: 'Together they help calcium go where it belongs.',
  disclaimer: 'Not medical advice.',
  benefits: [ref('benefit-bones'), ref('benefit-heart')],
  audiences: [ref('audience-postmenopausal')],
  warnings: [
    ref('warning-upper-limit'),
    ref('warning-warfarin'),
    ref('warning-pregnancy'),
    ref('warning-side-effects'),
  ],
  // Works cited order: ODS first, then K2.
  citations: [ref('citation-ods'), ref('citation-k2')],
  review: {
    _type: 'supplementContent.medicalReview',
    status: 'reviewed',
    reviewer: 'Dr. Jane Doe, MD',
    lastReviewed: '2025-07-01',
  },
}

export const unreviewedSupplement: Doc = {
  _id: 'supplement-unreviewed',
  _type: 'supplementContent.supplement',
  name: 'Another supplement',
  slug: {_type: 'slug', current: 'another-supplement'},
  disclaimer: 'Not medical advice.',
  benefits: [ref('benefit-unreviewed'), ref('benefit-bones')],
  audiences: [ref('audience-postmenopausal')],
  warnings: [ref('warning-warfarin')],
  citations: [ref('citation-unreviewed')],
  review: {_type: 'supplementContent.medicalReview', status: 'draft'},
}

/** Referenced documents first, so a lake that checks references accepts every create. */
export const fixtureDocuments: Doc[] = [
  ...citations,
  ...benefits,
  ...audiences,
  ...warnings,
  reviewedSupplement,
  unreviewedSupplement,
]
