import { sql } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { cachedRead } from '../db/read-cache';
import { getDb } from '../db/client';
import { listableWhere, listAudienceKey } from './visibility';

const MAX_SUGGESTIONS = 300;

/**
 * The Schlagwörter of the published Beiträge the viewer may read, most used first: the editor
 * suggests them so that the same thing gets the same tag. Only readable Beiträge count, so a
 * suggestion never reveals a tag of a Beitrag the viewer could not see.
 */
export function tagSuggestions(viewer: Viewer | null): readonly string[] {
  return cachedRead(`tags|${listAudienceKey(viewer)}`, () => {
    const rows = getDb().all<{ tag: string }>(sql`
      SELECT t.value AS tag, count(*) AS n
      FROM documents
      JOIN revisions ON revisions.id = documents.live_revision_id
      JOIN json_each(revisions.data, '$.tags') AS t
      WHERE ${listableWhere(viewer)}
      GROUP BY lower(t.value)
      ORDER BY n DESC, t.value
      LIMIT ${MAX_SUGGESTIONS}`);
    return rows.map((r) => r.tag).sort((a, b) => a.localeCompare(b, 'de'));
  });
}
