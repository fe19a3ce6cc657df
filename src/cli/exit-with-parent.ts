import { Worker } from 'node:worker_threads';

// Runs in a thread of its own, so it acts even while the main thread is busy in one long
// computation (a build, a file being read), which would never get to a timer or an event.
const WATCH = `
const { workerData } = require('node:worker_threads');
const check = () => {
  if (process.ppid !== workerData.parent) process.kill(workerData.self, 'SIGKILL');
};
check();
setInterval(check, workerData.everyMs);
`;

/**
 * Ends this process when the process that started it is gone (a server killed with
 * SIGKILL cannot stop its workers itself): an orphan is handed to another parent, so its
 * parent id changes. `parent` is the id the starter gave (it may be gone before this
 * process got this far); checks every `everyMs`.
 */
export function exitWithParent(parent: number, everyMs = 250): void {
  const watcher = new Worker(WATCH, { eval: true, workerData: { parent, self: process.pid, everyMs } });
  watcher.unref();
}
