import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'

import {localStudioAuth, seedLocalToken} from './studio/auth.ts'
import {supplementContent} from './studio/index.ts'

/**
 * One config, two backends, chosen by environment variables at build/dev time:
 * - local (default): the local content lake. `SANITY_STUDIO_API_HOST` is its TLS address
 *   (e.g. https://localhost:7443; the Studio calls https://local.localhost:7443) and
 *   `SANITY_STUDIO_LAKE_TOKEN` its token, which `npm start` passes so the editor is signed in.
 * - hosted: `SANITY_STUDIO_PROJECT_ID` set and no `SANITY_STUDIO_API_HOST`: Sanity's API with its
 *   normal login.
 */
const hostedProjectId = process.env.SANITY_STUDIO_PROJECT_ID
const apiHost = process.env.SANITY_STUDIO_API_HOST || undefined
const local = !hostedProjectId || Boolean(apiHost)
const projectId = hostedProjectId || 'local'
const dataset = process.env.SANITY_STUDIO_DATASET || 'production'

if (local) seedLocalToken(projectId, process.env.SANITY_STUDIO_LAKE_TOKEN)

export default defineConfig({
  name: 'default',
  title: local ? 'Supplement content (local)' : 'Supplement content',
  projectId,
  dataset,
  ...(local ? {apiHost: apiHost ?? 'https://localhost:7443', auth: localStudioAuth()} : {}),
  // A supplement is published by "Mark reviewed" only (with what it links, as approved); a
  // scheduled publish of its draft alone would bypass the review.
  scheduledDrafts: {enabled: false},
  plugins: [
    supplementContent(),
    // The GROQ playground: always against the local lake, and in `sanity dev` for hosted projects.
    ...(local || process.env.NODE_ENV !== 'production'
      ? [visionTool({defaultApiVersion: '2025-02-19', defaultDataset: dataset})]
      : []),
  ],
})
