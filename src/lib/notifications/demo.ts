import { isNotNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { documents } from '../db/schema';
import { settlePendingEvents } from './events';
import { subjectOf } from './subjects';
import { follow, watchByDefault } from './subscriptions';

/**
 * Follows for the demo, so publishing a Beitrag produces mails right away: authors watch their
 * Beiträge; Dülmen's Mitarbeiter:in follows the Themenfeld Schule at once, Coesfeld's follows
 * Dülmen daily, the Kreis Mitarbeiter:in follows Soziales weekly.
 */
export function loadDemoFollows(idOf: (tenant: string, role: 'mitarbeiter' | 'redakteur' | 'admin') => string): number {
  settlePendingEvents();
  const db = getDb();
  let n = 0;
  for (const doc of db.select({ id: documents.id, createdBy: documents.createdBy }).from(documents).where(isNotNull(documents.createdBy)).all()) {
    watchByDefault(doc.createdBy!, subjectOf.beitrag(doc.id));
    n++;
  }
  follow(idOf('duelmen', 'mitarbeiter'), subjectOf.themenfeld('schule'), 'sofort');
  follow(idOf('coesfeld', 'mitarbeiter'), subjectOf.kommune('duelmen'), 'taeglich');
  follow(idOf('kreis-coesfeld', 'mitarbeiter'), subjectOf.themenfeld('soziales'), 'woechentlich');
  return n + 3;
}
