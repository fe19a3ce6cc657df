import type { APIRoute } from 'astro';
import { atomResponse, buildAtomFeed } from '../lib/documents/feeds';

/** Public Atom feed of all public Beiträge (anonymous view, whoever asks). */
export const GET: APIRoute = ({ url }) =>
  atomResponse(buildAtomFeed({ origin: url.origin, path: '/feed.xml', title: 'Wissensnetz Kreis Coesfeld – neue Beiträge', filter: {} }));
