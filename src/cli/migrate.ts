import './node-version';
import { getDb, closeDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { getConfig } from '../lib/config';

migrateDatabase(getDb());
closeDb();
process.stdout.write(`Migrations applied to ${getConfig().dataDir}\n`);
