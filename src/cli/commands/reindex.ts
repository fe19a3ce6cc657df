import { rebuildSearchIndex } from '../../lib/search/scheduler';
import { out, type Command } from '../command';

export const reindex: Command = {
  name: 'reindex',
  summary: 'Rebuild the search indexes from the database and content/',
  help: `Usage: npm run cli -- reindex

Builds every search index (public, intern, one per Kommune) from scratch in a
separate process, in a fresh folder, and switches to it when complete. A
failing build leaves the previous index serving. Safe while the server runs;
the server picks up the new index with the next page load.

Options:
  -h, --help  show this help`,
  options: {},
  async run() {
    const status = await rebuildSearchIndex('Betriebskommando reindex');
    if (status.ok) {
      out(`ok: ${status.documents} Einträge in ${(status.durationMs / 1000).toFixed(1)} s`);
      return 0;
    }
    process.stderr.write(`FAILED: ${status.error}\nThe previous index keeps serving.\n`);
    return 1;
  },
};
