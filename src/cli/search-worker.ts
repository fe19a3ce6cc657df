import { exitWithParent } from './exit-with-parent';

// One step of search indexing in its own process, started by src/lib/search/scheduler.ts:
// keeps the work off the server's event loop, a killed step cannot touch the serving index,
// and a hostile file cannot hold up anything but the step that reads it.
const mode = process.argv[2];
if (mode !== 'full' && mode !== 'recent' && mode !== 'texts') {
  process.stderr.write('usage: search-worker full|recent|texts\n');
  process.exit(2);
}
// Before anything else is loaded (which takes a while): the server may be gone already.
exitWithParent(Number(process.env['WISSENSNETZ_SEARCH_PARENT']) || process.ppid);
const { BUILD_ERROR, BUILD_RESULT, TEXT_FILE } = await import('../lib/search/worker');
try {
  let outcome: unknown;
  if (mode === 'texts') {
    const { newestArtefactVersions } = await import('../lib/files/artefacts');
    const { abandonReading, cacheFileTexts } = await import('../lib/search/text-cache');
    // Asked to stop (server shutdown): the file being read did not fail, so read it again next time.
    process.once('SIGTERM', () => {
      abandonReading();
      process.exit(1);
    });
    outcome = { read: await cacheFileTexts(newestArtefactVersions(), (sha) => process.stdout.write(`\n${TEXT_FILE}${sha}\n`)) };
  } else {
    const { runBuild } = await import('../lib/search/build');
    outcome = await runBuild(mode);
  }
  process.stdout.write(`\n${BUILD_RESULT}${JSON.stringify(outcome)}\n`);
  process.exit(0);
} catch (err) {
  // The message on a line of its own first: other output may have come before it (pagefind logs to stderr).
  process.stderr.write(`\n${BUILD_ERROR}${JSON.stringify((err as Error).message ?? String(err))}\n${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
