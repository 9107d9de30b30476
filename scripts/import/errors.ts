/**
 * A problem with the input that the user must fix. It prints as one line, `file:line: message`,
 * so editors and CI logs point straight at the offending line.
 */
export class ImportError extends Error {
  readonly file: string
  readonly line: number | undefined

  constructor(message: string, file: string, line?: number) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`)
    this.name = 'ImportError'
    this.file = file
    this.line = line
  }
}
