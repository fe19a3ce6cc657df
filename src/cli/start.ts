import './node-version';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, resetConfig } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { TenantFileError } from '../lib/tenants/load';
import { ContentFileError } from '../lib/content/files';
import { OidcSecretMissing } from '../lib/oidc/settings';
import { buildIfNeeded, prepare } from './prepare';
import { startServer } from './serve';
import { startSearchIndexing, stopSearchIndexing } from '../lib/search/scheduler';
import { describeMailTransport, getMailSettings, MailConfigError, resetMailSettings } from '../lib/mail/settings';
import { startMailSender, stopMailSender } from '../lib/mail/sender';
import { startNotificationWorker, stopNotificationWorker } from '../lib/notifications/worker';
import { renderOutboxMail } from '../lib/notifications/outbox-renderers';
import { startRelatedRefresh, stopRelatedRefresh } from '../lib/related/refresh';
import { startHousekeeping } from '../lib/ops/housekeeping';
import { startCouncilFetching, stopCouncilFetching } from '../lib/council/scheduler';

// `npm start`: build if needed, migrate, load content, listen, print the URL.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.env['WISSENSNETZ_ROOT'] ??= root;
const log = (s: string) => process.stdout.write(s + '\n');

try {
  const config = getConfig();
  // A wrong mail setting stops the start before anything else happens.
  getMailSettings();
  if (!process.argv.includes('--no-build')) buildIfNeeded(root, log);
  await prepare({ demo: !config.production, log });
  // The server bundle opens its own handle; this one was only for migrations and content.
  closeDb();
  const { url, close } = await startServer(root);
  // Links in mails need the real port (PORT=0 picks one when listening).
  resetConfig();
  resetMailSettings();
  const mail = getMailSettings();
  log(describeMailTransport(mail));
  log(`Wissensnetz läuft auf ${url}`);
  // Catch the search index up with the database in the background, after listening.
  startSearchIndexing();
  // Mail goes out in the background: a mail server that is down delays mail, never a request.
  startMailSender(renderOutboxMail, mail);
  startNotificationWorker(mail);
  // Related Beiträge of new and changed Beiträge, also off the request path.
  startRelatedRefresh();
  // Audit retention and old sign-in counts: once before listening (prepare), then every hour.
  const stopHousekeeping = startHousekeeping(log);
  // Council papers named by OParl URL are fetched once, also in the background.
  startCouncilFetching();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log(`${signal} received, shutting down`);
      stopRelatedRefresh();
      stopHousekeeping();
      stopNotificationWorker();
      // The sender finishes the mail in hand before the database closes.
      void stopMailSender()
        .then(() => Promise.all([close(), stopSearchIndexing(), stopCouncilFetching()]))
        .then(() => process.exit(0));
    });
  }
} catch (err) {
  if (err instanceof TenantFileError || err instanceof ContentFileError || err instanceof MailConfigError || err instanceof OidcSecretMissing) {
    process.stderr.write(`Start-up failed: ${err.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
}
