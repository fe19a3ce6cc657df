import type { Viewer } from '../auth/viewer';
import { canReadAudience, indexAudience } from '../documents/visibility';
import { listTenants } from '../tenants/registry';

/** Every index audience that exists for the configured tenants: public, intern, kommune-<slug>. */
export function allAudiences(): string[] {
  return ['public', 'intern', ...listTenants().map((t) => indexAudience({ tenant: t.slug, visibility: 'kommune' }))];
}

/** The visibility an audience stands for, so access is decided by THE rule in documents/visibility.ts. */
function audienceScope(audience: string): { tenant: string; visibility: 'oeffentlich' | 'intern' | 'kommune' } | null {
  if (audience === 'public') return { tenant: '', visibility: 'oeffentlich' };
  if (audience === 'intern') return { tenant: '', visibility: 'intern' };
  const tenant = listTenants().find((t) => indexAudience({ tenant: t.slug, visibility: 'kommune' }) === audience);
  return tenant ? { tenant: tenant.slug, visibility: 'kommune' } : null;
}

/** Whether the viewer may download the index of this audience; unknown audiences are nobody's. */
export function canReadIndexAudience(viewer: Viewer | null, audience: string): boolean {
  const scope = audienceScope(audience);
  return scope !== null && canReadAudience(viewer, scope);
}

/** The audiences whose indexes the viewer's browser merges, public first. */
export function readableAudiences(viewer: Viewer | null): string[] {
  return allAudiences().filter((a) => canReadIndexAudience(viewer, a));
}
