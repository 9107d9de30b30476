import {X509Certificate} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {generate} from 'selfsigned'

import {LOCAL_PROJECT_ID} from '../scripts/lib/env.ts'

/**
 * Node's TLS check ignores a wildcard over a single label (`*.localhost`), so the project hostname
 * Node clients use (`local.localhost`, e.g. `sanity migration run`) is named explicitly.
 */
const PROJECT_HOST = `${LOCAL_PROJECT_ID}.localhost`

export interface Certificate {
  key: string
  cert: string
  certFile: string
}

/**
 * A self-signed certificate for localhost and *.localhost (the Studio calls `<projectId>.localhost`),
 * made once and kept in the data folder so a browser exception or NODE_EXTRA_CA_CERTS stays valid.
 */
export async function loadOrCreateCertificate(dataDir: string): Promise<Certificate> {
  const certFile = join(dataDir, 'tls-cert.pem')
  const keyFile = join(dataDir, 'tls-key.pem')
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8')
    // Certificates made before the project hostname was named are made again.
    if (new X509Certificate(cert).subjectAltName?.includes(`DNS:${PROJECT_HOST}`)) {
      return {cert, key: readFileSync(keyFile, 'utf8'), certFile}
    }
  }
  const pems = await generate([{name: 'commonName', value: 'localhost'}], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 825 * 24 * 3600 * 1000),
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
      {name: 'extKeyUsage', serverAuth: true},
      {
        name: 'subjectAltName',
        altNames: [
          {type: 2, value: 'localhost'},
          {type: 2, value: '*.localhost'},
          {type: 2, value: PROJECT_HOST},
          {type: 7, ip: '127.0.0.1'},
        ],
      },
    ],
  })
  mkdirSync(dataDir, {recursive: true, mode: 0o700})
  writeFileSync(keyFile, pems.private, {mode: 0o600})
  writeFileSync(certFile, pems.cert, {mode: 0o600})
  return {cert: pems.cert, key: pems.private, certFile}
}
