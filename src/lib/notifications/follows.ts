import type { Viewer } from '../auth/viewer';
import { getDocumentById } from '../documents/revisions';
import { documentPath } from '../documents/route';
import { canReadDocument, canSeeEditorial } from '../documents/visibility';
import { TOPICS, type Topic } from '../documents/vocabulary';
import { findTenant } from '../tenants/registry';
import { isFrequency, normaliseTag, parseSubject, subjectLabel, subjectOf, type Frequency } from './subjects';
import { follow, listSubscriptions } from './subscriptions';
import { hasHiddenCharacters, hiddenCharactersMessage } from '../text/hidden-characters';

export interface FollowLine {
  subject: string;
  frequency: Frequency;
  automatic: boolean;
  label: string;
  href: string | null;
}

/** What the person watches and follows, named as they may see it now (a Beitrag they cannot read stays unnamed). */
export function followsOf(viewer: Viewer): FollowLine[] {
  return listSubscriptions(viewer.id).map((s) => {
    const parsed = parseSubject(s.subject);
    let label = subjectLabel(s.subject);
    let href: string | null = null;
    if (parsed?.kind === 'beitrag') {
      const doc = getDocumentById(Number(parsed.key));
      const visible = doc && (canReadDocument(viewer, doc) || canSeeEditorial(viewer, doc));
      label = visible ? `Beitrag „${doc.title}“` : 'Ein Beitrag, den Sie zurzeit nicht lesen können';
      href = visible ? documentPath(doc) : null;
    } else if (parsed?.kind === 'themenfeld') href = `/themenfelder/${parsed.key}`;
    else if (parsed?.kind === 'kommune') href = `/${parsed.key}/`;
    return { subject: s.subject, frequency: s.frequency, automatic: s.automatic, label, href };
  });
}

/** A refused change, with the German reason. */
export class FollowError extends Error {}

/**
 * Sets a frequency for a subject the person may follow: any Themenfeld, Kommune or tag, and
 * Beiträge they may read (or, in their Kommune, edit). Anything else is refused as unknown,
 * so the answer does not tell whether a Beitrag exists.
 */
export function setFollow(viewer: Viewer, subject: string, frequency: string): { label: string; frequency: Frequency } {
  if (!isFrequency(frequency)) throw new FollowError('Bitte wählen Sie, wie oft Sie benachrichtigt werden möchten.');
  const parsed = parseSubject(subject);
  if (!parsed) throw new FollowError('Das können Sie nicht beobachten.');
  let label = subjectLabel(subject);
  if (parsed.kind === 'beitrag') {
    const doc = getDocumentById(Number(parsed.key));
    if (!doc || !(canReadDocument(viewer, doc) || canSeeEditorial(viewer, doc))) throw new FollowError('Diesen Beitrag gibt es nicht.');
    label = `Beitrag „${doc.title}“`;
  }
  follow(viewer.id, subject, frequency);
  return { label, frequency };
}

/** The subject for the "Neu folgen" form: art themenfeld/kommune/schlagwort and its value. */
export function subjectFromForm(art: string, value: string): string {
  if (art === 'themenfeld') {
    if (!(TOPICS as readonly string[]).includes(value)) throw new FollowError('Bitte wählen Sie ein Themenfeld.');
    return subjectOf.themenfeld(value as Topic);
  }
  if (art === 'kommune') {
    if (!findTenant(value)) throw new FollowError('Bitte wählen Sie eine Kommune.');
    return subjectOf.kommune(value);
  }
  if (art === 'schlagwort') {
    // The rule for tags of Beiträge: a tag with hidden characters could never match one.
    if (hasHiddenCharacters(value)) throw new FollowError(hiddenCharactersMessage('Das Schlagwort'));
    const tag = normaliseTag(value);
    if (tag.length < 2) throw new FollowError('Bitte geben Sie ein Schlagwort mit mindestens zwei Zeichen an.');
    return subjectOf.schlagwort(tag);
  }
  throw new FollowError('Bitte wählen Sie, wem Sie folgen möchten.');
}
