/** Unpacks the facts of a hit that the index packs into its "d" meta (src/lib/search/meta.ts). */
export function unpackMeta(meta: Record<string, string>): Record<string, string> {
  const packed = meta['d'];
  if (!packed || !/^(?:[0-9a-f]{2})+$/.test(packed)) return { ...meta };
  const bytes = new Uint8Array(packed.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(packed.slice(i * 2, i * 2 + 2), 16);
  try {
    return { ...(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>), title: meta['title'] ?? '' };
  } catch {
    return { ...meta };
  }
}
