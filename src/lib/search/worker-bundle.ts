import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// A search worker is a process of its own for every build. Loaded module by module, it spent
// most of its start resolving the files of a few pure-JS packages (drizzle-orm, zod and yaml
// alone are about 800 modules): 1.6 s from the production bundle, 1.75 s through tsx, for a
// build that then took a few hundred milliseconds. Bundled with those packages inside, it
// starts in about 0.7 s. Packages that read files next to themselves (dictionary-de), are
// native (better-sqlite3) or start a binary (pagefind) stay outside, as all others do.

/** Pure-JS packages bundled into the worker. */
const INLINED = new Set(['drizzle-orm', 'zod', 'yaml', 'marked', 'sanitize-html']);

/** What can be bundled: the search worker (a process per build) and the first-page thread (first-page.ts). */
export const ENTRIES = {
  'search-worker': path.join('src', 'cli', 'search-worker.ts'),
  'search-thread': path.join('src', 'lib', 'search', 'first-page-thread.ts'),
} as const;
export type BundleName = keyof typeof ENTRIES;

interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[]; metafile?: { inputs: Record<string, unknown> } };
}

/** The worker as one ES module text, and the files (relative to root) it was made of. */
function bundle(root: string, name: BundleName): { text: string; inputs: string[] } {
  // esbuild comes with Astro (Vite uses it); loaded only here, never in the server bundle.
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild') as Esbuild;
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [ENTRIES[name]],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: Object.keys(pkg.dependencies ?? {}).filter((d) => !INLINED.has(d)),
    // Bundled CommonJS code (sanitize-html's dependencies) calls require for Node's own modules.
    banner: { js: "import { createRequire as __wnRequire } from 'node:module'; const require = __wnRequire(import.meta.url);" },
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: result.outputFiles![0]!.text, inputs: Object.keys(result.metafile!.inputs) };
}

/** Writes the bundled worker to `file` (the production build, `npm run build`). */
export function writeWorkerBundle(root: string, file: string, name: BundleName = 'search-worker'): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle(root, name).text);
}

interface Manifest {
  /** Folder (below the cache) holding this bundle: the hash of its text. */
  dir: string;
  /** Every input file with its modification time and size when the bundle was made. */
  inputs: Record<string, [number, number]>;
}

const stamp = (file: string): [number, number] | null => {
  try {
    const s = fs.statSync(file);
    return [s.mtimeMs, s.size];
  } catch {
    return null;
  }
};

function fresh(root: string, m: Manifest): boolean {
  for (const [input, [mtime, size]] of Object.entries(m.inputs)) {
    const now = stamp(path.join(root, input));
    if (!now || now[0] !== mtime || now[1] !== size) return false;
  }
  return true;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const warned = new Set<BundleName>();

/**
 * The worker bundled from the current sources, for a hub run from source (`npm start`, tests,
 * benchmarks): kept in node_modules/.cache/wissensnetz/search-worker and made again when any of
 * its input files changed, so it is never older than the code that starts it. Null when it
 * cannot be made (the caller then runs the worker through tsx).
 */
export function sourceWorkerBundle(root: string, name: BundleName = 'search-worker'): string | null {
  const cache = path.join(root, 'node_modules', '.cache', 'wissensnetz', name);
  const manifestFile = path.join(cache, 'current.json');
  try {
    let manifest: Manifest | null = null;
    try {
      manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    } catch {
      // None yet, or unreadable: made below.
    }
    const fileOf = (m: Manifest) => path.join(cache, m.dir, `${name}.mjs`);
    if (manifest && fs.existsSync(fileOf(manifest)) && fresh(root, manifest)) return fileOf(manifest);
    const started = Date.now();
    const made = bundle(root, name);
    const inputs: Manifest['inputs'] = {};
    for (const input of made.inputs) {
      const s = stamp(path.join(root, input));
      // A file changed while (or just before) it was bundled: the next start bundles again.
      if (s) inputs[input] = s[0] >= started - 2000 ? [0, 0] : s;
    }
    const next: Manifest = { dir: createHash('sha256').update(made.text).digest('hex').slice(0, 16), inputs };
    fs.mkdirSync(path.join(cache, next.dir), { recursive: true });
    // Processes bundling at once write the same text under the same name; the renames are atomic.
    writeAtomically(fileOf(next), made.text);
    writeAtomically(manifestFile, JSON.stringify(next));
    // Bundles of older sources: a worker started from one has loaded it long before ten minutes are over.
    for (const dir of fs.readdirSync(cache)) {
      const p = path.join(cache, dir);
      if (dir !== next.dir && dir !== 'current.json' && Date.now() - fs.statSync(p).mtimeMs > 10 * 60_000) fs.rmSync(p, { recursive: true, force: true });
    }
    return fileOf(next);
  } catch (err) {
    if (!warned.has(name)) process.stderr.write(`Search worker: could not bundle ${ENTRIES[name]} (${(err as Error).message.split('\n')[0]}); running it through tsx instead\n`);
    warned.add(name);
    return null;
  }
}

/**
 * The script that runs `name`: next to a server started from the production bundle (node
 * dist/cli/start.mjs) the bundle `npm run build` wrote; run from source (npm start, tests), the
 * one bundled from the current sources, or, when that cannot be made, the source through tsx.
 */
export function scriptFor(
  name: BundleName,
  root: string,
  entry = process.argv[1] ?? '',
  fromSource: (root: string, name: BundleName) => string | null = sourceWorkerBundle,
): { file: string; tsx: boolean } {
  const bundled = path.join(root, 'dist', 'cli', `${name}.mjs`);
  if (path.resolve(path.dirname(entry)) === path.dirname(bundled)) return { file: bundled, tsx: false };
  const made = fromSource(root, name);
  return made ? { file: made, tsx: false } : { file: path.join(root, ENTRIES[name]), tsx: true };
}
