import { parse } from 'yaml';

/** Splits a Markdown file into its YAML front matter and body; throws with a readable reason. */
export function splitFrontMatter(source: string): { attributes: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source.replace(/^\uFEFF/, ''));
  if (!match) throw new Error('missing front matter (a block between two "---" lines at the top)');
  return { attributes: parse(match[1]!), body: match[2]!.trim() + '\n' };
}
