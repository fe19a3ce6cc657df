import { findTenant, listTenants } from '../tenants/registry';
import { providerSettings, type ProviderSettings } from './settings';

/** The Kommunen with an identity provider, in the registry's order (the district first). */
export function listProviders(): ProviderSettings[] {
  return listTenants().flatMap((t) => {
    const settings = providerSettings(t);
    return settings ? [settings] : [];
  });
}

/** The provider of a Kommune by slug, or null when there is none. */
export function findProvider(slug: string): ProviderSettings | null {
  const tenant = findTenant(slug);
  return tenant ? providerSettings(tenant) : null;
}
