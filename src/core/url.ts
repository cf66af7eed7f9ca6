/** Canonical article URLs (tracking removed, AMP and redirect wrappers undone). Pure: no I/O. */

/** Query parameters that never change the article, whatever their value (lower-cased names). */
const TRACKING_PARAMS = new Set([
  'xtor', 'fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', '_ga', 'sessionid',
  'phpsessid', 'jsessionid', 'at_medium', 'at_campaign', 'at_source', 'ns_mchannel', 'ns_source',
  'ns_campaign', 'amp',
]);
/** Parameters dropped only with these values (`src=rss`, `print=print`, …). */
const VALUED_PARAMS: Record<string, RegExp> = {
  src: /^rss/i,
  ref: /^rss/i,
  from: /^rss/i,
  print: /^print$/i,
  outputtype: /^amp$/i,
};
const GOOGLE_ARTICLE = /^\/(?:__i\/)?(?:rss\/)?(?:rd\/)?articles\/([A-Za-z0-9_-]{16,})/;
const MAX_UNWRAP = 3;

/**
 * Canonical form of an article URL, or undefined when it is not an absolute http(s) URL (relative
 * ones resolve against `base`). Lower-case host, no default port, no fragment, no credentials,
 * tracking parameters (`utm_*`, `xtor`, `fbclid`, `gclid`, `src=rss`, `sessionId`, `print=print`…)
 * and AMP variants removed, no trailing slash, Google News / Bing News / Google redirects unwrapped
 * when the target is recoverable.
 */
export function canonicalUrl(raw: string, base?: string): string | undefined {
  return isCanonical(raw) ? raw : canonical(raw, base, 0);
}

/**
 * A URL that `canonical` would give back unchanged, told without parsing it (most feed links):
 * lower-case http(s) scheme and host of letter, digit and hyphen labels ending in a letter-only
 * one (no IP address, port, credentials, punycode, AMP host nor redirect wrapper), then path
 * segments of unreserved characters only (no dot segment, percent escape, trailing slash or AMP
 * variant), and no query nor fragment.
 */
const PLAIN_URL = /^https?:\/\/(?:[a-z0-9-]+\.)+[a-z]+(?:\/[A-Za-z0-9._~-]+)+$/;
const NOT_PLAIN = /:\/\/(?:amp\.|[^/]*(?:xn--|google\.|bing\.com))|\/\.\.?(?:\/|$)|\/lireamp-|\/amp(?:\/|$)|\.amp(?:\.html?)?$/i;

function isCanonical(raw: string): boolean {
  return raw.length <= 2048 && PLAIN_URL.test(raw) && !NOT_PLAIN.test(raw);
}

function canonical(raw: string, base: string | undefined, depth: number): string | undefined {
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (depth < MAX_UNWRAP) {
    const target = unwrapRedirect(url);
    if (target !== undefined) {
      const unwrapped = canonical(target, undefined, depth + 1);
      if (unwrapped !== undefined) return unwrapped;
    }
  }
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.hostname.startsWith('amp.') && url.hostname.split('.').length > 2) {
    url.hostname = `www.${url.hostname.slice(4)}`;
  }
  const search = cleanQuery(url.search, url.hostname === 'news.google.com');
  url.search = search;
  url.pathname = cleanPath(url.pathname);
  return url.href;
}

function cleanQuery(search: string, googleNews: boolean): string {
  if (search.length <= 1) return '';
  const kept = search.slice(1).split('&').filter((pair) => {
    if (pair.length === 0) return false;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    if (key.startsWith('utm_') || TRACKING_PARAMS.has(key)) return false;
    if (googleNews && key === 'oc') return false;
    const valued = VALUED_PARAMS[key];
    return !(valued !== undefined && valued.test(value));
  });
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

function cleanPath(pathname: string): string {
  let path = pathname
    .replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase())
    .replace(/\/lireamp-/g, '/lire-') // Le Monde Informatique AMP pages
    .replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? '')
    .replace(/\/amp\/?$/i, '/');
  if (path.startsWith('/amp/')) path = path.slice(4);
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/** The target of a known redirect wrapper (Google News, Bing News, google.com/url), if recoverable. */
function unwrapRedirect(url: URL): string | undefined {
  const host = url.hostname;
  if (host === 'news.google.com') {
    const match = GOOGLE_ARTICLE.exec(url.pathname);
    return match?.[1] !== undefined ? decodeGoogleNewsToken(match[1]) : undefined;
  }
  if ((host === 'bing.com' || host.endsWith('.bing.com')) && url.pathname.toLowerCase() === '/news/apiclick.aspx') {
    return param(url, 'url');
  }
  if (/^(www\.)?google\.[a-z.]+$/.test(host) && url.pathname === '/url') {
    return param(url, 'url') ?? param(url, 'q');
  }
  return undefined;
}

function param(url: URL, name: string): string | undefined {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name && /^https?:\/\//i.test(value)) return value;
  }
  return undefined;
}

/**
 * Decodes an old-format Google News article token (`CBMi…`): base64url of a small protobuf whose
 * field 4 is the publisher URL. Newer tokens (`AU_yqL…` payloads) are not decodable offline.
 */
export function decodeGoogleNewsToken(token: string): string | undefined {
  let binary: string;
  try {
    const b64 = token.replace(/-/g, '+').replace(/_/g, '/');
    binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  let pos = 0;
  if (bytes[pos++] !== 0x08) return undefined; // field 1, varint
  pos = skipVarint(bytes, pos);
  if (pos < 0 || bytes[pos++] !== 0x22) return undefined; // field 4, length-delimited
  const length = readVarint(bytes, pos);
  if (length === undefined) return undefined;
  const start = length.next;
  const end = start + length.value;
  if (end > bytes.length) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
  return /^https?:\/\/[^\s]+$/i.test(text) ? text : undefined;
}

function skipVarint(bytes: Uint8Array, pos: number): number {
  const read = readVarint(bytes, pos);
  return read === undefined ? -1 : read.next;
}

function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0, pos = start; i < 5 && pos < bytes.length; i += 1, pos += 1) {
    const byte = bytes[pos] ?? 0;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: pos + 1 };
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** True for Google News feed or article URLs. */
export function isGoogleNewsUrl(url: string): boolean {
  return /^https?:\/\/news\.google\.[a-z.]+\//i.test(url.trim());
}

const SUFFIX = /\s+[-–—|]\s+([^-–—|]{2,80})$/;

/**
 * Splits a Google News title "Titre de l'article - Le Monde" into the title and the publisher.
 * With `publisher` given (the item's `<source>`), only that exact suffix is removed; without it, a
 * trailing " - X" of at most six words is taken as the publisher. Titles without suffix are kept.
 */
export function stripPublisherSuffix(title: string, publisher?: string): { title: string; publisher?: string } {
  const text = title.trim();
  const known = publisher?.trim();
  if (known) {
    for (const sep of [' - ', ' – ', ' — ', ' | ']) {
      const suffix = `${sep}${known}`;
      if (text.length > suffix.length && text.toLowerCase().endsWith(suffix.toLowerCase())) {
        return { title: text.slice(0, -suffix.length).trim(), publisher: known };
      }
    }
    return { title: text, publisher: known };
  }
  const match = SUFFIX.exec(text);
  const name = match?.[1]?.trim();
  if (match === null || name === undefined || name.split(/\s+/).length > 6 || match.index === 0) return { title: text };
  return { title: text.slice(0, match.index).trim(), publisher: name };
}
