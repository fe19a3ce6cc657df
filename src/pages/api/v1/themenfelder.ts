import { apiEndpoint } from '../../../lib/api/route';
import { readParameters } from '../../../lib/api/params';
import { jsonResponse } from '../../../lib/api/respond';
import { origin } from '../../../lib/api/serialize';
import { countDocumentsByTopic } from '../../../lib/documents/list';
import { TOPICS, TOPIC_LABELS } from '../../../lib/documents/vocabulary';

/** The Themenfelder with the number of Beiträge the caller may read. */
export const { GET, HEAD } = apiEndpoint(({ request, url, locals }) => {
  readParameters(url, []);
  const counts = countDocumentsByTopic(locals.viewer);
  const items = TOPICS.map((key) => ({
    key,
    label: TOPIC_LABELS[key],
    beitraege: counts.get(key) ?? 0,
    url: `${origin()}/themenfelder/${key}`,
    apiUrl: `${origin()}/api/v1/beitraege?themenfeld=${key}`,
  }));
  return jsonResponse(request, { items }, { personal: locals.apiToken !== null });
});
