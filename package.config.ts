import {defineConfig} from '@sanity/pkg-utils'

const COMMANDS = ['scripts/import/cli.ts', 'lake/cli.ts']

/**
 * `npm run build`: the package adopters install. Entries are the `exports` in package.json (the
 * Studio plugin, the site layer, the importer, the local lake and its Studio sign-in); the two
 * commands of `bin` and the lake's query worker are bundled beside them.
 */
export default defineConfig({
  src: '.',
  dist: 'dist',
  tsconfig: 'tsconfig.dist.json',
  bundles: [
    {source: './scripts/import/cli.ts', import: './dist/cli/import.js', runtime: 'node'},
    {source: './lake/cli.ts', import: './dist/cli/lake.js', runtime: 'node'},
    // Started by the lake's query pool as a worker thread, by file.
    {source: './lake/query-worker.ts', import: './dist/lake/query-worker.js', runtime: 'node'},
  ],
  babel: {styledComponents: false},
  rollup: {
    plugins: [
      {
        // npm links `bin` files as executables; they need the interpreter line.
        name: 'command-shebang',
        renderChunk(code, chunk) {
          const command = COMMANDS.some((file) => chunk.facadeModuleId?.endsWith(file))
          return command ? {code: `#!/usr/bin/env node\n${code}`, map: null} : null
        },
      },
    ],
  },
  extract: {
    rules: {
      // The public API is what each entry exports; TSDoc release tags are not used here.
      'ae-missing-release-tag': 'off',
      'ae-internal-missing-underscore': 'off',
    },
  },
})
