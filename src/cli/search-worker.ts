import { runBuild, type BuildMode } from '../lib/search/build';
import { newestArtefactVersions } from '../lib/files/artefacts';
import { abandonReading, cacheFileTexts } from '../lib/search/text-cache';
import { BUILD_RESULT, TEXT_FILE } from '../lib/search/worker';
import { exitWithParent } from './exit-with-parent';

// One step of search indexing in its own process, started by src/lib/search/scheduler.ts:
// keeps the work off the server's event loop, a killed step cannot touch the serving index,
// and a hostile file cannot hold up anything but the step that reads it.
const mode = process.argv[2];
if (mode !== 'full' && mode !== 'recent' && mode !== 'texts') {
  process.stderr.write('usage: search-worker full|recent|texts\n');
  process.exit(2);
}
exitWithParent();
try {
  let outcome: unknown;
  if (mode === 'texts') {
    // Asked to stop (server shutdown): the file being read did not fail, so read it again next time.
    process.once('SIGTERM', () => {
      abandonReading();
      process.exit(1);
    });
    outcome = { read: await cacheFileTexts(newestArtefactVersions(), (sha) => process.stdout.write(`\n${TEXT_FILE}${sha}\n`)) };
  } else {
    outcome = await runBuild(mode as BuildMode);
  }
  process.stdout.write(`\n${BUILD_RESULT}${JSON.stringify(outcome)}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
