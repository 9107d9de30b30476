import {chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

/**
 * The data folder holds every document, the token and the TLS key: readable by its owner only.
 * Made 0700 (also when it already existed), and its files 0600. SQLite gives its -wal and -shm
 * files the database file's mode, so creating that file first with 0600 covers them too.
 */
export function privateDataDir(dataDir: string): void {
  mkdirSync(dataDir, {recursive: true, mode: 0o700})
  chmodSync(dataDir, 0o700)
  for (const name of readdirSync(dataDir)) {
    if (/^(lake\.sqlite(-wal|-shm|-journal)?|token|tls-.*\.pem)$/.test(name)) {
      chmodSync(join(dataDir, name), 0o600)
    }
  }
}

/** Creates `file` empty with mode 0600 unless it exists, so whoever opens it next keeps that mode. */
export function privateFile(file: string): string {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  return file
}
