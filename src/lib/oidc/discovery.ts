import * as client from 'openid-client';
import type { ProviderSettings } from './settings';

/** Thrown when a provider's discovery document cannot be fetched or is not valid. */
export class ProviderUnavailable extends Error {}

// Discovery happens when the provider is first needed, not at start-up: a provider that is down
// must not keep the hub (and password sign-in) from starting. A failure is remembered briefly, so
// a burst of clicks does not become a burst of requests, and the next click after that tries again.
const TIMEOUT_S = 5;
const RETRY_AFTER_MS = 5_000;
const REFRESH_AFTER_MS = 24 * 60 * 60_000;

type Entry = { config: client.Configuration; at: number } | { failed: Error; at: number };
const cache = new Map<string, Entry>();
const inFlight = new Map<string, Promise<client.Configuration>>();

function key(settings: ProviderSettings): string {
  return `${settings.tenant} ${settings.issuer} ${settings.clientId}`;
}

async function discover(settings: ProviderSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  // The tenant schema allows http only for localhost (development and tests).
  // Non-repudiation checks: the ID token's signature is verified against the provider's published
  // keys (JWKS) even though it came straight from the token endpoint, where OpenID Connect would
  // let a client rely on TLS alone; a token signed with any other key is refused.
  const execute = [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])];
  return client.discovery(issuer, settings.clientId, { client_secret: settings.clientSecret }, client.ClientSecretPost(settings.clientSecret), { execute, timeout: TIMEOUT_S });
}

/** The provider's configuration (endpoints, keys), discovered once and then cached. */
export async function providerConfiguration(settings: ProviderSettings, now = Date.now()): Promise<client.Configuration> {
  const k = key(settings);
  const entry = cache.get(k);
  if (entry && 'config' in entry && now - entry.at < REFRESH_AFTER_MS) return entry.config;
  if (entry && 'failed' in entry && now - entry.at < RETRY_AFTER_MS) throw entry.failed;
  let pending = inFlight.get(k);
  if (!pending) {
    pending = discover(settings).finally(() => inFlight.delete(k));
    inFlight.set(k, pending);
  }
  try {
    const config = await pending;
    cache.set(k, { config, at: Date.now() });
    return config;
  } catch (err) {
    const failed = new ProviderUnavailable(`discovery of ${settings.issuer} failed: ${(err as Error).message}`, { cause: err });
    cache.set(k, { failed, at: Date.now() });
    process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'oidc-discovery-failed', tenant: settings.tenant, issuer: settings.issuer, message: (err as Error).message }) + '\n');
    throw failed;
  }
}

/** The configuration when it was discovered already; never waits for the network. */
export function cachedConfiguration(settings: ProviderSettings): client.Configuration | null {
  const entry = cache.get(key(settings));
  return entry && 'config' in entry ? entry.config : null;
}
