import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {expect, it} from 'vitest'

const run = promisify(execFile)

interface ProblemGroup {
  path: {name?: string}[]
  problems: {severity: 'error' | 'warning'; message: string}[]
}

it('passes `sanity schema validate` with no errors and no warnings', async () => {
  const {stdout} = await run('npx', ['sanity', 'schema', 'validate', '--format', 'json'], {
    env: {...process.env, DO_NOT_TRACK: '1'},
    maxBuffer: 16 * 1024 * 1024,
  })
  const groups = JSON.parse(stdout) as ProblemGroup[]
  const problems = groups.flatMap((group) =>
    group.problems.map(
      (problem) =>
        `${problem.severity} ${group.path.map((segment) => segment.name).join('.')}: ${problem.message}`,
    ),
  )
  expect(problems).toEqual([])
  // About 12 s alone; a CLI start on a machine busy with other suites can take several times that.
}, 180_000)
