import { rebuildSearchIndex } from '../../lib/search/scheduler';
import { out, type Command } from '../command';
import { openMigratedDb } from '../database';

export const reindex: Command = {
  name: 'reindex',
  summary: 'Rebuild every search index from the database and content/',
  help: `Usage: npm run cli -- reindex

Builds all search indexes (public, internal, one per Kommune) from scratch in a
separate process, into a fresh folder that replaces the old one only when the
build succeeded; a failed build leaves the old index serving. A running server
uses the new index from its next search request. Safe while the server runs.

Options:
  -h, --help  show this help`,
  options: {},
  async run() {
    openMigratedDb();
    const status = await rebuildSearchIndex('Betriebs-CLI reindex');
    if (!status.ok) {
      process.stderr.write(`Error: the search index could not be rebuilt: ${status.error}\nThe previous index stays in use.\n`);
      return 1;
    }
    out(`Search index rebuilt: ${status.documents} entries in ${(status.durationMs / 1000).toFixed(1)} s.`);
    return 0;
  },
};
