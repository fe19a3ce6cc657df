import { composeMail } from '../../lib/mail/compose';
import { newMessageId } from '../../lib/mail/outbox';
import { describeMailTransport, getMailSettings } from '../../lib/mail/settings';
import { createTransport, DeliveryError } from '../../lib/mail/transport';
import { getConfig } from '../../lib/config';
import { OpsError } from '../../lib/ops/accounts';
import { out, requireFlag, type Command } from '../command';

export const mailTest: Command = {
  name: 'mail-test',
  summary: 'Send a test mail right away (checks WISSENSNETZ_SMTP_URL and WISSENSNETZ_MAIL_FROM)',
  help: `Usage: npm run cli -- mail-test --to <address>

Sends one German test mail at once, not through the outbox, and prints what the
mail server answered (or where the .eml file was written when WISSENSNETZ_SMTP_URL
is not set). Exit code 1 when the server refuses it or cannot be reached.

Options:
  --to <address>  recipient (required)
  -h, --help      show this help`,
  options: { to: { type: 'string' } },
  async run(flags) {
    const to = requireFlag(flags, 'to');
    if (!/^[^\s@<>",;:\\]+@[^\s@<>",;:\\]+$/.test(to)) throw new OpsError(`"${to}" is not a valid e-mail address.`);
    const settings = getMailSettings();
    out(describeMailTransport(settings));
    const origin = getConfig().origin;
    const body = composeMail({
      greeting: 'Guten Tag,',
      blocks: [{ p: 'dies ist eine Testmail des Wissensnetzes. Wenn Sie sie lesen, funktioniert der Mailversand.' }],
      reason: 'der Betrieb den Mailversand geprüft hat (npm run cli -- mail-test)',
      origin,
    });
    const transport = createTransport(settings);
    try {
      const delivery = await transport.send({ messageId: newMessageId(), to: { name: '', address: to }, subject: 'Testmail aus dem Wissensnetz', ...body });
      out(`Sent to ${to}: ${delivery.response}`);
      return 0;
    } catch (err) {
      const e = err as DeliveryError;
      throw new OpsError(`The mail to ${to} was not sent: ${e.message}${e.permanent ? ' (refused permanently)' : ''}`);
    } finally {
      transport.close();
    }
  },
};
