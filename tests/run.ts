// `npm test`: type check, build, then unit, integration and browser tests in one vitest run.
import '../src/cli/node-version';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromiumPath } from './e2e/browser';

const chromium = chromiumPath();
if (!fs.existsSync(chromium)) {
  process.stderr.write(
    `The browser tests need Chromium at ${chromium}, which is missing.\n` +
      `Install it with:  apt-get update && apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at an existing Chromium binary. Tests are never skipped silently.\n`,
  );
  process.exit(1);
}

// The synonym tests use the real OpenThesaurus; without it search works, but those tests cannot.
const thesaurus = process.env['WISSENSNETZ_THESAURUS'] || '/usr/share/openthesaurus-de/openthesaurus.txt';
if (!fs.existsSync(thesaurus)) {
  process.stderr.write(
    `The search tests need the German thesaurus at ${thesaurus}, which is missing.\n` +
      `Install it with:  apt-get update && apt-get install -y openthesaurus-de-text\n` +
      `or point WISSENSNETZ_THESAURUS at OpenThesaurus's text file. Tests are never skipped silently.\n`,
  );
  process.exit(1);
}

function run(label: string, cmd: string, args: string[]): void {
  process.stdout.write(`\n== ${label} ==\n`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) {
    process.stderr.write(`${label} failed\n`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name: string) => `node_modules/.bin/${name}`;
run('astro check', bin('astro'), ['check', '--minimumSeverity', 'error']);
// npm run build: astro build plus the CLI bundles in dist/cli that production mode starts with node.
run('build', 'npm', ['run', '--silent', 'build']);
const results = 'tests/.tmp/vitest-results.json';
fs.mkdirSync('tests/.tmp', { recursive: true });
const vitest = spawnSync(bin('vitest'), ['run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
if (fs.existsSync(results)) {
  const summary = JSON.parse(fs.readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  process.stdout.write(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped\n`);
}
process.exit(vitest.status ?? 1);
