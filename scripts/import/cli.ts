import {parseArgs} from 'node:util'

import {clientFromEnv, usesHostedSanity} from '../lib/env.ts'
import {importArticleFile, type ImportSummary, provenanceName} from './apply.ts'
import {ImportError} from './errors.ts'
import {draftDocuments, writeNdjson} from './ndjson.ts'
import {planImport} from './plan.ts'
import {readArticleSource} from './source.ts'
import {validatePlan} from './validate.ts'

const USAGE = `Usage: npm run import -- <article.txt> [--ndjson <out.ndjson>] [--dry-run] [--force]

  (default)        import into the configured dataset (local content lake, or hosted Sanity
                   when SANITY_PROJECT_ID and SANITY_API_TOKEN are set), as drafts: readers see
                   the content once a medical reviewer marks the supplement reviewed
  --ndjson <file>  write the documents (as drafts) as NDJSON for \`sanity dataset import\`;
                   touches no dataset
  --dry-run        print the mutations the import would send, and send nothing
  --force          resolve the listed conflicts for the article, printing each editor value
                   it discards (fields only editors changed are always kept)

Exit codes: 0 imported (or nothing to do), 1 error (nothing written), 2 usage,
3 imported but conflicts left (editors' values kept; see the list).`

/** Exit code of an import that kept editors' values the article also changed. */
const EXIT_CONFLICTS = 3

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing'
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

function printSummary(result: ImportSummary): void {
  const verb = result.dryRun ? 'would send' : 'sent'
  console.log(`${result.sourceFile} → ${result.supplementId} (drafts until marked reviewed)`)
  const width = Math.max(0, ...Object.keys(result.counts).map((type) => type.length))
  for (const [type, c] of Object.entries(result.counts)) {
    console.log(
      `  ${type.padEnd(width)} created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}`,
    )
  }
  console.log(
    `  ${result.mutationCount} mutation(s) ${verb}${result.transactionId ? ` in transaction ${result.transactionId}` : ''}`,
  )
  for (const c of result.overwritten) {
    console.log(
      `  --force discarded the editor's ${c.documentId} ${c.field}: ${show(c.editorValue)} (now the article's ${show(c.articleValue)})`,
    )
  }
  for (const c of result.conflicts) {
    console.log(
      `  conflict: ${c.documentId} ${c.field}: ${c.reason}; kept the editor's ${show(c.editorValue)}, the article says ${show(c.articleValue)}`,
    )
  }
  for (const d of result.possibleDuplicates) {
    console.log(`  possible duplicate for editors: ${d.documentId} ~ ${d.of.join(', ')}`)
  }
  for (const id of result.stale) console.log(`  no longer in the article (left in place): ${id}`)
  for (const id of result.deletedByEditors) {
    console.log(`  deleted by an editor since the last import (not recreated): ${id}`)
  }
  for (const link of result.keptLinks) {
    console.log(
      `  ${link.documentId} still links ${link.id} (${link.field}), which the article no longer states: an editor decides`,
    )
  }
  if (result.conflicts.length > 0) {
    console.log(
      `  ${result.conflicts.length} conflict(s) left. Resolve each in the Studio (edit the draft to the value you want), or run again with --force to take the article's value for exactly these fields.`,
    )
  }
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
    const plan = planImport(source.text, {
      sourceFile: provenanceName(path),
      checksum: source.checksum,
    })
    await validatePlan(plan, path)
    await writeNdjson(values.ndjson, draftDocuments(plan))
    console.log(
      `${plan.article.sourceFile}: wrote ${plan.documents.length} drafts to ${values.ndjson}`,
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
  return result.conflicts.length > 0 ? EXIT_CONFLICTS : 0
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
