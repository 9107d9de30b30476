import {execFile} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, dirname, join, resolve} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

/**
 * The package as an adopter gets it: `npm pack` (which builds it through `prepack`), the packed file
 * list, and the tarball installed into a scratch copy of `tests/fixtures/adopting-studio`, a studio
 * with `citation`, `warning` and `audience` types of its own. Offline: the scratch studio's
 * `node_modules` links this repository's packages (the same versions its lockfile pins, peers
 * included) and the tarball is unpacked beside them as `npm install <tarball>` would.
 */
const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')
const NAME = 'sanity-plugin-supplement-content'
const FIXTURE = join(ROOT, 'tests/fixtures/adopting-studio')
const SEED = join(ROOT, 'content/articles/vitamin-d3-k2.txt')
// Commands get this Node (22) first on PATH, whatever `#!/usr/bin/env node` would find.
const ENV = {
  ...process.env,
  DO_NOT_TRACK: '1',
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
}
const BIG = {maxBuffer: 64 * 1024 * 1024}

interface PackResult {
  filename: string
  files: {path: string}[]
}

interface Manifest {
  private?: boolean
  exports: Record<string, string | {source?: string; default: string}>
  bin: Record<string, string>
  files: string[]
  sideEffects: boolean
  dependencies: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies: Record<string, string>
}

let work: string
let tarball: string
let packed: string[]
let studio: string
let installed: string
let manifest: Manifest

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'supplement-package-'))
  const {stdout} = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: ENV,
    ...BIG,
  })
  // npm prints the build's warnings before its JSON report.
  const [result] = JSON.parse(stdout.slice(stdout.search(/^\[\s*\{/m))) as PackResult[]
  tarball = join(work, result.filename)
  packed = result.files.map((file) => file.path).sort()

  studio = join(work, 'studio')
  cpSync(FIXTURE, studio, {recursive: true})
  const modules = join(studio, 'node_modules')
  mkdirSync(modules)
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== NAME) symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry))
  }
  installed = join(modules, NAME)
  mkdirSync(installed)
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'])
  manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest
}, 900_000)

afterAll(() => {
  if (work) rmSync(work, {recursive: true, force: true})
})

describe('the packed package', () => {
  it('ships the build, the sources its `source` condition names, README and nothing else', () => {
    const top = [...new Set(packed.map((path) => path.split('/')[0]))].sort()
    expect(top.filter((name) => !['package.json', 'README.md', 'LICENSE'].includes(name))).toEqual(
      expect.arrayContaining(['dist']),
    )
    const unwanted = packed.filter(
      (path) =>
        /(^|\/)(tests?|__tests__|fixtures|bench|migrations|content|node_modules|\.lake|\.sanity)\//.test(
          path,
        ) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) ||
        /(^|\/)(token|\.env[^/]*|[^/]*\.(pem|key|crt|ndjson|sqlite|db))$/.test(path) ||
        /^(lake\/conformance\.ts|schemas\/schema\.json|studio\/node\/)/.test(path),
    )
    expect(unwanted).toEqual([])
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'README.md', 'package.json']) {
      expect(packed).toContain(file)
    }
    // Every export and command points at a file that is in the tarball.
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue
      expect(packed, key).toContain(target.default.replace(/^\.\//, ''))
      expect(packed, key).toContain(target.default.replace(/^\.\//, '').replace(/\.js$/, '.d.ts'))
      if (target.source) expect(packed, key).toContain(target.source.replace(/^\.\//, ''))
    }
    for (const file of Object.values(manifest.bin)) {
      expect(packed).toContain(file.replace(/^\.\//, ''))
      expect(readFileSync(join(installed, file), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/)
    }
  })

  it('declares the Studio singletons as peer dependencies with ranges and is side-effect free', () => {
    expect(manifest.private).toBeUndefined()
    expect(manifest.sideEffects).toBe(false)
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([
      'react',
      'react-dom',
      'sanity',
      'styled-components',
    ])
    for (const range of Object.values(manifest.peerDependencies)) expect(range).toMatch(/^\^/)
    for (const peer of Object.keys(manifest.peerDependencies)) {
      expect(manifest.dependencies).not.toHaveProperty(peer)
    }
    // Each runtime dependency resolves from the adopting studio to a version the range accepts.
    for (const [dependency, range] of Object.entries(manifest.dependencies)) {
      const {version} = JSON.parse(
        readFileSync(join(studio, 'node_modules', dependency, 'package.json'), 'utf8'),
      ) as {version: string}
      const wanted = range.replace(/^\^/, '')
      if (range.startsWith('^')) {
        expect(version.split('.')[0], dependency).toBe(wanted.split('.')[0])
      } else {
        expect(version, dependency).toBe(wanted)
      }
    }
  })
})

describe('the declared dependencies', () => {
  it('are exactly the packages the packed code imports (runtime or peer), nothing undeclared or unused', () => {
    const imported = new Set<string>()
    for (const file of packed.filter((path) => /\.tsx?$/.test(path) && !path.startsWith('dist/'))) {
      const source = readFileSync(join(installed, file), 'utf8')
      const statements =
        /^\s*(?:import|export)\b[^'";]*?\bfrom\s*'([^'.][^']*)'|^\s*import\s*'([^'.][^']*)'|\bimport\('([^'.][^']*)'\)/gm
      for (const [, fromStatement, sideEffect, dynamic] of source.matchAll(statements)) {
        const specifier = fromStatement ?? sideEffect ?? dynamic
        if (specifier.startsWith('node:')) continue
        const parts = specifier.split('/')
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0])
      }
    }
    // react-dom is the Studio's own peer: declared so an adopter's single copy is the one used.
    const declared = [
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies).filter((name) => name !== 'react-dom'),
    ]
    expect([...imported].sort()).toEqual(declared.sort())
  })
})

describe('a studio with its own citation, warning and audience types', () => {
  it('passes `sanity schema validate` with the plugin configured', async () => {
    const result = await run(
      join(studio, 'node_modules/.bin/sanity'),
      ['schema', 'validate', '--format', 'json'],
      {cwd: studio, env: ENV, ...BIG},
    ).catch((error: {stdout?: string; stderr?: string}) => error)
    const groups = JSON.parse(result.stdout ?? '[]') as {
      path: {name?: string}[]
      problems: {severity: string; message: string}[]
    }[]
    const errors = groups.flatMap((group) =>
      group.problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => `${group.path.map((s) => s.name).join('.')}: ${problem.message}`),
    )
    expect(errors).toEqual([])
    expect(result.stdout, result.stderr).toBeDefined()
  }, 300_000)

  it('builds with `sanity build`, the plugin and the studio’s own types in the bundle', async () => {
    const out = join(work, 'studio-build')
    await run(
      join(studio, 'node_modules/.bin/sanity'),
      ['build', out, '--yes', '--no-auto-updates'],
      {cwd: studio, env: ENV, ...BIG},
    )
    expect(existsSync(join(out, 'index.html'))).toBe(true)
    const bundle = readdirSync(join(out, 'static'), {recursive: true})
      .map(String)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(out, 'static', file), 'utf8'))
      .join('\n')
    expect(bundle).toContain('Site banner')
    expect(bundle).toContain('Name the audience.')
  }, 300_000)
})

const SMOKE = `
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {createClient} from '@sanity/client'
import {startLake} from '${NAME}/lake'
import {parseArticle} from '${NAME}/import'
import {siteFetch, supplementPageQuery, supplementSlugsQuery} from '${NAME}/site'

const [article, dataDir, command] = process.argv.slice(2)
const lake = await startLake({dataDir, port: 0, tlsPort: false, quiet: true})
try {
  const env = {...process.env, SANITY_LAKE_DIR: dataDir, SANITY_LAKE_PORT: String(lake.port)}
  delete env.SANITY_PROJECT_ID
  delete env.SANITY_API_HOST
  // Asynchronously: the lake answers from this process while the command runs.
  await promisify(execFile)(process.execPath, [command, article], {env})
  const client = createClient({
    projectId: 'local', dataset: 'production', apiVersion: '2025-02-19',
    apiHost: lake.url, useProjectHostname: false, useCdn: false, token: lake.token,
  })
  const {params, options} = siteFetch({preview: true})
  const [slug] = await client.fetch(supplementSlugsQuery, params, options)
  const page = await client.fetch(supplementPageQuery, {...params, slug}, options)
  const title = parseArticle(await (await import('node:fs/promises')).readFile(article, 'utf8'), article).title
  console.log(JSON.stringify({title, slug, name: page?.name, citations: page?.citations?.length, warnings: page?.warnings?.length}))
} finally {
  await lake.close()
}
`

describe('the site, importer and lake entries in Node', () => {
  it('imports an article with the packed command into the packed lake and reads the page back with the site query', async () => {
    const script = join(studio, 'smoke.mjs')
    await import('node:fs/promises').then((fs) => fs.writeFile(script, SMOKE))
    const dataDir = join(work, 'lake')
    const command = join(installed, manifest.bin['supplement-import'])
    const {stdout} = await run(process.execPath, [script, SEED, dataDir, command], {
      cwd: studio,
      env: ENV,
      ...BIG,
    })
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>
    expect(result.slug).toBeTypeOf('string')
    expect(result.name).toMatch(/Vitamin D3/)
    expect(result.title).toMatch(/Vitamin D3/)
    expect(result.citations).toBeGreaterThan(5)
    expect(result.warnings).toBeGreaterThan(0)
  }, 180_000)
})
