export {checkMedicalWebPage, supplementJsonLd, type JsonLdOptions} from './jsonld.ts'
export {renderSupplementPage, type RenderOptions} from './page.ts'
export {portableTextToHtml, type PortableTextBlock} from './portable-text.ts'
export type {SupplementPage} from './types.ts'
