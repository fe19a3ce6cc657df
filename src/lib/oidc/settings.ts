import type { Tenant } from '../tenants/schema';
import type { OidcSettings } from '../tenants/schema';
import type { Role } from '../auth/viewer';

/** Thrown at start-up when a configured provider lacks its secret; names the variable for the operator. */
export class OidcSecretMissing extends Error {}

/** A Kommune's identity provider with its secret from the environment. */
export interface ProviderSettings extends OidcSettings {
  tenant: string;
  clientSecret: string;
}

/** `WISSENSNETZ_OIDC_SECRET_<SLUG>`: the slug upper-cased, `-` as `_`. */
export function secretVariable(slug: string): string {
  return `WISSENSNETZ_OIDC_SECRET_${slug.toUpperCase().replace(/-/g, '_')}`;
}

/** The provider of a Kommune, or null when its tenant file names none. Throws when the secret is missing. */
export function providerSettings(tenant: Tenant, env: NodeJS.ProcessEnv = process.env): ProviderSettings | null {
  const oidc = tenant.anmeldung?.oidc;
  if (!oidc) return null;
  const name = secretVariable(tenant.slug);
  const clientSecret = env[name];
  if (!clientSecret) {
    throw new OidcSecretMissing(`tenant "${tenant.slug}" names an identity provider (anmeldung.oidc), but the environment variable ${name} with its client secret is not set`);
  }
  return { ...oidc, tenant: tenant.slug, clientSecret };
}

/** Checks every configured provider's secret before the server listens. */
export function checkProviderSecrets(tenants: readonly Tenant[], env: NodeJS.ProcessEnv = process.env): void {
  for (const t of tenants) providerSettings(t, env);
}

/**
 * The role a person's claims map to, or null when the Kommune has no mapping (roles are then
 * set by its admins). The claim may be a string or a list of strings; admin wins over redakteur.
 */
export function mappedRole(settings: Pick<OidcSettings, 'rollen'>, claims: Record<string, unknown>): Role | null {
  const mapping = settings.rollen;
  if (!mapping) return null;
  const raw = claims[mapping.claim];
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? [raw] : [];
  if (mapping.admin !== undefined && values.includes(mapping.admin)) return 'admin';
  if (mapping.redakteur !== undefined && values.includes(mapping.redakteur)) return 'redakteur';
  return 'mitarbeiter';
}
