/**
 * The local content lake as a library: an API-compatible Sanity backend on 127.0.0.1 that the real
 * `@sanity/client`, CLI and Studio talk to, for any project that wants to work offline. The
 * `supplement-lake` command serves it; the Studio signs in to it with `sanity-plugin-supplement-content/lake/studio`.
 */
export {startLake, type LakeOptions, type RunningLake} from './server.ts'
export {lakeSettings, type LakeSettings} from '../scripts/lib/env.ts'
