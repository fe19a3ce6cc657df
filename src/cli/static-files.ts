import type http from 'node:http';
import path from 'node:path';
import send from 'send';

// The build's static files are the hashed assets under /_astro/ (dist/client holds nothing
// else: pages are rendered on request). Only those paths are looked up on disk; every other
// request goes to the app at once. The adapter's standalone handler asked the disk first for
// every page (two stat calls and a failed file stream per request, about 7 % of a Beitrag
// page's CPU time).
const ASSETS = '/_astro/';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Whether a request path (query included) names a static asset of the build. */
export function isAssetPath(url: string): boolean {
  return url.startsWith(ASSETS);
}

/**
 * Sends the asset at url from <root>/dist/client, cached for a year (its name changes with its
 * content). A missing file calls notFound, so the app answers with its German 404 page.
 */
export function sendAsset(root: string, req: http.IncomingMessage, res: http.ServerResponse, notFound: () => void): void {
  // send decodes the path itself and refuses one that leaves the root.
  const pathname = (req.url ?? '/').split(/[?#]/)[0]!;
  const stream = send(req, pathname, { root: path.join(root, 'dist', 'client'), dotfiles: 'deny', index: false, maxAge: YEAR_MS, immutable: true });
  let sending = false;
  stream.on('file', () => {
    sending = true;
  });
  // A folder (/_astro/ itself) is no file: the app's 404 page, not send's redirect.
  stream.on('directory', () => notFound());
  stream.on('error', (err: Error & { status?: number }) => {
    // An error after the file was found (a read failure) ends the response; before, nothing was sent.
    if (sending) {
      if (!res.headersSent) res.writeHead(err.status && err.status < 500 ? err.status : 500).end();
      else res.destroy();
      return;
    }
    notFound();
  });
  stream.pipe(res);
}
