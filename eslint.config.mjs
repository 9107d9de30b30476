import studio from '@sanity/eslint-config-studio'

export default [
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.lake/',
      '.sanity/',
      'test-results/',
      'tests/artifacts/',
      'schemas/sanity.types.ts',
    ],
  },
  ...studio,
]
