/**
 * `npm start`: the whole editor setup, offline, in one command.
 *
 * 1. Starts the local content lake (data in `.lake`, ports from scripts/lib/env.ts).
 * 2. Imports content/articles/vitamin-d3-k2.txt when the dataset has no supplement yet.
 * 3. Runs the Studio against the lake: `sanity dev` (default), or with `--static` the
 *    `sanity build` output served as a static site, as it would be deployed.
 * 4. Prints the Studio's URL; Ctrl-C stops the Studio and the lake cleanly.
 *
 * Options: `--static`, `--port <n>` (Studio port, default 3333 or SANITY_STUDIO_PORT),
 * `--no-import`. The lake's own settings come from SANITY_LAKE_DIR, SANITY_LAKE_PORT,
 * SANITY_LAKE_TLS_PORT.
 */
import '../lake/quiet-warnings.ts'

import {type ChildProcess, spawn} from 'node:child_process'
import {delimiter, dirname, join, resolve} from 'node:path'
import {parseArgs} from 'node:util'

import {type RunningLake, startLake} from '../lake/server.ts'
import {buildStudio} from '../studio/node/build.ts'
import {serveStudio, type StaticServer} from '../studio/node/static-server.ts'
import {importArticleFile} from './import/index.ts'
import {lakeClient, lakeSettings} from './lib/env.ts'

const ROOT = resolve(import.meta.dirname, '..')
export const SEED_ARTICLE = join(ROOT, 'content/articles/vitamin-d3-k2.txt')

export interface StartOptions {
  /** Serve `sanity build` output instead of running `sanity dev`. */
  static?: boolean
  /** Studio port; default 3333. */
  port?: number
  /** Import the seed article into an empty dataset. Default true. */
  seed?: boolean
  log?: (line: string) => void
}

export interface Started {
  lake: RunningLake
  studioUrl: string
  /** What was imported, or why nothing was. */
  seeded: string
  stop(): Promise<void>
}

/** Imports the seed article unless the dataset already holds a supplement. */
export async function seedIfEmpty(lake: RunningLake): Promise<string> {
  const client = lakeClient(lake)
  const existing = await client.fetch<string | null>(
    '*[_type == "supplementContent.supplement"][0]._id',
    {},
    {perspective: 'raw'},
  )
  if (existing) return `dataset already has content (${existing}); nothing imported`
  const summary = await importArticleFile(SEED_ARTICLE, {client})
  const created = Object.values(summary.counts).reduce((sum, count) => sum + count.created, 0)
  return `imported ${summary.supplementId} from content/articles/vitamin-d3-k2.txt (${created} documents, as drafts: "Mark reviewed" in the Studio publishes them)`
}

/** The environment the Studio is built or served with: the lake's TLS address and its token. */
export function studioEnv(lake: RunningLake): Record<string, string> {
  if (!lake.tlsUrl) throw new Error('The Studio needs the lake on HTTPS/2 (tlsPort)')
  return {SANITY_STUDIO_API_HOST: lake.tlsUrl, SANITY_STUDIO_LAKE_TOKEN: lake.token}
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    const timer = setTimeout(() => {
      // Still running: end it (and its own children, in its process group) for good.
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {
          child.kill('SIGKILL')
        }
      }
      done()
    }, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      done()
    })
  })
}

/** Runs `sanity dev` against the lake; resolves with the URL once Vite is listening. */
function sanityDev(
  lake: RunningLake,
  port: number,
  log: (line: string) => void,
): Promise<{url: string; child: ChildProcess}> {
  const child = spawn(join(ROOT, 'node_modules/.bin/sanity'), ['dev', '--port', String(port)], {
    cwd: ROOT,
    // Its own process group, so Ctrl-C is handled here once and the CLI's children go with it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...studioEnv(lake),
      // The CLI's `#!/usr/bin/env node` must find this Node (22).
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      // No update checks, telemetry or other calls out: everything stays offline.
      SANITY_TELEMETRY_DISABLED: 'true',
      DO_NOT_TRACK: '1',
    },
  })
  return new Promise((done, fail) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      for (const line of text.split('\n')) if (line.trim()) log(`  sanity dev | ${line.trimEnd()}`)
      if (/localhost:\d+|running at/i.test(output)) done({url: `http://localhost:${port}`, child})
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('error', fail)
    child.once('exit', (code) => fail(new Error(`sanity dev exited (${code}):\n${output}`)))
  })
}

/** Starts the lake, seeds it, and starts the Studio; `stop()` undoes all of it. */
export async function start(options: StartOptions = {}): Promise<Started> {
  const log = options.log ?? ((line: string) => console.log(line))
  const port = options.port ?? 3333
  const studioOrigin = `http://localhost:${port}`
  const settings = lakeSettings()
  const lake = await startLake({corsOrigins: [studioOrigin], quiet: true})
  log(`Content lake: ${lake.url} (HTTPS/2 for the Studio: ${lake.tlsUrl}), data in ${lake.dataDir}`)
  if (settings.dataDir !== lake.dataDir) log(`  (data folder ${lake.dataDir})`)
  if (lake.tokenCreated) {
    log(`  Token ${lake.token} (shown once; stored in ${lake.dataDir}/token)`)
  }

  let child: ChildProcess | undefined
  let server: StaticServer | undefined
  const stop = async () => {
    if (child) {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          child.kill('SIGTERM')
        }
      }
      await waitForExit(child, 5_000)
    }
    await server?.close()
    await lake.close()
  }

  try {
    const seeded = options.seed === false ? 'import skipped (--no-import)' : await seedIfEmpty(lake)
    log(`Seed: ${seeded}`)
    let studioUrl: string
    if (options.static) {
      log('Building the Studio (sanity build; reused while nothing changed)…')
      const build = await buildStudio(studioEnv(lake))
      server = await serveStudio(build.dir, port)
      studioUrl = server.url
      log(`  ${build.cached ? 'cached build' : `built in ${build.ms} ms`}: ${build.dir}`)
    } else {
      const dev = await sanityDev(lake, port, log)
      child = dev.child
      studioUrl = dev.url
    }
    return {lake, studioUrl, seeded, stop}
  } catch (error) {
    await stop()
    throw error
  }
}

async function main() {
  const {values} = parseArgs({
    options: {
      static: {type: 'boolean', default: false},
      port: {type: 'string'},
      'no-import': {type: 'boolean', default: false},
    },
  })
  const port = Number(values.port ?? process.env.SANITY_STUDIO_PORT ?? 3333)
  const started = await start({static: values.static, port, seed: !values['no-import']})
  console.log(`\nStudio: ${started.studioUrl}  (signed in as the local editor; Ctrl-C to stop)\n`)

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping the Studio and the content lake…`)
    started.stop().then(
      () => {
        console.log('Stopped.')
        process.exit(0)
      },
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
