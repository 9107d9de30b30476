import {DOI_PATTERN} from '../../schemas/lib/validators.ts'
import type {SourceType} from '../../schemas/lib/vocabularies.ts'

/**
 * Known hosts by registrable name. A suffix match ("health.clevelandclinic.org" ends with
 * "clevelandclinic.org") covers sub-sites. Publishers are the names editors know the site by.
 */
const KNOWN_HOSTS: Record<string, {type: SourceType; publisher?: string}> = {
  'pubmed.ncbi.nlm.nih.gov': {type: 'peerReviewedJournal', publisher: 'PubMed'},
  'pmc.ncbi.nlm.nih.gov': {type: 'peerReviewedJournal', publisher: 'PMC'},
  'europepmc.org': {type: 'peerReviewedJournal', publisher: 'Europe PMC'},
  'ncbi.nlm.nih.gov': {type: 'government', publisher: 'NCBI'},
  'ods.od.nih.gov': {type: 'government', publisher: 'NIH Office of Dietary Supplements'},
  'medlineplus.gov': {type: 'government', publisher: 'MedlinePlus'},
  'nhs.uk': {type: 'government', publisher: 'NHS'},
  'who.int': {type: 'government', publisher: 'World Health Organization'},
  'efsa.europa.eu': {type: 'government', publisher: 'EFSA'},
  'mayoclinic.org': {type: 'clinicalInstitution', publisher: 'Mayo Clinic'},
  'clevelandclinic.org': {type: 'clinicalInstitution', publisher: 'Cleveland Clinic'},
  'mountsinai.org': {type: 'clinicalInstitution', publisher: 'Mount Sinai'},
  'hopkinsmedicine.org': {type: 'clinicalInstitution', publisher: 'Johns Hopkins Medicine'},
  'health.harvard.edu': {type: 'clinicalInstitution', publisher: 'Harvard Health'},
  'mskcc.org': {type: 'clinicalInstitution', publisher: 'Memorial Sloan Kettering'},
  'drugs.com': {type: 'drugDatabase', publisher: 'Drugs.com'},
  'drugbank.com': {type: 'drugDatabase', publisher: 'DrugBank'},
  'rxlist.com': {type: 'drugDatabase', publisher: 'RxList'},
  'examine.com': {type: 'drugDatabase', publisher: 'Examine'},
  'healthline.com': {type: 'consumerHealthMedia', publisher: 'Healthline'},
  'health.com': {type: 'consumerHealthMedia', publisher: 'Health'},
  'webmd.com': {type: 'consumerHealthMedia', publisher: 'WebMD'},
  'goodrx.com': {type: 'consumerHealthMedia', publisher: 'GoodRx'},
  'verywellhealth.com': {type: 'consumerHealthMedia', publisher: 'Verywell Health'},
  'medicalnewstoday.com': {type: 'consumerHealthMedia', publisher: 'Medical News Today'},
  'mdpi.com': {type: 'peerReviewedJournal', publisher: 'MDPI'},
  'frontiersin.org': {type: 'peerReviewedJournal', publisher: 'Frontiers'},
  'jacc.org': {type: 'peerReviewedJournal', publisher: 'JACC'},
  'bmj.com': {type: 'peerReviewedJournal', publisher: 'BMJ'},
  'ahajournals.org': {type: 'peerReviewedJournal', publisher: 'American Heart Association'},
  'ashpublications.org': {type: 'peerReviewedJournal', publisher: 'ASH Publications'},
  'nature.com': {type: 'peerReviewedJournal', publisher: 'Nature'},
  'sciencedirect.com': {type: 'peerReviewedJournal', publisher: 'ScienceDirect'},
  'springer.com': {type: 'peerReviewedJournal', publisher: 'Springer'},
  'wiley.com': {type: 'peerReviewedJournal', publisher: 'Wiley'},
  'tandfonline.com': {type: 'peerReviewedJournal', publisher: 'Taylor & Francis'},
  'taylorandfrancis.com': {type: 'peerReviewedJournal', publisher: 'Taylor & Francis'},
  'academic.oup.com': {type: 'peerReviewedJournal', publisher: 'Oxford Academic'},
  'jamanetwork.com': {type: 'peerReviewedJournal', publisher: 'JAMA Network'},
  'nejm.org': {type: 'peerReviewedJournal', publisher: 'NEJM'},
  'thelancet.com': {type: 'peerReviewedJournal', publisher: 'The Lancet'},
  'cochranelibrary.com': {type: 'peerReviewedJournal', publisher: 'Cochrane Library'},
  'researchgate.net': {type: 'peerReviewedJournal', publisher: 'ResearchGate'},
  'openaccessjournals.com': {type: 'peerReviewedJournal', publisher: 'Open Access Journals'},
  'rupahealth.com': {type: 'commercial', publisher: 'Rupa Health'},
  'ausnaturalcare.com.au': {type: 'commercial', publisher: 'Australian NaturalCare'},
  'algaecal.com': {type: 'commercial', publisher: 'AlgaeCal'},
  'melioguide.com': {type: 'commercial', publisher: 'MelioGuide'},
  'mailledevlin.com': {type: 'commercial', publisher: 'Dr. Maille Devlin'},
  'joinmidi.com': {type: 'commercial', publisher: 'Midi Health'},
  'mediq7.com': {type: 'commercial', publisher: 'MediQ7'},
}

function knownHost(host: string): {type: SourceType; publisher?: string} | undefined {
  const bare = host.replace(/^www\./, '')
  for (let name = bare; name.includes('.'); name = name.slice(name.indexOf('.') + 1)) {
    const known = KNOWN_HOSTS[name]
    if (known) return known
  }
  return undefined
}

/** The DOI in a publisher URL (`/doi/10.x/y`, `doi.org/10.x/y`, `/articles/10.x/y/full`). */
export function doiFromUrl(url: URL): string | undefined {
  const match = decodeURIComponent(url.pathname).match(/(10\.\d{4,9}\/[^\s?#]+)/)
  if (!match) return undefined
  const doi = match[1]
    .replace(/\/(full|abstract|pdf|epdf|fulltext|full-text|html|meta)\/?$/i, '')
    .replace(/[/.]+$/, '')
  return DOI_PATTERN.test(doi) ? doi : undefined
}

export function pmidFromUrl(url: URL): string | undefined {
  if (!/(^|\.)pubmed\.ncbi\.nlm\.nih\.gov$/.test(url.hostname)) return undefined
  return url.pathname.match(/^\/(\d{1,9})\/?$/)?.[1]
}

export function pmcidFromUrl(url: URL): string | undefined {
  if (!/(^|\.)(ncbi\.nlm\.nih\.gov|europepmc\.org)$/.test(url.hostname)) return undefined
  return url.pathname.match(/\/(PMC\d+)(\/|$)/i)?.[1].toUpperCase()
}

/**
 * Source type from the host alone, so it can be re-derived later (the back-fill migration uses
 * this). Unknown hosts stay unclassified for an editor rather than being guessed.
 */
export function sourceTypeForUrl(value: string): SourceType | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  const host = url.hostname.toLowerCase()
  if (host.endsWith('.ncbi.nlm.nih.gov') || host === 'ncbi.nlm.nih.gov') {
    if (pmcidFromUrl(url) || host.startsWith('pubmed.')) return 'peerReviewedJournal'
  }
  const known = knownHost(host)
  if (known) return known.type
  if (/\.(gov|mil)$|\.gov\.[a-z]{2}$|\.nhs\.uk$|\.europa\.eu$/.test(host)) return 'government'
  if (doiFromUrl(url) || /journal/.test(host)) return 'peerReviewedJournal'
  if (/\.edu$|\.ac\.[a-z]{2}$|clinic|hospital/.test(host)) return 'clinicalInstitution'
  return undefined
}

export function publisherForHost(host: string): string | undefined {
  return knownHost(host)?.publisher
}
