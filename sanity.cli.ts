import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.SANITY_STUDIO_PROJECT_ID || process.env.SANITY_PROJECT_ID || 'local',
    dataset: process.env.SANITY_STUDIO_DATASET || process.env.SANITY_DATASET || 'production',
  },
  // The Studio ships with the project's pinned `sanity`, never a newer one from Sanity's module
  // CDN: offline that CDN is unreachable, and the lake is tested against this version.
  deployment: {autoUpdates: false},
  typegen: {
    path: './{schemas,studio,scripts}/**/*.{ts,tsx}',
    schema: './schemas/schema.json',
    generates: './schemas/sanity.types.ts',
    overloadClientMethods: true,
  },
})
