import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface DemoAccount {
  email: string;
  password: string;
  tenant: string;
  role: 'mitarbeiter' | 'redakteur' | 'admin';
}

export interface TestServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  accounts: DemoAccount[];
  account: (tenant: string, role: DemoAccount['role']) => DemoAccount;
  /**
   * Resolves once the request log has caught up with everything answered so far (it is written
   * once per event-loop turn): asks /health with a request id and waits for that line.
   * Needs a server started with WISSENSNETZ_LOG_REQUESTS=1 and WISSENSNETZ_TRUSTED_PROXY=127.0.0.1
   * (request ids are logged only from a trusted proxy; here the test plays the proxy).
   */
  logSettled: () => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts the built server (npm start without the build step) on a free port with its own data folder. */
export async function startServer(options: { dataDir?: string; env?: Record<string, string>; args?: string[]; entry?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wn-e2e-'));
  // entry: 'dist/cli/start.mjs' runs the production bundle with plain node.
  const entry = options.entry ?? 'src/cli/start.ts';
  const runner = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, [...runner, '--no-build', ...(options.args ?? [])], {
    cwd: ROOT,
    // No digests or reminders by the clock: a test runs them itself (notify-run --at), so a test
    // started after 07:00 Berlin time sees the same writes as one started before.
    env: { ...process.env, WISSENSNETZ_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', WISSENSNETZ_LOG_REQUESTS: '0', WISSENSNETZ_SCHEDULED_JOBS: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    // Migrating and seeding the demo data takes well over a minute when several test runs share two cores.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 180_000);
    child.stdout.on('data', () => {
      const m = /läuft auf (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const accountsFile = path.join(dataDir, 'demo-zugaenge.txt');
  const accounts: DemoAccount[] = fs.existsSync(accountsFile)
    ? fs.readFileSync(accountsFile, 'utf8').trim().split('\n').map((line) => {
        const [email, password, tenant, role] = line.split(' ');
        return { email: email!, password: password!, tenant: tenant!, role: role as DemoAccount['role'] };
      })
    : [];
  return {
    url,
    dataDir,
    process: child,
    output: () => out,
    accounts,
    account: (tenant, role) => {
      const a = accounts.find((x) => x.tenant === tenant && x.role === role);
      if (!a) throw new Error(`no demo account ${tenant}/${role}`);
      return a;
    },
    logSettled: async () => {
      const id = `settled-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      await fetch(`${url}/health`, { headers: { 'x-request-id': id } });
      const until = Date.now() + 10_000;
      while (!out.includes(`"id":"${id}"`)) {
        if (Date.now() > until) throw new Error('the request log did not catch up within 10 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/** Runs `fn` on a read-only handle of the server's database, closed afterwards. */
export function readServerDb<T>(server: TestServer, fn: (d: Database.Database) => T): T {
  const d = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
  try {
    return fn(d);
  } finally {
    d.close();
  }
}
