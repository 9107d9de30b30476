import {parseArgs} from 'node:util'

import {clientFromEnv, usesHostedSanity} from '../lib/env.ts'
import {importArticleFile, type ImportSummary} from './apply.ts'
import {ImportError} from './errors.ts'
import {writeNdjson} from './ndjson.ts'
import {planImport} from './plan.ts'
import {readArticleSource} from './source.ts'
import {validatePlan} from './validate.ts'

const USAGE = `Usage: npm run import -- <article.txt> [--ndjson <out.ndjson>] [--dry-run] [--force]

  (default)        import into the configured dataset (local content lake, or hosted Sanity
                   when SANITY_PROJECT_ID and SANITY_API_TOKEN are set)
  --ndjson <file>  write the documents as NDJSON for \`sanity dataset import\`; touches no dataset
  --dry-run        print the mutations the import would send, and send nothing
  --force          overwrite fields editors changed since the last import`

function printSummary(result: ImportSummary): void {
  const verb = result.dryRun ? 'would send' : 'sent'
  console.log(`${result.sourceFile} → ${result.supplementId}`)
  for (const [type, c] of Object.entries(result.counts)) {
    console.log(
      `  ${type.padEnd(11)} created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}`,
    )
  }
  console.log(
    `  ${result.mutationCount} mutation(s) ${verb}${result.transactionId ? ` in transaction ${result.transactionId}` : ''}`,
  )
  for (const c of result.conflicts) {
    console.log(
      `  conflict: ${c.documentId} ${c.field}: ${c.reason}; kept the dataset's value (--force overwrites)`,
    )
  }
  for (const d of result.possibleDuplicates) {
    console.log(`  possible duplicate for editors: ${d.documentId} ~ ${d.of.join(', ')}`)
  }
  for (const id of result.stale) console.log(`  no longer in the article (left in place): ${id}`)
}

async function main(argv: string[]): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ndjson: {type: 'string'},
      'dry-run': {type: 'boolean', default: false},
      force: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help || positionals.length !== 1) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const [path] = positionals
  if (values.ndjson) {
    const source = await readArticleSource(path)
    const plan = planImport(source.text, {sourceFile: source.sourceFile, checksum: source.checksum})
    await validatePlan(plan, path)
    await writeNdjson(values.ndjson, plan.documents)
    console.log(
      `${source.sourceFile}: wrote ${plan.documents.length} documents to ${values.ndjson}`,
    )
    return 0
  }
  const result = await importArticleFile(path, {
    client: clientFromEnv(),
    dryRun: values['dry-run'],
    force: values.force,
  })
  if (result.dryRun) console.log(JSON.stringify(result.mutations, null, 2))
  printSummary(result)
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ImportError) {
      console.error(`import failed: ${error.message}`)
    } else if ((error as {code?: string}).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${(error as Error).message}\n${USAGE}`)
    } else {
      const target = usesHostedSanity() ? 'hosted Sanity' : 'the local content lake'
      const cause = (error as {cause?: {code?: string}}).cause?.code
      console.error(
        `import failed: ${cause === 'ECONNREFUSED' ? `cannot reach ${target} (is \`npm run lake\` running?)` : (error as Error).message.split('\n')[0]}`,
      )
    }
    process.exit(1)
  },
)
