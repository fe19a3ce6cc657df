import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isLookupableHost, isPublicAddress } from './address-guard';

// A small GET client for addresses that editors type in (OParl URLs): http(s) only, a
// deadline for the whole exchange, a byte limit, a few redirects, and no private addresses.
// The address check runs inside the socket's DNS lookup, so the address connected to is the
// address checked (no second lookup an attacker's DNS could answer differently), and again
// for every redirect. IP literals skip DNS, so they are checked before connecting.

export interface SafeFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** host:port pairs allowed despite a private address (test setups only). */
  allowHosts: readonly string[];
}

export const DEFAULT_FETCH_OPTIONS: Omit<SafeFetchOptions, 'allowHosts'> = { timeoutMs: 8000, maxBytes: 512 * 1024, maxRedirects: 3 };

/** A refused or failed fetch; the message is for operators (English) and goes into the audit log. */
export class FetchRefused extends Error {}

function hostPort(url: URL): string {
  return `${url.hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup that refuses any non-public answer (all answers are checked: the socket may try each). */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (list.length === 0 || bad) {
      return callback(Object.assign(new Error(`${hostname} resolves to a non-public address${bad ? ` (${bad.address})` : ''}`), { code: 'EREFUSED_PRIVATE' }), []);
    }
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  });
}

/**
 * Refuses a URL before any connection: other schemes, credentials, IP literals that are not
 * public, names that are not public DNS names. Returns whether the host is on the test allow-list.
 */
export function checkTarget(url: URL, allowHosts: readonly string[]): { allowed: boolean } {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused(`refused ${url.protocol} URL: only http and https are fetched`);
  if (url.username || url.password) throw new FetchRefused('refused URL with credentials');
  if (allowHosts.includes(hostPort(url))) return { allowed: true };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    if (!isPublicAddress(host)) throw new FetchRefused(`refused non-public address ${host}`);
  } else if (!isLookupableHost(host)) {
    throw new FetchRefused(`refused host name ${host}: not a public DNS name`);
  }
  return { allowed: false };
}

function requestOnce(url: URL, allowed: boolean, options: SafeFetchOptions, deadline: number): Promise<{ status: number; location: string | null; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const left = deadline - Date.now();
    if (left <= 0) return reject(new FetchRefused(`timed out after ${options.timeoutMs} ms`));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { Accept: 'application/json', 'User-Agent': 'Wissensnetz-OParl/1 (+https://www.kreis-coesfeld.de)' },
        // An allow-listed test server is connected to as configured; every other host only through the guard.
        ...(allowed ? {} : { lookup: guardedLookup as unknown as net.LookupFunction }),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === 'string' ? res.headers.location : null;
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location, type: '', body: Buffer.alloc(0) });
        }
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          req.destroy();
          return reject(new FetchRefused(`response of ${declared} bytes exceeds the limit of ${options.maxBytes}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy(new FetchRefused(`response exceeds the limit of ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, location, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new FetchRefused(`timed out after ${options.timeoutMs} ms`)), left);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject((err as NodeJS.ErrnoException).code === 'EREFUSED_PRIVATE' ? new FetchRefused(err.message) : err);
    });
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

/** GETs a JSON document; throws FetchRefused (or a network error) for anything not allowed or not JSON. */
export async function fetchJson(address: string, options: SafeFetchOptions): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new FetchRefused('not a URL');
  }
  const deadline = Date.now() + options.timeoutMs;
  for (let hop = 0; ; hop++) {
    const { allowed } = checkTarget(url, options.allowHosts);
    const res = await requestOnce(url, allowed, options, deadline);
    if (res.status >= 300 && res.status < 400) {
      if (!res.location) throw new FetchRefused(`redirect ${res.status} without Location`);
      if (hop >= options.maxRedirects) throw new FetchRefused(`more than ${options.maxRedirects} redirects`);
      url = new URL(res.location, url);
      continue;
    }
    if (res.status !== 200) throw new FetchRefused(`answered HTTP ${res.status}`);
    if (!/json/i.test(res.type)) throw new FetchRefused(`answered ${res.type || 'no content type'}, not JSON`);
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new FetchRefused('answer is not valid JSON');
    }
  }
}
