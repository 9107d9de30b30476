import './quiet-warnings.ts'

const {startLake} = await import('./server.ts')

// `npm run lake`: serve until interrupted; the token is shown only on the start that created it.
const lake = await startLake({quiet: true})
console.log(`Content lake (projectId "local") serving ${lake.dataDir}`)
console.log(`  HTTP   ${lake.url}`)
if (lake.tlsUrl)
  console.log(`  HTTPS  ${lake.tlsUrl} (also https://local.localhost:${lake.tlsPort}, HTTP/2)`)
if (lake.tokenCreated) {
  console.log(`  Token  ${lake.token}`)
  console.log(`         (shown once; stored in ${lake.dataDir}/token)`)
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    lake.close().then(() => process.exit(0))
  })
}
