import fs from 'node:fs';

// Pagefind's Node wrapper runs its indexer as a child process and forgets the requests on their
// way only when the pipe to it reports an error. When the process ends while the wrapper waits
// for an answer (the kernel's out-of-memory killer, an operator's kill), nothing is written to it
// any more, so nothing reports an error and the build would wait until the scheduler's timeout.
// The watch below looks at the process itself: once it is gone, it calls onEnd (which closes the
// wrapper, and so fails every request on its way). Linux only (/proc); elsewhere it watches nothing.

const POLL_MS = 250;

/** State letter of a process from /proc/<pid>/stat, or null when there is no such process. */
function stateOf(pid: number): { state: string; ppid: number } | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: state ?? '', ppid: Number(ppid) };
}

const isPagefindService = (pid: number): boolean => {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.includes('--service') && /pagefind/.test(args[0] ?? '');
  } catch {
    return false;
  }
};

/** The pagefind service processes this process started (ids; empty where /proc does not exist). */
export function pagefindServices(): Set<number> {
  const found = new Set<number>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (stateOf(pid)?.ppid === process.pid && isPagefindService(pid)) found.add(pid);
  }
  return found;
}

export interface PagefindWatch {
  /** The watched process, or null when none could be told apart. */
  readonly pid: number | null;
  /** Whether the process has ended (looked at now, not only at the last poll). */
  ended(): boolean;
  stop(): void;
}

/**
 * Watches the pagefind service that was started after `before` was taken (pagefindServices()),
 * or the only one running. Calls onEnd once when it is gone (or left as a zombie).
 */
export function watchPagefind(before: Set<number>, onEnd: (pid: number) => void): PagefindWatch {
  const now = pagefindServices();
  const started = [...now].filter((p) => !before.has(p));
  const pid = started.length === 1 ? started[0]! : now.size === 1 ? [...now][0]! : null;
  let gone = false;
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const ended = (): boolean => {
    if (gone || pid === null) return gone;
    const s = stateOf(pid);
    if (s && s.ppid === process.pid && s.state !== 'Z' && s.state !== 'X') return false;
    gone = true;
    stop();
    onEnd(pid);
    return true;
  };
  if (pid !== null) {
    // Not unref'd: once the process is gone, this timer may be all that keeps the event loop
    // alive (a worker process would otherwise exit with its build's promise unsettled).
    timer = setInterval(ended, POLL_MS);
  }
  return { pid, ended, stop };
}
