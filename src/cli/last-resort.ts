import type { EventEmitter } from 'node:events';

/** More than this many uncaught exceptions within WINDOW_MS: the process is not healthy, let it end. */
const MAX_IN_WINDOW = 10;
const WINDOW_MS = 60_000;

/**
 * Defence in depth for the server process. Every error a request can cause is handled where
 * it arises (streams have error listeners, readers answer 400/413); the tests fail if this
 * handler ever logs. Should a cause we have not found still throw outside any request's
 * handling, one such error must not take the hub down for every user: it is logged (English,
 * with its stack: it is our fault, not the client's) and the server goes on. The state it can
 * leave is small — database writes are synchronous transactions that roll back on a throw,
 * and an unfinished upload's temp file is swept at the next start. A burst of them means
 * something is broken for good: then the process exits 1 for the supervisor (systemd
 * Restart=on-failure) to restart it.
 */
export function installLastResort(proc: EventEmitter, log: (line: string) => void, exit: (code: number) => void): void {
  const recent: number[] = [];
  proc.on('uncaughtException', (err: unknown) => {
    const now = Date.now();
    recent.push(now);
    while (recent.length > 0 && recent[0]! < now - WINDOW_MS) recent.shift();
    const error = err instanceof Error ? err : new Error(String(err));
    const fatal = recent.length > MAX_IN_WINDOW;
    log(JSON.stringify({ t: new Date(now).toISOString(), level: 'error', event: 'uncaught-exception', fatal, message: error.message, stack: error.stack ?? '' }));
    if (fatal) exit(1);
  });
}
