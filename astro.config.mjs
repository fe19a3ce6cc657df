// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// The adapter's app handler (middleware mode) is wrapped by src/cli/serve.ts: that wrapper
// serves the static assets (src/cli/static-files.ts), adds security headers to every response
// (static files included), logs requests and shuts down gracefully, which the adapter's own
// server does not do.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  session: false,
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'never' },
  // Origin checks are done by our own middleware for forms and JSON alike.
  security: { checkOrigin: false },
  server: { host: '127.0.0.1', port: 4321 },
  vite: { build: { assetsInlineLimit: 0 } },
});
