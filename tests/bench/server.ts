import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  // A first start hashes the demo passwords: on a busy machine that takes a while.
  for (const until = Date.now() + 180_000; Date.now() < until; ) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url}:\n${output()}`);
}

/**
 * Starts the production bundle with plain node and the documented flag, as the systemd
 * unit in the README does. Request log lines go to /dev/null.
 */
export async function startProduction(dataDir: string, env: Record<string, string> = {}, root = ROOT): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  // Node 24 sizes the young generation from the machine's memory (128 MB here); 8 MB keeps RSS small.
  const child = spawn(process.execPath, ['--max-semi-space-size=8', 'dist/cli/start.mjs', '--no-build'], {
    cwd: root,
    env: { ...process.env, WISSENSNETZ_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/health`, child, () => err);
  return {
    url,
    child,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

/**
 * Puts every thread of a process on one core (util-linux's taskset; processes it starts later
 * inherit it). A bench keeps its load generator and the servers it measures on different
 * cores: a server sharing its core with the load generator pays for the other's cache misses
 * and waits. False when taskset is missing or refuses.
 */
export function pinToCore(pid: number, core: number): boolean {
  // A thread that ends while taskset walks the process's threads makes it fail: try again.
  let error = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { encoding: 'utf8' });
    if (r.status === 0) return true;
    error = r.error ? r.error.message : r.stderr.trim();
  }
  process.stderr.write(`could not pin process ${pid} to core ${core}: ${error}\n`);
  return false;
}

/** Child processes of a process (Linux). */
function children(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/**
 * Waits until the search index has been built since `since` and no indexing process has run
 * for three seconds: measuring while pagefind works on the second core would measure pagefind.
 */
export async function waitForSearchIdle(dataDir: string, pid: number, since: Date): Promise<void> {
  const status = path.join(dataDir, 'search', 'status.json');
  let quietSince = 0;
  for (let i = 0; i < 1800; i++) {
    let built = false;
    try {
      built = (JSON.parse(fs.readFileSync(status, 'utf8')) as { startedAt: string }[]).some((b) => new Date(b.startedAt) >= since);
    } catch {
      // no build finished yet
    }
    if (!built || children(pid).length > 0) quietSince = 0;
    else if (!quietSince) quietSince = Date.now();
    else if (Date.now() - quietSince >= 3000) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the search index did not settle within 6 minutes');
}

export async function startBare(file: string): Promise<{ url: string; child: ChildProcess; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/bare-server.ts', file, String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', () => resolve()));
  return { url: `http://127.0.0.1:${port}`, child, stop: () => child.kill('SIGTERM') };
}

/** Waits until the server has computed every related list in the background; the seconds it took. */
export async function waitForRelated(dataDir: string): Promise<number> {
  const db = new Database(path.join(dataDir, 'wissensnetz.db'), { readonly: true });
  const stale = db.prepare(
    `SELECT count(*) FROM documents d LEFT JOIN related_stamps s ON s.document_id = d.id
     WHERE d.status = 'veroeffentlicht' AND d.live_revision_id IS NOT NULL AND (s.list_revision_id IS NULL OR s.list_revision_id != d.live_revision_id)`,
  ).pluck();
  const started = Date.now();
  try {
    for (let n = stale.get() as number; n > 0; n = stale.get() as number) {
      if (Date.now() - started > 60 * 60_000) throw new Error(`${n} related lists still missing after an hour`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    db.close();
  }
  return (Date.now() - started) / 1000;
}
