import { getConfig } from '../config';
import { loadTenants } from './load';
import type { Tenant } from './schema';

export type { Tenant } from './schema';

interface Registry {
  all: Tenant[];
  bySlug: Map<string, Tenant>;
  byHost: Map<string, Tenant>;
  kreis: Tenant;
}

let registry: Registry | undefined;

function build(): Registry {
  const all = loadTenants(getConfig().tenantsDir);
  const bySlug = new Map(all.map((t) => [t.slug, t]));
  const byHost = new Map(all.flatMap((t) => t.hosts.map((h) => [h, t] as const)));
  return { all, bySlug, byHost, kreis: all.find((t) => t.isKreis)! };
}

function get(): Registry {
  registry ??= build();
  return registry;
}

/** All administrations, the district first. */
export function listTenants(): Tenant[] {
  return get().all;
}

export function findTenant(slug: string): Tenant | undefined {
  return get().bySlug.get(slug);
}

/** Like findTenant, for slugs that come from our own database and must exist. */
export function getTenant(slug: string): Tenant {
  const t = get().bySlug.get(slug);
  if (!t) throw new Error(`Unknown tenant "${slug}"`);
  return t;
}

export function findTenantByHost(host: string): Tenant | undefined {
  return get().byHost.get(host.toLowerCase());
}

export function getKreis(): Tenant {
  return get().kreis;
}

export function resetTenants(): void {
  registry = undefined;
}
