import type { APIRoute } from 'astro';
import { getConfig } from '../lib/config';
import { atomResponse, buildAtomFeed } from '../lib/documents/feeds';

// Links use the configured public origin, not the Host header a proxy or client sent.
/** Public Atom feed of all public Beiträge (anonymous view, whoever asks). */
export const GET: APIRoute = () =>
  atomResponse(buildAtomFeed({ origin: getConfig().origin, path: '/feed.xml', title: 'Wissensnetz Kreis Coesfeld – neue Beiträge', filter: {} }));
