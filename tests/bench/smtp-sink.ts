// A local SMTP server for bench:mail, in its own process like a real one: accepts everything,
// counts messages, prints "listening <port>" and, on SIGTERM, "accepted <n>".
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      accepted++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  process.stdout.write(`listening ${address.port}\n`);
});
process.on('SIGTERM', () => {
  process.stdout.write(`accepted ${accepted}\n`);
  process.exit(0);
});
