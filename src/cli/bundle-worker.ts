import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkerBundle } from '../lib/search/worker-bundle';

// Part of `npm run build`: the search worker and the thread that answers a search page's first
// query, each as one file in dist/cli with the pure-JS packages it uses inside (see
// src/lib/search/worker-bundle.ts).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
writeWorkerBundle(root, path.join(root, 'dist', 'cli', 'search-worker.mjs'), 'search-worker');
writeWorkerBundle(root, path.join(root, 'dist', 'cli', 'search-thread.mjs'), 'search-thread');
