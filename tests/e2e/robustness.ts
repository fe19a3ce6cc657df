import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { TestServer } from './server';

/** What a broken request must not leave behind: rows, stored files, unfinished uploads. */
export interface Footprint {
  artefacts: number;
  versions: number;
  reuses: number;
  sessions: number;
  revisions: number;
  blobs: number;
  temps: number;
}

export function footprint(server: TestServer): Footprint {
  const db = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  try {
    const root = path.join(server.dataDir, 'files');
    const tmp = path.join(root, 'tmp');
    const blobDirs = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => /^[0-9a-f]{2}$/.test(d)) : [];
    return {
      artefacts: n('artefacts'),
      versions: n('artefact_versions'),
      reuses: n('reuses'),
      sessions: n('sessions'),
      revisions: n('revisions'),
      blobs: blobDirs.reduce((sum, d) => sum + fs.readdirSync(path.join(root, d)).length, 0),
      temps: fs.existsSync(tmp) ? fs.readdirSync(tmp).length : 0,
    };
  } finally {
    db.close();
  }
}

/**
 * The footprint once no upload is in progress any more (a request aborted by an earlier step
 * may still be on its way through the app): the baseline a test compares with.
 */
export async function settledFootprint(server: TestServer): Promise<Footprint> {
  const until = Date.now() + 10_000;
  let now = footprint(server);
  while (now.temps > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    now = footprint(server);
  }
  expect(now.temps, 'unfinished uploads left behind').toBe(0);
  return now;
}

/**
 * Waits until the footprint equals `expected` (the app finishes an aborted request a moment
 * after the client left), failing with the difference when it does not within 10 s.
 */
export async function expectFootprint(server: TestServer, expected: Footprint): Promise<void> {
  const until = Date.now() + 10_000;
  let now = footprint(server);
  while (JSON.stringify(now) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    now = footprint(server);
  }
  expect(now).toEqual(expected);
}

/** The server process is still running and answers a page and its health check. */
export async function expectServing(server: TestServer): Promise<void> {
  expect(server.process.exitCode, `server exited:\n${server.output().slice(-3000)}`).toBeNull();
  expect(server.process.signalCode).toBeNull();
  expect((await fetch(server.url + '/health')).status).toBe(200);
  expect((await fetch(server.url + '/')).status).toBe(200);
}

/** Nothing in the server's output looks like a crash or a stack trace. */
export function expectNoStackTraces(server: TestServer): void {
  const output = server.output();
  expect(output).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
  expect(output).not.toMatch(/\[ERROR\]|Unhandled|uncaught|Emitted 'error' event/i);
}

/** A German error page (the app's or the server's own), without traces of the code. */
export function expectGermanPage(body: string, status: number): void {
  expect(body).toContain('lang="de"');
  expect(body).toContain(`Fehlercode ${status}`);
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|TypeError|SyntaxError/);
}

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Samples a process's RSS every 50 ms while `work` runs; returns the peak. */
export async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, rssMb(pid));
    } catch {
      // The process is gone; the caller's checks will say so.
    }
  }, 50);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, rssMb(pid));
    return { result, peakMb };
  } finally {
    clearInterval(timer);
  }
}
