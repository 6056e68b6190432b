// Text helpers for rendering article content safely and well. Nothing
// here produces HTML: snippets become segments rendered as text nodes and
// <mark> elements, so no markup from a page can reach the document.

/** A piece of a search snippet: plain text, or a highlighted match. */
export interface Segment {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

function unescape(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * Splits a snippet as the search answers it (HTML-escaped text with
 * `<mark>…</mark>` around matches) into segments. Any other tag-like text
 * stays literal text.
 */
export function snippetSegments(snippet: string): Segment[] {
  const out: Segment[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) out.push({ text: unescape(snippet.slice(last, m.index)), mark: false });
    out.push({ text: unescape(m[1]), mark: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) out.push({ text: unescape(snippet.slice(last)), mark: false });
  return out;
}

const NNBSP = '\u202f';

/**
 * French typographic spacing: a narrow no-break space before ; : ! ? and
 * », and after «, replacing any ordinary space there (and never doubling
 * one). URLs and times like 16:30 are left alone because a colon only
 * takes a space when one was already typed before it.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/«[ \u00a0\u202f]*/g, `«${NNBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NNBSP}»`)
    .replace(/([^\s\u202f;!?])[ \u00a0]*([;!?]+)(?=\s|$|[»"”)])/g, `$1${NNBSP}$2`)
    .replace(/[ \u00a0]+:/g, `${NNBSP}:`);
}

/** Text prepared for display in a block of language `lang`. */
export function displayText(text: string, lang: string): string {
  return lang === 'fr' ? frenchSpacing(text) : text;
}

/**
 * A breadcrumb without the site's own root (`Home`, `中国日报网`,
 * `China Daily`): `Home / China / Society` is `China / Society`.
 */
export function sectionLabel(path: string | string[]): string {
  const parts = (Array.isArray(path) ? path : path.split(' / ')).map((p) => p.trim()).filter(Boolean);
  const roots = /^(home|accueil|首页|中国日报网|china daily|chinadaily|中国日报中文网|中国日报双语新闻|中国日报)$/i;
  if (parts.length > 1 && roots.test(parts[0])) parts.shift();
  return parts.join(' / ');
}
