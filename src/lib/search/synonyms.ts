import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Groups of terms that find each other, e.g. ["OGS", "Offene Ganztagsschule"]. */
export type SynonymGroups = string[][];

const schema = z.array(z.array(z.coerce.string().trim().min(1)).min(2));

/** Reads content/suche/synonyme.yml; a broken file stops the build with the file named. */
export function readSynonyms(contentDir: string): SynonymGroups {
  const file = path.join(contentDir, 'suche', 'synonyme.yml');
  if (!fs.existsSync(file)) return [];
  const parsed = schema.safeParse(parse(fs.readFileSync(file, 'utf8')) ?? []);
  if (!parsed.success) throw new Error(`${file}: expected a list of lists with at least two terms each (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}
