import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { SECURITY_HEADERS, sendText } from './security-headers.ts';

/** Paths the single-page app owns; they all serve index.html. */
const APP_ROUTES = new Set(['/', '/index.html', '/wall', '/wall/']);

/** Serves one GET or HEAD request whose target was already parsed (see request-target.ts). */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => void;

/**
 * Serves the built web app. sirv handles content types, ETags, ranges and
 * refuses to leave its root (path traversal); this adds security headers and
 * a plain 404 for anything that is neither an asset nor an app route.
 */
export function staticFiles(root: string): StaticHandler {
  if (!existsSync(join(root, 'index.html'))) return notBuilt(root);
  // sirv indexes the directory once at start (production mode), so a rebuild needs a restart.
  const assets = sirv(root, {
    etag: true,
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      // Vite fingerprints everything under /assets, so it can be cached forever; the HTML must not be.
      res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (req, res, pathname) => {
    // sirv reads req.url again; hand it the parsed, normalised path so it never sees a raw target.
    req.url = APP_ROUTES.has(pathname) ? '/' : pathname;
    assets(req, res, () => sendText(res, 404, 'Not found\n'));
  };
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
