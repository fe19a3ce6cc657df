import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Turns a heading text into a stable German-friendly anchor id. */
export function slugifyHeading(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'abschnitt';
}

const TABLE_OPEN = '<div class="table-scroll" tabindex="0" role="region" aria-label="Tabelle, auf schmalen Bildschirmen seitlich scrollbar"><table>';

function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function createMarked(): Marked {
  const seen = new Map<string, number>();
  const marked = new Marked({ gfm: true, breaks: false });
  marked.use({
    hooks: {
      preprocess: (md) => (seen.clear(), md),
      // A wide table scrolls inside its own region, which keyboard users can focus to scroll.
      postprocess: (html) => html.replace(/<table>/g, TABLE_OPEN).replace(/<\/table>/g, '</table></div>'),
    },
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        const base = slugifyHeading(token.text);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        return `<h${token.depth} id="${id}">${inner}</h${token.depth}>\n`;
      },
      // An image from another website is never loaded; the reader learns why instead of seeing a broken image.
      image(token: Tokens.Image) {
        if (isLocalPath(token.href)) return false;
        return `<span class="remote-image">${escapeText(remoteImageText(token.text, token.href))}</span>`;
      },
    },
  });
  return marked;
}

const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right'];

function alignToClass(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const align = attribs['align'];
  return { tagName, attribs: align && ['left', 'center', 'right'].includes(align) ? { class: `align-${align}` } : {} };
}

/** A path on this hub ("/duelmen/dateien/12"), not another origin ("//host", "https:", "data:"). */
export function isLocalPath(src: string): boolean {
  return /^\/(?![/\\])/.test(src.trim());
}

function remoteImageText(alt: string, src: string): string {
  let where = 'einer anderen Website';
  try {
    where = new URL(src).host || where;
  } catch {
    // Not a full URL (e.g. "bild.png" or "data:"): say nothing about where it is.
  }
  const what = alt.trim() ? `Das Bild „${alt.trim()}“` : 'Ein Bild';
  return `${what} von ${where} wird nicht angezeigt: Das Wissensnetz lädt keine Inhalte von anderen Websites. Laden Sie das Bild als Datei zum Beitrag hoch und fügen Sie es von dort ein.`;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 's',
    'ul', 'ol', 'li', 'a', 'img', 'span', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input', 'sup', 'sub', 'kbd', 'abbr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    h1: ['id'], h2: ['id'], h3: ['id'], h4: ['id'], h5: ['id'], h6: ['id'],
    span: ['class'],
    div: ['class', 'tabindex', 'role', 'aria-label'],
    input: ['type', 'checked', 'disabled', 'aria-label'],
    abbr: ['title'],
    ol: ['start'],
    code: ['class'],
  },
  // Column alignment of Markdown tables travels as a class: an align attribute would lose against
  // the stylesheet's text-align, and inline styles are ruled out by the CSP.
  allowedClasses: { code: [/^language-[a-z0-9-]+$/], th: ALIGN_CLASSES, td: ALIGN_CLASSES, span: ['remote-image'], div: ['table-scroll'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  // Images only from this hub: a remote image would be a request to another origin.
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs['type'] !== 'checkbox',
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs['href'] ?? '';
      // Links leaving the hub must not hand it a window.opener or a Referer.
      if (/^https?:\/\//i.test(href)) return { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } };
      const { rel: _rel, ...rest } = attribs;
      return { tagName, attribs: rest };
    },
    // Task-list checkboxes are read-only and need a name for screen readers.
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '', 'aria-label': 'checked' in attribs ? 'erledigt' : 'offen' } }),
    // An image without alt text would be read out as its file name; treat it as decorative instead
    // (the editor refuses to save it: images.ts). An image from another website is never loaded:
    // it is replaced by a German explanation instead of leaving a broken image.
    img: (tagName, attribs) => {
      const src = attribs['src'] ?? '';
      // Raw HTML <img> from elsewhere: keep only the explanation (Markdown images are handled in createMarked).
      if (!isLocalPath(src)) return { tagName, attribs: { alt: remoteImageText(attribs['alt'] ?? '', src) } };
      return { tagName, attribs: { ...attribs, alt: attribs['alt'] ?? '' } };
    },
    th: alignToClass,
    td: alignToClass,
    // Only the scrolling wrapper of tables keeps its attributes; any other div is a plain block.
    div: (tagName, attribs): sanitizeHtml.Tag => {
      const scroll: sanitizeHtml.Attributes = { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': attribs['aria-label'] ?? 'Tabelle' };
      return { tagName, attribs: attribs['class'] === 'table-scroll' ? scroll : {} };
    },
  },
};

/** Sanitises HTML to the allowlist used for all user Markdown. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Renders user Markdown (GFM, heading anchors) to sanitised HTML. */
export function renderMarkdown(markdown: string): string {
  const html = createMarked().parse(markdown, { async: false });
  return sanitize(html);
}
