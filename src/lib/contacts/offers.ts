import { eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { contactOffers, memberships, users } from '../db/schema';
import { TOPICS, type Topic } from '../documents/vocabulary';
import { parseTagList, TAG_LIMITS, tagKey } from '../tags/normalise';

// "Ich bin Ansprechpartner:in für …": nobody is named in "Wer kann helfen?" without saying
// so here (the data-protection default for staff directories). Removing the offer, or the
// account, removes the name at once.

export interface ContactOffer {
  topics: Topic[];
  tags: string[];
  note: string;
}

export const NOTE_LIMIT = 300;

export function getOffer(userId: string): ContactOffer | null {
  const row = getDb().select().from(contactOffers).where(eq(contactOffers.userId, userId)).get();
  return row ? { topics: JSON.parse(row.topics) as Topic[], tags: JSON.parse(row.tags) as string[], note: row.note } : null;
}

/** Checks the form; returns the offer or German messages per field. */
export function parseOfferForm(fields: { topics: string[]; tags: string; note: string }): { offer: ContactOffer; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const topics = [...new Set(fields.topics)].filter((t): t is Topic => (TOPICS as readonly string[]).includes(t));
  const tags = parseTagList(fields.tags);
  if (tags.length > TAG_LIMITS.count) errors['schlagwoerter'] = `Bitte geben Sie höchstens ${TAG_LIMITS.count} Schlagwörter an.`;
  else if (tags.some((t) => t.length > TAG_LIMITS.length)) errors['schlagwoerter'] = `Ein Schlagwort darf höchstens ${TAG_LIMITS.length} Zeichen lang sein.`;
  if (topics.length === 0 && tags.length === 0) errors['themenfelder'] = 'Bitte wählen Sie mindestens ein Themenfeld oder geben Sie ein Schlagwort an.';
  const note = fields.note.trim();
  if (note.length > NOTE_LIMIT) errors['hinweis'] = `Der Hinweis ist zu lang (höchstens ${NOTE_LIMIT} Zeichen).`;
  return { offer: { topics, tags, note }, errors };
}

export function saveOffer(userId: string, offer: ContactOffer): void {
  const values = { topics: JSON.stringify(offer.topics), tags: JSON.stringify(offer.tags), note: offer.note, updatedAt: new Date().toISOString() };
  getDb()
    .insert(contactOffers)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: contactOffers.userId, set: values })
    .run();
}

export function removeOffer(userId: string): boolean {
  return getDb().delete(contactOffers).where(eq(contactOffers.userId, userId)).run().changes > 0;
}

export interface OfferingPerson {
  name: string;
  email: string;
  tenants: string[];
  note: string;
}

/** People (enabled accounts with a membership) who offered to help with a Themenfeld or a tag key. */
export function peopleOffering(by: { topic?: Topic; tag?: string }): OfferingPerson[] {
  const db = getDb();
  return db.transaction(() => {
    const rows = db
      .select({ id: users.id, name: users.name, email: users.email, topics: contactOffers.topics, tags: contactOffers.tags, note: contactOffers.note })
      .from(contactOffers)
      .innerJoin(users, eq(users.id, contactOffers.userId))
      .where(isNull(users.disabledAt))
      .all();
    const out: OfferingPerson[] = [];
    for (const r of rows) {
      const topics = JSON.parse(r.topics) as string[];
      const tags = JSON.parse(r.tags) as string[];
      const matches = (by.topic && topics.includes(by.topic)) || (by.tag && tags.some((t) => tagKey(t) === by.tag));
      if (!matches) continue;
      const tenants = db.select({ tenant: memberships.tenant }).from(memberships).where(eq(memberships.userId, r.id)).all().map((m) => m.tenant);
      if (tenants.length > 0) out.push({ name: r.name, email: r.email, tenants: tenants.sort(), note: r.note });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name, 'de'));
  });
}
