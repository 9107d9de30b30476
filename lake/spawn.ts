import {type ChildProcess, spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

export interface LakeProcess {
  url: string
  token: string
  pid: number
  /**
   * Kills this lake and starts another on the same data folder (e.g. after a stuck query), with
   * `env` added to its environment.
   */
  restart(env?: Record<string, string>): Promise<LakeProcess>
  stop(): void
}

/**
 * Runs `lake/cli.ts` as a child process on random ports over `dataDir`: for benches that measure the
 * lake's own memory, and runners that must survive a query that never returns.
 */
export async function spawnLakeProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<LakeProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, 'cli.ts')], {
    env: {
      ...process.env,
      ...env,
      SANITY_LAKE_DIR: dataDir,
      SANITY_LAKE_PORT: '0',
      SANITY_LAKE_TLS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  child.on('exit', (code, signal) => {
    if (process.env.LAKE_DEBUG) console.error(`lake process ${child.pid} exited: ${code ?? signal}`)
  })
  const stop = () => {
    child.kill('SIGKILL')
  }
  for await (const line of createInterface({input: child.stdout!})) {
    const match = /HTTP\s+(http:\/\/\S+)/.exec(line)
    if (match) {
      return {
        url: match[1],
        token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
        pid: child.pid!,
        stop,
        restart: (more = {}) => {
          stop()
          return spawnLakeProcess(dataDir, {...env, ...more})
        },
      }
    }
  }
  throw new Error('The lake exited before it was listening')
}
