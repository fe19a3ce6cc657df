import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { getDb } from '../../../src/lib/db/client';
import { runBuild } from '../../../src/lib/search/build';
import { readPointer, searchDir, writePointer } from '../../../src/lib/search/layout';
import { pagefindServices } from '../../../src/lib/search/pagefind-process';
import { rebuildSearchIndex, stopSearchIndexing } from '../../../src/lib/search/scheduler';
import { publishBeitrag } from '../../fixtures/beitraege';
import { openSearch } from '../../fixtures/search-client';

// Pagefind's indexer is a process of its own. When it ends while a build waits for its answer
// (the out-of-memory killer at a large hub, an operator's kill), the build must fail at once with
// a message naming it, leave nothing behind and keep the index that is served, not wait for the
// scheduler's timeout (15 minutes) with the new Beiträge unsearchable meanwhile.

const BEITRAEGE = 600;
const SENTENCES = ['Die Schulen melden Störungen über das Serviceportal.', 'Der Rahmenvertrag für Tablets wurde gemeinsam mit dem Kreis ausgeschrieben.', 'Die Betreuung am Nachmittag läuft in allen Grundschulen.', 'Das Jugendamt berät Familien in der Sprechstunde.', 'Die Vergabestelle prüft die Angebote nach der UVgO.'];

/** Waits until this process has started pagefind's service, and returns its id. */
async function nextPagefind(): Promise<number> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const [pid] = pagefindServices();
    if (pid !== undefined) return pid;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('pagefind was never started');
}

/** How the build ends: its error message and seconds after the kill, or 'waiting' after 30 s. */
async function outcomeAfterKill(build: Promise<unknown>, killedAt: () => number): Promise<{ message: string; seconds: number } | 'waiting'> {
  const settled = build.then(
    () => ({ message: 'the build succeeded', seconds: (Date.now() - killedAt()) / 1000 }),
    (err: Error) => ({ message: err.message, seconds: (Date.now() - killedAt()) / 1000 }),
  );
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<'waiting'>((r) => (timer = setTimeout(() => r('waiting'), 30_000)));
  try {
    return await Promise.race([settled, waiting]);
  } finally {
    clearTimeout(timer);
  }
}

/** CPU seconds a process has used so far (user and system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Waits until the process has used this much CPU time: by then it has indexed part of the Beiträge, whatever the load. */
async function untilBusy(pid: number, seconds: number): Promise<void> {
  while (cpuSeconds(pid) < seconds) await new Promise((r) => setTimeout(r, 5));
}

/** Parent process id of a process, or null when it is gone. */
function parentOf(pid: number): number | null {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return null;
  }
}

/** The pagefind service started by a search worker that this process started (as the server runs builds). */
async function workersPagefind(): Promise<number> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let args: string[];
      try {
        args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        continue;
      }
      if (!args.includes('--service') || !/pagefind/.test(args[0] ?? '')) continue;
      const worker = parentOf(Number(entry));
      if (worker !== null && parentOf(worker) === process.pid) return Number(entry);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("the worker's pagefind was never started");
}

const leftovers = () => fs.readdirSync(searchDir()).filter((f) => f.startsWith('tmp-'));

let served = '';

beforeAll(async () => {
  getDb().transaction(() => {
    for (let i = 0; i < BEITRAEGE; i++) {
      const body = Array.from({ length: 30 }, (_, k) => SENTENCES[(i + k * 3) % SENTENCES.length]).join(' ');
      publishBeitrag({ title: `Erfahrungsbericht ${i} aus der Schulverwaltung`, body });
    }
  });
  const first = await runBuild('full');
  writePointer(first.pointer!);
  served = readPointer()!.base;
});
afterAll(async () => {
  await stopSearchIndexing();
});

describe('a build whose pagefind process ends', () => {
  // Pagefind itself logs "Service stopped" when a record can no longer be written to the ended
  // process; that line is expected here, any other error is not.
  const pagefindLines: string[] = [];
  const expectOnlyPagefindsOwnLine = () => {
    const errors = vi.mocked(console.error);
    errors.mockImplementation((...args: unknown[]) => {
      const line = args.map(String).join(' ');
      if (!line.startsWith('Service stopped')) throw new Error(`console.error: ${line}`);
      pagefindLines.push(line);
    });
  };

  it.each([
    ['as it starts', 0],
    ['while it indexes the Beiträge', 0.3],
  ])('fails within seconds when the process is killed %s, and keeps the served index', async (_when, busy) => {
    expectOnlyPagefindsOwnLine();
    let killedAt = 0;
    const build = runBuild('full');
    const pid = await nextPagefind();
    await untilBusy(pid, busy);
    process.kill(pid, 'SIGKILL');
    killedAt = Date.now();
    const outcome = await outcomeAfterKill(build, () => killedAt);
    expect(outcome, 'the build still waited 30 s after pagefind was killed').not.toBe('waiting');
    const { message, seconds } = outcome as { message: string; seconds: number };
    expect(message).toMatch(new RegExp(`pagefind's process \\(pid ${pid}\\) ended unexpectedly while indexing public`));
    expect(seconds).toBeLessThan(15);
    // Nothing half-built stays behind, no pagefind process is left running, and the index served
    // before is the one served now.
    expect(leftovers()).toEqual([]);
    expect([...pagefindServices()]).toEqual([]);
    expect(readPointer()!.base).toBe(served);
  });

  it("reports it in the server's build status, in the worker process the server runs builds in", async () => {
    const build = rebuildSearchIndex('Test');
    const pid = await workersPagefind();
    await untilBusy(pid, 0.3);
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const outcome = await outcomeAfterKill(build, () => killedAt);
    expect(outcome, 'the build still waited 30 s after pagefind was killed').not.toBe('waiting');
    const status = await build;
    expect(status.ok).toBe(false);
    // Pagefind's own complaint on stderr ("Service stopped …") comes first; the status names what happened.
    expect(status.error).toMatch(new RegExp(`^Suchindex-Aufbau fehlgeschlagen \\(Exit-Code 1\\): Building the search index in \\S+ failed: pagefind's process \\(pid ${pid}\\) ended unexpectedly while indexing public`));
    expect(leftovers()).toEqual([]);
    expect(readPointer()!.base).toBe(served);
  });

  it('builds again afterwards, and the Beiträge are found', async () => {
    const outcome = await runBuild('full');
    writePointer(outcome.pointer!);
    expect(outcome.documents).toBeGreaterThanOrEqual(BEITRAEGE);
    const session = await openSearch(getConfig().dataDir, ['public']);
    try {
      const hits = await session.search('Erfahrungsbericht 123');
      expect(hits[0]?.title).toBe('Erfahrungsbericht 123 aus der Schulverwaltung');
    } finally {
      await session.close();
    }
  });
});
