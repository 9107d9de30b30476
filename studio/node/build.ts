import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import {delimiter, dirname, join, relative, resolve} from 'node:path'

/** Environment that decides which backend a Studio build talks to. */
export interface StudioBuildEnv {
  /** e.g. https://localhost:7443; the Studio calls https://local.localhost:7443. */
  SANITY_STUDIO_API_HOST?: string
  /** The local lake's token, so the single local editor is signed in without a login screen. */
  SANITY_STUDIO_LAKE_TOKEN?: string
  SANITY_STUDIO_PROJECT_ID?: string
  SANITY_STUDIO_DATASET?: string
}

const ROOT = resolve(import.meta.dirname, '../..')
const INPUTS = ['studio', 'schemas', 'sanity.config.ts', 'sanity.cli.ts', 'package-lock.json']

function listFiles(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, {withFileTypes: true})
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .flatMap((entry) => listFiles(join(path, entry.name)))
    .sort()
}

/** A hash of everything a Studio build depends on, so an unchanged build is reused. */
export function studioBuildKey(env: StudioBuildEnv): string {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap((input) => listFiles(join(ROOT, input)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  hash.update(JSON.stringify(env))
  return hash.digest('hex').slice(0, 16)
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe']})
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', fail)
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} failed:\n${output}`)),
    )
  })
}

/**
 * `sanity build` always adds Sanity's dashboard bridge (a script from core.sanity-cdn.com that talks
 * to the hosted dashboard around an embedded Studio) and has no option to leave it out. A Studio
 * built for the local lake is never embedded there, and offline the script only fails to load.
 */
export function withoutDashboardBridge(indexHtml: string): void {
  const html = readFileSync(indexHtml, 'utf8')
  const stripped = html.replace(/<script\b[^>]*\bdata-sanity-core\b[^>]*><\/script>\s*/g, '')
  if (stripped !== html) writeFileSync(indexHtml, stripped)
}

/**
 * `sanity build` for the given backend into `.sanity/studio-builds/<key>`, or the existing build
 * when nothing it depends on changed. Returns the output folder.
 */
export async function buildStudio(
  env: StudioBuildEnv,
  options: {cacheDir?: string; force?: boolean} = {},
): Promise<{dir: string; cached: boolean; ms: number}> {
  const cacheDir = resolve(options.cacheDir ?? join(ROOT, '.sanity/studio-builds'))
  const dir = join(cacheDir, studioBuildKey(env))
  if (!options.force && existsSync(join(dir, 'index.html'))) return {dir, cached: true, ms: 0}
  const started = performance.now()
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, {recursive: true, force: true})
  // The CLI's `#!/usr/bin/env node` must find this Node (22), not an older one first on PATH.
  const buildEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  }
  // Only the variables given here decide the backend, never ones left in the shell.
  for (const key of [
    'SANITY_STUDIO_API_HOST',
    'SANITY_STUDIO_LAKE_TOKEN',
    'SANITY_STUDIO_PROJECT_ID',
  ]) {
    if (!(key in env)) delete buildEnv[key]
  }
  // The CLI reports usage to Sanity unless told not to; a local build stays local.
  if (env.SANITY_STUDIO_API_HOST) buildEnv.DO_NOT_TRACK = '1'
  const sanity = join(ROOT, 'node_modules/.bin/sanity')
  await run(sanity, ['build', tmp, '--yes', '--no-auto-updates'], buildEnv)
  if (env.SANITY_STUDIO_API_HOST) withoutDashboardBridge(join(tmp, 'index.html'))
  rmSync(dir, {recursive: true, force: true})
  renameSync(tmp, dir)
  return {dir, cached: false, ms: Math.round(performance.now() - started)}
}
