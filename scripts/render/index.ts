export {checkMedicalWebPage, supplementJsonLd, type JsonLdOptions} from './jsonld.ts'
export {renderSupplementPage, type RenderOptions} from './page.ts'
export {renderIndexPage, renderSitemap} from './site-pages.ts'
export type {SupplementPage} from './types.ts'
