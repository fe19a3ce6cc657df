import type { Viewer } from '../auth/viewer';
import { isStaff } from '../auth/viewer';
import { publishersOf } from '../documents/list';
import type { Topic } from '../documents/vocabulary';
import { answeringTenants } from '../exchange/answers';
import { adoptersOf } from '../reuse/reuses';
import { findTenant } from '../tenants/registry';
import { peopleOffering, type OfferingPerson } from './offers';

export interface HelpingKommune {
  tenant: string;
  name: string;
  published: number;
  adopted: number;
  answered: number;
  /** Function mailboxes: those named in its Beiträge and reuse records, then the Kommune's general one. */
  mailboxes: string[];
}

/**
 * "Wer kann helfen?" for a Themenfeld or a tag (key): the Kommunen that published, adopted
 * or answered something the viewer may read about it — counted with the viewer's
 * visibility, so the page depends only on the audience — and, for signed-in staff only,
 * the people who opted in on their account page.
 */
export function whoCanHelp(viewer: Viewer | null, by: { topic?: Topic; tag?: string }): { kommunen: HelpingKommune[]; people: OfferingPerson[] } {
  const published = publishersOf(viewer, by);
  const adopted = adoptersOf(viewer, by);
  const answered = answeringTenants(viewer, by);
  const slugs = new Set([...published.keys(), ...adopted.keys(), ...answered.keys()]);
  const kommunen: HelpingKommune[] = [];
  for (const slug of slugs) {
    const tenant = findTenant(slug);
    if (!tenant) continue;
    const mailboxes = [...(published.get(slug)?.mailboxes ?? []), ...(adopted.get(slug)?.contacts ?? []).filter((c) => /^[^\s@]+@[^\s@]+$/.test(c)), tenant.contact.email];
    kommunen.push({
      tenant: slug,
      name: tenant.name,
      published: published.get(slug)?.count ?? 0,
      adopted: adopted.get(slug)?.count ?? 0,
      answered: answered.get(slug) ?? 0,
      mailboxes: [...new Set(mailboxes.map((m) => m.trim().toLowerCase()))],
    });
  }
  const weight = (k: HelpingKommune) => k.published * 3 + k.adopted * 2 + k.answered;
  kommunen.sort((a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name, 'de'));
  return { kommunen, people: isStaff(viewer) ? peopleOffering(by) : [] };
}
