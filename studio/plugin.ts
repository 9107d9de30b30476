import {definePlugin} from 'sanity'

import {schemaTypes} from '../schemas/index.ts'

export interface SupplementContentConfig {
  /** Reserved for later options; the plugin works with none. */
  [key: string]: never
}

/**
 * The supplement content model as one Studio plugin:
 * `plugins: [supplementContent()]` in any studio's `defineConfig`.
 */
export const supplementContent = definePlugin<SupplementContentConfig | void>(() => ({
  name: 'sanity-plugin-supplement-content',
  schema: {types: schemaTypes},
}))
