import Bowser from 'bowser';

const OS_NAMES: Record<string, string> = { 'macOS': 'macOS', 'Windows': 'Windows', 'Linux': 'Linux', 'iOS': 'iOS', 'Android': 'Android', 'Chrome OS': 'ChromeOS' };

/**
 * Browser and system of a User-Agent in words ("Firefox unter Windows"), for the sessions
 * list; the raw string means nothing to most people. Unknown parts say so.
 */
export function describeUserAgent(userAgent: string): string {
  if (!userAgent.trim()) return 'Unbekannter Browser';
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name || 'Unbekannter Browser';
  const system = parsed.os.name ? OS_NAMES[parsed.os.name] ?? parsed.os.name : '';
  return system ? `${browser} unter ${system}` : browser;
}
