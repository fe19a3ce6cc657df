import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BuildMode, BuildOutcome } from './build';

const RESULT_PREFIX = 'SEARCH-BUILD-RESULT ';
const running = new Set<import('node:child_process').ChildProcess>();

function timeoutMs(): number {
  const s = Number(process.env['WISSENSNETZ_SEARCH_TIMEOUT_S'] ?? '');
  return Number.isFinite(s) && s > 0 ? s * 1000 : 15 * 60_000;
}

/**
 * How to start the worker: the production bundle (node dist/cli/start.mjs) starts the bundled
 * worker next to it with plain node; started from source (npm start, tests), the worker runs
 * from source through tsx, so it is never older than the code that asks for it.
 */
export function workerCommand(root: string, entry = process.argv[1] ?? ''): string[] {
  const bundled = path.join(root, 'dist', 'cli', 'search-worker.mjs');
  if (path.resolve(path.dirname(entry)) === path.dirname(bundled)) return [bundled];
  return ['--import', 'tsx', path.join(root, 'src', 'cli', 'search-worker.ts')];
}

/** Runs one build in a child process (src/cli/search-worker.ts) and returns what it reports. */
export function runWorker(mode: BuildMode): Promise<BuildOutcome> {
  const root = process.env['WISSENSNETZ_ROOT'] ?? process.cwd();
  const child = spawn(process.execPath, [...workerCommand(root), mode], {
    cwd: root,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs());
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) return resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as BuildOutcome);
      const why = signal ? `beendet durch ${signal}` : `Exit-Code ${code}`;
      reject(new Error(`Suchindex-Aufbau fehlgeschlagen (${why}): ${err.trim().split('\n').slice(0, 3).join(' ').slice(0, 500)}`));
    });
  });
}

/** Ends builds in progress (server shutdown) and resolves once they are gone; half-written folders are removed later. */
export function killWorkers(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  );
  return Promise.all(exits).then(() => undefined);
}
