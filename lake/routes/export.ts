import type {Router} from '../http/router.ts'
import type {Lake} from '../lake.ts'
import {RAW} from '../perspectives.ts'

/**
 * NDJSON export of a snapshot of the dataset, written with backpressure so a slow reader never makes
 * the lake buffer the whole dataset as text.
 */
export function exportRoutes(router: Router, lake: Lake): void {
  router.on('GET', '/data/export/:dataset', async (ctx) => {
    const dataset = lake.dataset(ctx.params.dataset)
    const types = ctx.query('types')?.split(',').filter(Boolean)
    const includeDrafts = ctx.flag('drafts', true)
    const docs = dataset.view(RAW, !ctx.authenticated)
    const {res} = ctx
    res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8'})
    let closed = false
    res.on('close', () => (closed = true))
    let batch = ''
    for (const doc of docs) {
      if (closed) return
      if (types && !types.includes(String(doc._type))) continue
      if (!includeDrafts && String(doc._id).startsWith('drafts.')) continue
      batch += JSON.stringify(doc) + '\n'
      if (batch.length > 64 * 1024) {
        const flushed = res.write(batch)
        batch = ''
        // Waits for the reader, or for it to leave: a client gone mid-export must end the loop.
        if (!flushed) await drainOrClose(res as unknown as NodeJS.EventEmitter)
      }
    }
    res.end(batch)
  })
}

function drainOrClose(res: NodeJS.EventEmitter): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      res.off('drain', finish)
      res.off('close', finish)
      done()
    }
    res.once('drain', finish)
    res.once('close', finish)
  })
}
