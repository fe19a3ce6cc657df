import * as client from 'openid-client';
import { eq, lt } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { oidcFlows } from '../db/schema';
import { generateToken, hashToken } from '../auth/session';
import { getConfig } from '../config';
import { providerConfiguration } from './discovery';
import type { ProviderSettings } from './settings';

/** How long a person may take at the provider before the flow is forgotten. */
export const FLOW_TTL_MS = 10 * 60_000;

/** The address the provider sends the browser back to; register it at the provider. */
export function redirectUri(tenant: string): string {
  return `${getConfig().origin}/anmelden/sso/${tenant}/rueckkehr`;
}

/**
 * Starts a sign-in at the provider: state, nonce and PKCE verifier are kept in the database
 * under the hash of a random token, which the browser holds in an httpOnly cookie. Returns that
 * token and the provider's authorization URL.
 */
export async function startFlow(settings: ProviderSettings, next: string, now = Date.now()): Promise<{ token: string; url: URL }> {
  const config = await providerConfiguration(settings);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  const token = generateToken();
  const db = getDb();
  db.transaction(() => {
    db.delete(oidcFlows).where(lt(oidcFlows.expiresAt, now)).run();
    db.insert(oidcFlows).values({ id: hashToken(token), tenant: settings.tenant, state, nonce, codeVerifier, next, expiresAt: now + FLOW_TTL_MS }).run();
  }, IMMEDIATE);
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(settings.tenant),
    scope: ['openid', 'email', 'profile', ...settings.scopes].join(' '),
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  return { token, url };
}

export type Flow = typeof oidcFlows.$inferSelect;

/** Takes the flow of a browser token out of the database: each flow can be finished once. */
export function takeFlow(token: string, tenant: string, now = Date.now()): Flow | null {
  const flow = getDb().delete(oidcFlows).where(eq(oidcFlows.id, hashToken(token))).returning().get();
  if (!flow || flow.tenant !== tenant || flow.expiresAt <= now) return null;
  return flow;
}

/** What the provider vouched for: its issuer and the person's subject, with the claims we use. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

/**
 * Finishes the flow: checks the authorization response (state, issuer), exchanges the code with
 * the PKCE verifier and validates the ID token (signature from the provider's keys, issuer,
 * audience, expiry, nonce) – all in openid-client. Claims missing from the ID token (e-mail,
 * name, the role claim) are taken from the UserInfo endpoint when the provider has one.
 */
export async function finishFlow(settings: ProviderSettings, flow: Flow, currentUrl: URL): Promise<VerifiedIdentity> {
  const config = await providerConfiguration(settings);
  // The URL the provider redirected to, as registered (the hub may sit behind a proxy).
  const callback = new URL(redirectUri(settings.tenant));
  callback.search = currentUrl.search;
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('no ID token in the token response');
  const claims: Record<string, unknown> = { ...idClaims };
  const wanted = ['email', 'name', ...(settings.rollen ? [settings.rollen.claim] : [])];
  if (wanted.some((c) => claims[c] === undefined) && config.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    for (const [name, value] of Object.entries(info)) if (claims[name] === undefined) claims[name] = value;
  }
  return { issuer: idClaims.iss, subject: idClaims.sub, claims };
}

/** Forgets flows nobody finished. */
export function pruneFlows(now = Date.now()): number {
  return getDb().delete(oidcFlows).where(lt(oidcFlows.expiresAt, now)).run().changes;
}
