import {readFile, stat} from 'node:fs/promises'
import {relative, resolve, sep} from 'node:path'

import {ImportError} from './errors.ts'
import {sha256} from './text.ts'

/** Articles are a few tens of kB; anything this large is the wrong file, not a long article. */
export const MAX_ARTICLE_BYTES = 10 * 1024 * 1024

export interface ArticleSource {
  /** Path as recorded in provenance: relative to the working directory when inside it. */
  sourceFile: string
  /** Decoded text with the byte-order mark removed and line endings normalised to `\n`. */
  text: string
  /** SHA-256 of the file's bytes. */
  checksum: string
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
  return line
}

/** The first line whose bytes are not valid UTF-8, or undefined when the whole file is. */
function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  const decoder = new TextDecoder('utf-8', {fatal: true})
  let start = 0
  let line = 1
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i))
      } catch {
        return line
      }
      start = i + 1
      line++
    }
  }
  return undefined
}

/**
 * Decodes an article's bytes, rejecting what cannot be an article: empty, binary or non-UTF-8
 * content. Accepts a byte-order mark and CRLF or CR line endings.
 */
export function decodeArticle(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1)
    throw new ImportError(`file is ${mb} MB; an article must be under 10 MB`, file, 1)
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    throw new ImportError(
      'binary file (contains NUL bytes); expected a UTF-8 text article',
      file,
      lineOfOffset(bytes, nul),
    )
  }
  const badLine = firstInvalidUtf8Line(bytes)
  if (badLine !== undefined) {
    throw new ImportError('not valid UTF-8 text; save the article as UTF-8', file, badLine)
  }
  const text = new TextDecoder('utf-8')
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
  if (text.trim() === '') throw new ImportError('file is empty', file, 1)
  return text
}

export function provenancePath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(path))
  const inside = rel !== '' && !rel.startsWith('..') && !resolve(rel).startsWith('..')
  return (inside ? rel : resolve(path)).split(sep).join('/')
}

export async function readArticleSource(path: string): Promise<ArticleSource> {
  const sourceFile = provenancePath(path)
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new ImportError('not a file', path)
    size = info.size
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(`cannot read file (${(error as NodeJS.ErrnoException).code})`, path)
  }
  // Checked before reading so a huge file is never loaded into memory.
  if (size > MAX_ARTICLE_BYTES) {
    const mb = (size / 1024 / 1024).toFixed(1)
    throw new ImportError(`file is ${mb} MB; an article must be under 10 MB`, path, 1)
  }
  const bytes = new Uint8Array(await readFile(path))
  return {sourceFile, text: decodeArticle(bytes, path), checksum: sha256(bytes)}
}
