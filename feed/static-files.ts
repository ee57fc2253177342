import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { SECURITY_HEADERS, sendText } from './security-headers.ts';

/** Paths the single-page app owns; they all serve index.html. */
const APP_ROUTES = new Set(['/', '/index.html', '/wall', '/wall/']);

/** The build is read into memory at start; a directory larger than this is refused (dist/ is about 0.6 MB). */
export const MAX_STATIC_BYTES = 32 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  headers: Record<string, string>;
  etag: string;
}

/** Serves one GET or HEAD request whose target was already parsed (see request-target.ts). */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => void;

/**
 * Serves the built web app from memory. The build is a few immutable files,
 * read once at start: answering from memory holds no file handle per
 * request, so no client (pipelining thousands of requests, then vanishing)
 * can make the server leak descriptors; and a path is looked up in the set
 * of files read, never joined onto the disk, so traversal has nothing to
 * reach. Range requests are answered with the whole file (RFC 9110 allows
 * ignoring Range). A rebuild needs a restart.
 */
export function staticFiles(root: string): StaticHandler {
  if (!existsSync(join(root, 'index.html'))) return notBuilt(root);
  const files = readBuild(root);
  const index = files.get('/index.html')!;
  return (req, res, pathname) => {
    const file = APP_ROUTES.has(pathname) ? index : files.get(pathname);
    if (!file) return sendText(res, 404, 'Not found\n');
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, { ...SECURITY_HEADERS, ETag: file.etag, 'Cache-Control': file.headers['Cache-Control']! });
      return void res.end();
    }
    res.writeHead(200, file.headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}

function readBuild(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  let total = 0;
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        visit(path);
        continue;
      }
      const body = readFileSync(path);
      total += body.length;
      if (total > MAX_STATIC_BYTES) throw new Error(`${root} holds more than ${MAX_STATIC_BYTES / 1048576} MiB; is it really the web build?`);
      const urlPath = `/${relative(root, path).split(sep).join('/')}`;
      const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
      files.set(urlPath, {
        body,
        etag,
        headers: {
          ...SECURITY_HEADERS,
          'Content-Type': CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': String(body.length),
          ETag: etag,
          // Vite fingerprints everything under /assets, so it can be cached forever; the HTML must not be.
          'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        },
      });
    }
  };
  visit(root);
  return files;
}

/** The feed still runs without a build; the page explains how to get one. */
function notBuilt(root: string): StaticHandler {
  return (_req, res, pathname) => {
    if (APP_ROUTES.has(pathname)) {
      sendText(res, 503, `The web app is not built in ${root}. Run \`npm run build\`, or start with \`npm start\`, which builds it.\n`);
    } else {
      sendText(res, 404, 'Not found\n');
    }
  };
}
