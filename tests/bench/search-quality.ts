// The search quality suite (tests/fixtures/search-quality) for `npm run bench:search`:
// its Beiträge alone, and with generated Beiträge that mention its subjects in passing.
// Each run gets a data folder of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetConfig } from '../../src/lib/config';
import { closeDb, getDb } from '../../src/lib/db/client';
import { migrateDatabase } from '../../src/lib/db/migrate';
import { buildQualityIndex, formatReport, measureQuality, publishDistractors, publishQualityBeitraege } from '../fixtures/search-quality/measure';

/** Runs the suite over its Beiträge plus `distractors` generated ones and returns the printed table. */
export async function benchQuality(distractors: number): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wn-quality-${distractors}-`));
  process.env['WISSENSNETZ_DATA_DIR'] = dataDir;
  resetConfig();
  closeDb();
  migrateDatabase(getDb());
  try {
    const urls = publishQualityBeitraege();
    if (distractors > 0) publishDistractors(distractors);
    const buildMs = await buildQualityIndex();
    return formatReport(await measureQuality(urls, distractors, buildMs), process.env['BENCH_QUALITY_FAILURES'] === '1');
  } finally {
    closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
