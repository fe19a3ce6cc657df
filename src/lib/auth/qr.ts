import { renderSVG } from 'uqr';

/**
 * The QR code of a text as inline SVG, drawn on the server: no external service ever sees the
 * key, and the SVG has presentation attributes only (no style attribute), which the CSP allows.
 */
export function qrCodeSvg(text: string, label: string): string {
  const svg = renderSVG(text, { border: 2, ecc: 'M' });
  const escaped = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escaped}" class="qr-code" width="232" height="232" `);
}
