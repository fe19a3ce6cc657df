import fs from 'node:fs';
import autocannon from 'autocannon';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * An autocannon run with the latency percentiles taken from every response's own time: the
 * histogram autocannon 9 reports gives figures that cannot be (a p50 of a second at
 * 2,000 requests/s over ten connections).
 */
export async function cannon(options: autocannon.Options): Promise<Figures & { total: number }> {
  const times: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]! * 10) / 10 : 0);
  return { rps: Math.round(r.requests.average), p50: at(0.5), p99: at(0.99), errors: r.errors + r.timeouts, non2xx: r.non2xx, total: r.requests.total };
}

/** One autocannon run against a URL on 127.0.0.1 after a warm-up (JIT, caches, heap growth). */
export async function measure(url: string, connections: number, headers: Record<string, string>, seconds: number): Promise<Figures> {
  await cannon({ url, connections, duration: 2, headers });
  const { total: _total, ...figures } = await cannon({ url, connections, duration: seconds, headers });
  return figures;
}

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
