import { getConfig } from '../config';
import { currentDataVersion } from '../db/data-version';
import { fetchAndStorePaper, findPendingPapers } from './papers';
import { DEFAULT_FETCH_OPTIONS } from './safe-fetch';

// Fetches OParl papers off the request path, like the search scheduler: the server process
// polls for new revisions (from this process or the CLI) and fetches what they name, one
// paper at a time, once. State lives on globalThis for the same reason as the search
// scheduler's: the start script and the Astro bundle are two module copies in one process.
interface State {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  lastRevisionId: number;
  dataVersion: string | null;
  /** Set on shutdown: a pass stops after the paper in hand. */
  stopping: boolean;
}

const KEY = Symbol.for('wissensnetz.council.scheduler');
const state: State = ((globalThis as Record<symbol, unknown>)[KEY] ??= { timer: null, running: null, lastRevisionId: 0, dataVersion: null, stopping: false } satisfies State) as State;

function pollMs(): number {
  const n = Number(process.env['WISSENSNETZ_OPARL_POLL_MS'] ?? '');
  return Number.isFinite(n) && n > 0 ? n : 2000;
}

/** One pass: fetch every OParl paper named since the last pass. Resolves when done. */
export function runCouncilFetch(): Promise<void> {
  if (state.running) return state.running;
  const run = (async () => {
    try {
      const version = currentDataVersion();
      if (version === state.dataVersion) return;
      const { pending, lastRevisionId } = findPendingPapers(state.lastRevisionId);
      for (const paper of pending) {
        if (state.stopping) return;
        await fetchAndStorePaper(paper, { ...DEFAULT_FETCH_OPTIONS, allowHosts: getConfig().oparlAllowHosts });
      }
      state.lastRevisionId = lastRevisionId;
      // Our own writes moved the version; the next pass compares against what we left behind.
      state.dataVersion = currentDataVersion();
    } catch (err) {
      process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'oparl-fetch', error: String((err as Error)?.message ?? err) }) + '\n');
    }
  })();
  // Cleared after assigning: a pass that finds nothing to do completes synchronously.
  state.running = run;
  void run.finally(() => {
    if (state.running === run) state.running = null;
  });
  return run;
}

export function startCouncilFetching(): void {
  if (state.timer) return;
  state.stopping = false;
  const tick = () => {
    void runCouncilFetch().finally(() => {
      if (!state.timer) return;
      state.timer = setTimeout(tick, pollMs());
      state.timer.unref();
    });
  };
  state.timer = setTimeout(tick, 0);
  state.timer.unref();
}

export async function stopCouncilFetching(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.stopping = true;
  await state.running;
}
