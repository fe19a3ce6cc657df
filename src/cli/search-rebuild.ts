import { rebuildSearchIndex } from '../lib/search/scheduler';

// Operator command: rebuild every search index from the database and content/ now.
// A running server picks the new index up with its next search request.
const status = await rebuildSearchIndex('Betriebskommando search:rebuild');
if (status.ok) {
  process.stdout.write(`Suchindex neu aufgebaut: ${status.documents} Einträge in ${(status.durationMs / 1000).toFixed(1)} s.\n`);
  process.exit(0);
}
process.stderr.write(`Suchindex-Aufbau fehlgeschlagen: ${status.error}\nDer bisherige Index bleibt in Betrieb.\n`);
process.exit(1);
