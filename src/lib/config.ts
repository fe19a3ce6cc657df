import path from 'node:path';

/** Runtime settings, read once from the environment (documented in README "Configuration"). */
export interface Config {
  dataDir: string;
  tenantsDir: string;
  contentDir: string;
  /** OpenThesaurus in its text format (Debian: openthesaurus-de-text); search works without it, with fewer synonyms. */
  thesaurusFile: string;
  host: string;
  port: number;
  /** The public origin, e.g. https://wissensnetz.kreis-coesfeld.de; used in links the hub hands out. */
  origin: string;
  /** Origins a state-changing request may come from: the configured one, or the loopback names when none is set. */
  allowedOrigins: string[];
  secure: boolean;
  /** Address of a reverse proxy whose X-Forwarded-For we believe; empty means trust nobody. */
  trustedProxies: string[];
  uploadLimitBytes: number;
  /** Months the audit log keeps sign-in/session events and all other entries (audit/retention.ts). */
  auditRetention: { signInMonths: number; otherMonths: number };
  production: boolean;
  /** Who must use a second factor when signing in with a password (two-factor/policy.ts). */
  requireSecondFactorFor: SecondFactorRule;
  /** Read API: requests per minute per client address without a token, and per API token. */
  apiRateLimit: number;
  apiTokenRateLimit: number;
  /**
   * host:port pairs the OParl fetcher may reach although they resolve to a private or
   * loopback address. For tests with a local OParl server only; ignored in production.
   */
  oparlAllowHosts: string[];
}

/** `admin`: everyone with an admin role somewhere; `all`: everyone; `none`: nobody is forced. */
export const SECOND_FACTOR_RULES = ['admin', 'all', 'none'] as const;
export type SecondFactorRule = (typeof SECOND_FACTOR_RULES)[number];

let cached: Config | undefined;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 4321;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseOrigin(raw: string | undefined, host: string, port: number): string {
  const value = raw && raw !== '' ? raw : `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`WISSENSNETZ_ORIGIN must be an absolute URL like https://wissen.example.de, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`WISSENSNETZ_ORIGIN must use http or https, got "${value}"`);
  }
  return url.origin;
}

function parseUploadLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 25 * 1024 * 1024;
  const mb = Number(raw);
  // The Astro adapter refuses any body over 1 GiB on its own (a build-time setting): stay below it.
  if (!Number.isFinite(mb) || mb <= 0 || mb > 1000) throw new Error(`WISSENSNETZ_UPLOAD_LIMIT_MB must be a number above 0 and at most 1000, got "${raw}"`);
  return Math.floor(mb * 1024 * 1024);
}

function parseMonths(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > 1200) throw new Error(`${name} must be a whole number of months between 1 and 1200, got "${raw}"`);
  return months;
}

function parseSecondFactorRule(raw: string | undefined, production: boolean): SecondFactorRule {
  // Production forces admins to use a second factor unless the operator says otherwise; development
  // and the demo do not, so the demo accounts work with their password alone.
  if (raw === undefined || raw === '') return production ? 'admin' : 'none';
  if (!(SECOND_FACTOR_RULES as readonly string[]).includes(raw)) throw new Error(`WISSENSNETZ_REQUIRE_2FA_FOR must be one of ${SECOND_FACTOR_RULES.join(', ')}, got "${raw}"`);
  return raw as SecondFactorRule;
}

function parsePerMinute(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number of requests per minute, got "${raw}"`);
  return n;
}

function parseHostPorts(raw: string | undefined): string[] {
  const items = (raw ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const item of items) {
    if (!/^[a-z0-9.-]+:\d{1,5}$/.test(item)) throw new Error(`WISSENSNETZ_OPARL_ALLOW_HOSTS must list host:port pairs, got "${item}"`);
  }
  return items;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = env['WISSENSNETZ_ROOT'] ?? process.cwd();
  const host = env['HOST'] && env['HOST'] !== '' ? env['HOST'] : '127.0.0.1';
  const port = parsePort(env['PORT']);
  const configured = env['WISSENSNETZ_ORIGIN'] && env['WISSENSNETZ_ORIGIN'] !== '';
  // PORT=0 picks a free port; the server publishes the real one in WISSENSNETZ_PORT_ACTUAL.
  const actualPort = env['WISSENSNETZ_PORT_ACTUAL'] ? Number(env['WISSENSNETZ_PORT_ACTUAL']) : port;
  const origin = parseOrigin(env['WISSENSNETZ_ORIGIN'], host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host, actualPort);
  const allowedOrigins = configured
    ? [origin]
    : [...new Set([origin, `http://localhost:${actualPort}`, `http://127.0.0.1:${actualPort}`, `http://[::1]:${actualPort}`])];
  return {
    dataDir: path.resolve(root, env['WISSENSNETZ_DATA_DIR'] ?? 'data'),
    tenantsDir: path.resolve(root, env['WISSENSNETZ_TENANTS_DIR'] ?? 'tenants'),
    contentDir: path.resolve(root, env['WISSENSNETZ_CONTENT_DIR'] ?? 'content'),
    thesaurusFile: path.resolve(root, env['WISSENSNETZ_THESAURUS'] || '/usr/share/openthesaurus-de/openthesaurus.txt'),
    host,
    port,
    origin,
    allowedOrigins,
    secure: origin.startsWith('https:'),
    trustedProxies: (env['WISSENSNETZ_TRUSTED_PROXY'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    uploadLimitBytes: parseUploadLimit(env['WISSENSNETZ_UPLOAD_LIMIT_MB']),
    auditRetention: {
      signInMonths: parseMonths('WISSENSNETZ_AUDIT_RETENTION_MONTHS', env['WISSENSNETZ_AUDIT_RETENTION_MONTHS'], 12),
      otherMonths: parseMonths('WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS', env['WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS'], 36),
    },
    production: env['NODE_ENV'] === 'production',
    requireSecondFactorFor: parseSecondFactorRule(env['WISSENSNETZ_REQUIRE_2FA_FOR'], env['NODE_ENV'] === 'production'),
    apiRateLimit: parsePerMinute('WISSENSNETZ_API_RATE_LIMIT', env['WISSENSNETZ_API_RATE_LIMIT'], 300),
    apiTokenRateLimit: parsePerMinute('WISSENSNETZ_API_TOKEN_RATE_LIMIT', env['WISSENSNETZ_API_TOKEN_RATE_LIMIT'], 1200),
    oparlAllowHosts: env['NODE_ENV'] === 'production' ? [] : parseHostPorts(env['WISSENSNETZ_OPARL_ALLOW_HOSTS']),
  };
}

/** The process-wide configuration; tests call resetConfig() after changing the environment. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

export function resetConfig(): void {
  cached = undefined;
}
