import './node-version';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { TenantFileError } from '../lib/tenants/load';
import { ContentFileError } from '../lib/content/files';
import { buildIfNeeded, prepare } from './prepare';
import { startServer } from './serve';
import { startSearchIndexing, stopSearchIndexing } from '../lib/search/scheduler';
import { startHousekeeping } from '../lib/ops/housekeeping';
import { startCouncilFetching, stopCouncilFetching } from '../lib/council/scheduler';

// `npm start`: build if needed, migrate, load content, listen, print the URL.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.env['WISSENSNETZ_ROOT'] ??= root;
const log = (s: string) => process.stdout.write(s + '\n');

try {
  const config = getConfig();
  if (!process.argv.includes('--no-build')) buildIfNeeded(root, log);
  await prepare({ demo: !config.production, log });
  // The server bundle opens its own handle; this one was only for migrations and content.
  closeDb();
  const { url, close } = await startServer(root);
  log(`Wissensnetz läuft auf ${url}`);
  // Catch the search index up with the database in the background, after listening.
  startSearchIndexing();
  // Audit retention and old sign-in counts: once before listening (prepare), then every hour.
  const stopHousekeeping = startHousekeeping(log);
  // Council papers named by OParl URL are fetched once, also in the background.
  startCouncilFetching();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log(`${signal} received, shutting down`);
      stopHousekeeping();
      void Promise.all([close(), stopSearchIndexing(), stopCouncilFetching()]).then(() => process.exit(0));
    });
  }
} catch (err) {
  if (err instanceof TenantFileError || err instanceof ContentFileError) {
    process.stderr.write(`Start-up failed: ${err.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
}
