import { HttpError } from '../http/errors';
import { hasRole, isStaff, type Role, type Viewer } from './viewer';

/**
 * Authorization guards. Every route calls one at its top; what no guard allows is denied.
 * Anonymous visitors get 401 (middleware sends GET requests on to the sign-in page),
 * signed-in people without the right get 403.
 */
export function requireSignedIn(locals: App.Locals): Viewer {
  if (!locals.viewer) throw new HttpError(401, 'Bitte melden Sie sich an, um diese Seite zu sehen.');
  return locals.viewer;
}

/** Signed in and member of at least one administration. */
export function requireStaff(locals: App.Locals): Viewer {
  const viewer = requireSignedIn(locals);
  if (!isStaff(viewer)) throw new HttpError(403, 'Ihr Konto gehört zu keiner Verwaltung. Bitte wenden Sie sich an eine Administratorin oder einen Administrator.');
  return viewer;
}

/** At least the given role in the tenant (Kreis admins hold admin everywhere). */
export function requireRole(locals: App.Locals, tenant: string, role: Role): Viewer {
  const viewer = requireSignedIn(locals);
  if (!hasRole(viewer, tenant, role)) throw new HttpError(403, 'Für diese Aktion fehlen Ihnen in dieser Kommune die Berechtigungen.');
  return viewer;
}

/** Any role in the tenant. */
export function requireMember(locals: App.Locals, tenant: string): Viewer {
  return requireRole(locals, tenant, 'mitarbeiter');
}

export function requireKreisAdmin(locals: App.Locals): Viewer {
  const viewer = requireSignedIn(locals);
  if (!viewer.isKreisAdmin) throw new HttpError(403, 'Diese Seite ist Administratorinnen und Administratoren des Kreises vorbehalten.');
  return viewer;
}

/**
 * Admins only, for the audit log: returns the Kommunen whose entries the person may read, or
 * null for all of them (Kreis admins).
 */
export function requireAuditReader(locals: App.Locals, tenants: readonly string[]): { viewer: Viewer; scope: string[] | null } {
  const viewer = requireStaff(locals);
  if (viewer.isKreisAdmin) return { viewer, scope: null };
  const scope = tenants.filter((t) => hasRole(viewer, t, 'admin'));
  if (scope.length === 0) throw new HttpError(403, 'Das Sicherheitsprotokoll sehen nur Admins.');
  return { viewer, scope };
}
