import fs from 'node:fs';
import path from 'node:path';
import type { Viewer } from '../auth/viewer';
import { canReadIndexAudience } from './audiences';
import { BUNDLE_NAME, bundleAudience, generationDir, GENERATION_NAME, readPointer, searchDir, servedBundles } from './layout';

/** URL prefix under which index bundles are served: /suche/daten/<generation>/<audience>/<file>. */
export const INDEX_URL_PREFIX = '/suche/daten';

const FILE_NAME = /^[A-Za-z0-9._-]+$/;

function contentType(file: string): string {
  if (file.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (file.endsWith('.json')) return 'application/json; charset=utf-8';
  if (file.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'application/octet-stream';
}

let served: { key: string; bundles: Set<string> } | null = null;

/**
 * The bundles the current pointer serves, read again only when current.json was replaced.
 * Nothing else is served: a bundle of an older build may hold text withdrawn since.
 */
function servedNow(): Set<string> {
  const file = path.join(searchDir(), 'current.json');
  let key: string;
  try {
    const st = fs.statSync(file);
    key = `${file}:${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return new Set();
  }
  if (served?.key !== key) {
    const pointer = readPointer();
    served = { key, bundles: new Set(pointer ? servedBundles(pointer) : []) };
  }
  return served.bundles;
}

export type IndexFileAnswer =
  | { status: 200; file: string; headers: Record<string, string> }
  | { status: 403 | 404 };

/**
 * Decides who gets an index file. Public bundles go to everybody and may be kept by their
 * browser (a generation never changes); the others only to sessions that may read that
 * audience, never stored by a cache. Bundles the current pointer does not serve, unknown or
 * malformed paths are 404.
 */
export function resolveIndexFile(viewer: Viewer | null, rawPath: string, acceptsGzip = false): IndexFileAnswer {
  const parts = rawPath.split('/');
  if (parts.length < 3 || parts.length > 4) return { status: 404 };
  const [generation, bundle, ...rest] = parts as [string, string, ...string[]];
  if (!GENERATION_NAME.test(generation) || !BUNDLE_NAME.test(bundle)) return { status: 404 };
  const audience = bundleAudience(bundle);
  if (rest.some((p) => !FILE_NAME.test(p) || p.startsWith('.') || p.endsWith('.gz'))) return { status: 404 };
  if (!canReadIndexAudience(viewer, audience)) return { status: viewer ? 403 : 404 };
  if (!servedNow().has(`${generation}/${bundle}`)) return { status: 404 };
  const file = path.join(generationDir(generation), bundle, ...rest);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return { status: 404 };
  const headers: Record<string, string> = {
    'Content-Type': contentType(file),
    // Browsers keep public bundle files (a bundle never changes), shared caches do not: a proxy would
    // go on serving a withdrawn Beitrag's text from the old address to whoever asks for it.
    'Cache-Control': audience === 'public' ? 'private, max-age=31536000, immutable' : 'private, no-store',
  };
  // Pagefind compiles its WebAssembly in a worker; a worker gets its policy from its own script.
  if (file.endsWith('.js')) headers['Content-Security-Policy'] = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
  // Pagefind's scripts and our stand.json are stored gzipped next to the original (its index files are gzip already).
  if (fs.existsSync(`${file}.gz`)) headers['Vary'] = 'Accept-Encoding';
  if (acceptsGzip && fs.existsSync(`${file}.gz`)) return { status: 200, file: `${file}.gz`, headers: { ...headers, 'Content-Encoding': 'gzip' } };
  return { status: 200, file, headers };
}

/** The URL of a bundle ("<generation>/<folder>") with a trailing slash, as pagefind wants it. */
export function bundlePath(bundle: string): string {
  return `${INDEX_URL_PREFIX}/${bundle}/`;
}
