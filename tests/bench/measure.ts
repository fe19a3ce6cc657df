import fs from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU time (user + system) per request in ms, when the server's pid was given. */
  cpuMs?: number;
}

export interface LoadOptions {
  /** The origin, e.g. http://127.0.0.1:4321 */
  url: string;
  connections: number;
  /** Seconds to run. */
  duration: number;
  /** Stop after this many requests instead (then duration is an upper bound). */
  requests?: number;
  headers?: Record<string, string>;
  /** Paths requested in turn (default: the URL's own path), starting at `offset`. */
  paths?: string[];
  offset?: number;
  /** The server's process id: then cpuMs is measured. */
  pid?: number;
}

/**
 * Keeps `connections` keep-alive connections busy for `duration` seconds, each sending its next
 * request when the answer is in, and times every request itself. autocannon 9's latencies can be
 * impossible here (a median of a second at 2,000 requests/s over ten connections); the read API
 * bench uses this client for that reason. Its own overhead caps it lower than autocannon.
 */
export async function load(options: LoadOptions): Promise<Figures & { total: number }> {
  const target = new URL(options.url);
  const paths = options.paths ?? [`${target.pathname}${target.search}`];
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const times: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let turn = options.offset ?? 0;
  let left = options.requests ?? Infinity;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get({ host: target.hostname, port: target.port, path: paths[turn++ % paths.length], headers: options.headers, agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          times.push(performance.now() - started);
          if (res.statusCode! < 200 || res.statusCode! > 299) non2xx++;
          resolve();
        });
        res.on('error', () => (errors++, resolve()));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => (errors++, resolve()));
    });
  const cpuBefore = options.pid ? cpuTimeMs(options.pid) : 0;
  const started = Date.now();
  const end = started + options.duration * 1000;
  await Promise.all(Array.from({ length: options.connections }, async () => {
    while (Date.now() < end && left-- > 0) await one();
  }));
  const seconds = (Date.now() - started) / 1000;
  const cpu = options.pid ? perRequest(cpuTimeMs(options.pid) - cpuBefore, times.length) : undefined;
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]! * 10) / 10 : 0);
  return { rps: Math.round(times.length / seconds), p50: at(0.5), p99: at(0.99), errors, non2xx, total: times.length, ...(cpu === undefined ? {} : { cpuMs: cpu }) };
}

/** One autocannon run against a URL on 127.0.0.1 after a warm-up (JIT, caches, heap growth); with pid, the server's CPU time per request too. */
export async function measure(url: string, connections: number, headers: Record<string, string>, seconds: number, pid?: number): Promise<Figures> {
  await autocannon({ url, connections, duration: 2, headers });
  const cpuBefore = pid ? cpuTimeMs(pid) : 0;
  const r = await autocannon({ url, connections, duration: seconds, headers });
  const cpu = pid ? perRequest(cpuTimeMs(pid) - cpuBefore, r.requests.total) : undefined;
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, ...(cpu === undefined ? {} : { cpuMs: cpu }) };
}

/**
 * CPU time (user + system) a process has used so far, in ms (Linux; the kernel counts in ticks
 * of 10 ms). Unlike requests per second, it does not depend on what else the machine's cores
 * do meanwhile, the load generator included.
 */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name in parentheses start with the third (state); utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const perRequest = (ms: number, requests: number) => (requests > 0 ? Math.round((ms / requests) * 1000) / 1000 : 0);

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
