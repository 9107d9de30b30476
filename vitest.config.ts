import {defineConfig} from 'vitest/config'

export default defineConfig({
  // tsconfig keeps JSX for Sanity's own bundler; tests that import Studio modules need it compiled.
  oxc: {jsx: {runtime: 'automatic'}},
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: lake, Studio and browser suites each start servers; running files two at a
    // time keeps them from starving one another.
    maxWorkers: 2,
    reporters: ['default', ['json', {outputFile: 'test-results/vitest.json'}]],
  },
})
