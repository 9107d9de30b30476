export {supplementContent, type SupplementContentConfig} from './plugin.ts'
