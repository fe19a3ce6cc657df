import { runBuild, type BuildMode } from '../lib/search/build';

// One search build in its own process, started by src/lib/search/scheduler.ts: keeps the
// indexing work off the server's event loop, and a killed build cannot touch the serving index.
const mode = process.argv[2] as BuildMode;
if (mode !== 'full' && mode !== 'recent') {
  process.stderr.write('usage: search-worker full|recent\n');
  process.exit(2);
}
try {
  const outcome = await runBuild(mode);
  process.stdout.write(`\nSEARCH-BUILD-RESULT ${JSON.stringify(outcome)}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
