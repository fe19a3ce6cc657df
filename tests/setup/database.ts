import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { resetConfig } from '../../src/lib/config';
import { closeDb, getDb } from '../../src/lib/db/client';
import { migrateDatabase } from '../../src/lib/db/migrate';
import { resetTenants } from '../../src/lib/tenants/registry';

// Each test file gets its own data folder with a real, migrated SQLite file.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-int-'));
  process.env['WISSENSNETZ_DATA_DIR'] = dir;
  process.env['WISSENSNETZ_ROOT'] = path.resolve(import.meta.dirname, '../..');
  resetConfig();
  resetTenants();
  closeDb();
  migrateDatabase(getDb());
});
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
