import type { APIRoute } from 'astro';
import { getConfig } from '../../../lib/config';
import { atomResponse, buildAtomFeed } from '../../../lib/documents/feeds';
import { TOPICS, TOPIC_LABELS, type Topic } from '../../../lib/documents/vocabulary';
import { notFound } from '../../../lib/http/errors';

/** Public Atom feed of one Themenfeld (anonymous view, whoever asks). */
export const GET: APIRoute = ({ params }) => {
  const topic = TOPICS.find((t) => t === params['thema']) as Topic | undefined;
  if (!topic) throw notFound();
  return atomResponse(buildAtomFeed({ origin: getConfig().origin, path: `/themenfelder/${topic}/feed.xml`, title: `Wissensnetz Kreis Coesfeld – Themenfeld ${TOPIC_LABELS[topic]}`, filter: { topic } }));
};
