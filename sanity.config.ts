import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'

import {supplementContent} from './studio/index.ts'

const projectId = process.env.SANITY_STUDIO_PROJECT_ID || 'local'
const dataset = process.env.SANITY_STUDIO_DATASET || 'production'

export default defineConfig({
  name: 'default',
  title: 'Supplement content',
  projectId,
  dataset,
  plugins: [structureTool(), supplementContent(), visionTool()],
})
