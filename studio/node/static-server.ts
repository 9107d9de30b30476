import {createReadStream, existsSync, statSync} from 'node:fs'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {extname, join, normalize, resolve} from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticServer {
  url: string
  port: number
  close(): Promise<void>
}

/**
 * Serves a `sanity build` output folder the way a static host does: files as they are, hashed
 * assets cached forever, and `index.html` for every other path so the Studio's router handles it.
 * Binds 127.0.0.1 only.
 */
export async function serveStudio(
  dir: string,
  port = 0,
  host = '127.0.0.1',
): Promise<StaticServer> {
  const root = resolve(dir)
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`No Studio build in ${root}: run \`npm run build\` first.`)
  }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = normalize(join(root, path))
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(root, 'index.html')
    }
    const ext = extname(file)
    res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream')
    res.setHeader(
      'Cache-Control',
      file.includes(`${root}/static/`) || file.includes('/vendor/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    )
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(port, host, () => done())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    // `localhost` rather than the IP: a secure context, and the origin the lake's CORS allows.
    url: `http://localhost:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
