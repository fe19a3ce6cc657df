import { spawn, type ChildProcess } from 'node:child_process';
import type { BuildMode, BuildOutcome } from './build';
import { scriptFor, sourceWorkerBundle } from './worker-bundle';

/** The line with which a worker reports its outcome (JSON after the prefix). */
export const BUILD_RESULT = 'SEARCH-BUILD-RESULT ';
/** The line on stderr with which a worker reports why it failed (a JSON string after the prefix). */
export const BUILD_ERROR = 'SEARCH-BUILD-ERROR ';
/** The line with which the texts step says which file it starts to read. */
export const TEXT_FILE = 'SEARCH-TEXT-FILE ';

const running = new Set<ChildProcess>();

function seconds(name: string, fallback: number): number {
  const s = Number(process.env[name] ?? '');
  return (Number.isFinite(s) && s > 0 ? s : fallback) * 1000;
}

/** A search build running longer is killed (the old index keeps serving). */
const buildTimeoutMs = () => seconds('WISSENSNETZ_SEARCH_TIMEOUT_S', 15 * 60);
/** Reading the text of one file taking longer: the texts step is killed, the file gets no text. */
const fileTimeoutMs = () => seconds('WISSENSNETZ_SEARCH_FILE_TIMEOUT_S', 10);

/**
 * How to start the worker: the production bundle (node dist/cli/start.mjs) starts the bundled
 * worker next to it with plain node; started from source (npm start, tests), the worker is
 * bundled from the current sources (worker-bundle.ts), so it is never older than the code that
 * asks for it, or, when that cannot be done, runs from source through tsx.
 */
export function workerCommand(root: string, entry = process.argv[1] ?? '', fromSource: (root: string) => string | null = sourceWorkerBundle): string[] {
  const script = scriptFor('search-worker', root, entry, fromSource);
  return script.tsx ? ['--import', 'tsx', script.file] : [script.file];
}

function reportedMessage(json: string): string {
  try {
    return String(JSON.parse(json));
  } catch {
    return json;
  }
}

/**
 * Runs one worker step in a child process and returns what it reports. The step is killed
 * after the build timeout, and, when `perFileMs` is given, when one file takes longer.
 */
function runStep<T>(step: string, options: { nodeOptions?: string[]; perFileMs?: number } = {}): Promise<T> {
  const root = process.env['WISSENSNETZ_ROOT'] ?? process.cwd();
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...workerCommand(root), step], {
    cwd: root,
    // The worker ends itself when this process is gone (src/cli/exit-with-parent.ts).
    env: { ...process.env, WISSENSNETZ_SEARCH_PARENT: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  let why = '';
  const kill = (reason: string) => {
    why ||= reason;
    child.kill('SIGKILL');
  };
  let fileTimer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (d: Buffer) => {
    const before = out.length;
    out += d.toString();
    if (options.perFileMs === undefined) return;
    // A new file started: its own time begins.
    const lines = out.slice(out.lastIndexOf('\n', before) + 1).split('\n');
    const started = lines.slice(0, -1).filter((l) => l.startsWith(TEXT_FILE)).pop();
    if (started) {
      clearTimeout(fileTimer);
      fileTimer = setTimeout(() => kill(`reading ${started.slice(TEXT_FILE.length, TEXT_FILE.length + 12)}… took longer than ${options.perFileMs} ms`), options.perFileMs);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => kill('timeout'), buildTimeoutMs());
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(fileTimer);
      running.delete(child);
      const line = out.split('\n').find((l) => l.startsWith(BUILD_RESULT));
      if (code === 0 && line) return resolve(JSON.parse(line.slice(BUILD_RESULT.length)) as T);
      const ended = signal ? `beendet durch ${signal}${why ? `, ${why}` : ''}` : `Exit-Code ${code}`;
      const reported = err.split('\n').find((l) => l.startsWith(BUILD_ERROR));
      const reason = reported ? reportedMessage(reported.slice(BUILD_ERROR.length)) : err.trim().split('\n').slice(0, 3).join(' ');
      reject(new Error(`Suchindex-Aufbau fehlgeschlagen (${ended}): ${reason.slice(0, 500)}`));
    });
  });
}

/** Runs one build in a child process (src/cli/search-worker.ts) and returns what it reports. */
export function runWorker(mode: BuildMode): Promise<BuildOutcome> {
  return runStep<BuildOutcome>(mode);
}

/**
 * Reads the text of files not read yet (src/lib/search/text-cache.ts) in a child process with
 * a bounded heap, killed when one file takes longer than WISSENSNETZ_SEARCH_FILE_TIMEOUT_S.
 */
export function runTextsWorker(): Promise<{ read: number }> {
  return runStep<{ read: number }>('texts', { nodeOptions: ['--max-old-space-size=512'], perFileMs: fileTimeoutMs() });
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
