/**
 * Fails when the committed schema extract or query types are stale, so a schema change that
 * alters what a query returns cannot land without regenerated (and type-checked) types.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'

const GENERATED = ['schemas/schema.json', 'schemas/sanity.types.ts']

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

const before = GENERATED.map(read)
execFileSync('npm', ['run', '--silent', 'typegen'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {...process.env, DO_NOT_TRACK: '1'},
})
const stale = GENERATED.filter((path, index) => read(path) !== before[index])

if (stale.length > 0) {
  console.error(
    `Generated files were out of date: ${stale.join(', ')}.\n` +
      'They have been regenerated; review and commit them (npm run typegen).',
  )
  process.exit(1)
}
console.log('typegen: schema extract and query types are up to date')
