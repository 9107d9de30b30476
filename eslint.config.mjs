import studio from '@sanity/eslint-config-studio'

export default [
  {ignores: ['node_modules/', 'dist/', '.lake/', '.sanity/', 'schemas/sanity.types.ts']},
  ...studio,
]
