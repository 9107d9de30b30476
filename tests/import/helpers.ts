import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const SEED = fileURLToPath(
  new URL('../../content/articles/vitamin-d3-k2.txt', import.meta.url),
)
export const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/articles/${name}`, import.meta.url))
export const seedText = () => readFileSync(SEED, 'utf8')
export const fixtureText = (name: string) => readFileSync(fixture(name), 'utf8')

export function byType<T extends {_type: string}>(documents: T[], type: string): T[] {
  return documents.filter((doc) => doc._type === type)
}
