/**
 * OPML 2.0 ⇄ Vigie feed lists: `feedsToOpml` writes the configured feeds; `opmlToFeeds` reads an
 * OPML file (a feed reader's export) into feed entries with ids derived from titles, and reports
 * what it skipped (non-http URLs, duplicate URLs) with the line where it found it.
 */
import { Parser } from 'htmlparser2';
import type { FeedConfig } from '../core/feed-types.js';

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** An OPML 2.0 document listing the feeds (tags as the `category` attribute). */
export function feedsToOpml(feeds: readonly FeedConfig[], createdAt: Date): string {
  const outlines = feeds.map((f) => {
    const category = f.tags.length > 0 ? ` category="${xmlEscape(f.tags.join(','))}"` : '';
    return `    <outline type="rss" text="${xmlEscape(f.name)}" title="${xmlEscape(f.name)}" xmlUrl="${xmlEscape(f.url)}"${category}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>Vigie — flux suivis</title>
    <dateCreated>${createdAt.toUTCString()}</dateCreated>
  </head>
  <body>
${outlines.join('\n')}
  </body>
</opml>
`;
}

/** An id of `[a-z0-9-]` from a title: accents folded, other characters as dashes, at most 60 characters. */
export function feedIdFrom(title: string): string {
  const id = title.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return id === '' ? 'flux' : id;
}

/** What an import found: feeds to write, and one note per skipped or renamed outline. */
export interface OpmlImport {
  feeds: FeedConfig[];
  notes: string[];
  /** True when the document had an `<opml>` root. */
  isOpml: boolean;
}

function isHttp(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Reads feeds from OPML text; folders (outlines without `xmlUrl`) become tags of the feeds inside them. */
export function opmlToFeeds(text: string): OpmlImport {
  const feeds: FeedConfig[] = [];
  const notes: string[] = [];
  const ids = new Set<string>();
  const urls = new Map<string, number>();
  const folders: (string | undefined)[] = [];
  let isOpml = false;
  const lineAt = (index: number): number => text.slice(0, index).split('\n').length;
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (tag === 'opml') isOpml = true;
      if (tag !== 'outline') return;
      const line = lineAt(parser.startIndex);
      const title = (attrs['title'] ?? attrs['text'] ?? '').trim();
      const url = (attrs['xmlurl'] ?? '').trim();
      if (url === '') {
        folders.push(title === '' ? undefined : feedIdFrom(title).slice(0, 32));
        return;
      }
      folders.push(undefined);
      if (!isHttp(url)) return void notes.push(`line ${line}: "${title || url}" skipped: not an http(s) URL (${url.slice(0, 80)})`);
      const seen = urls.get(url);
      if (seen !== undefined) return void notes.push(`line ${line}: "${title || url}" skipped: same URL as line ${seen}`);
      urls.set(url, line);
      const name = (title || new URL(url).hostname).slice(0, 100);
      const base = feedIdFrom(name);
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
      if (id !== base) notes.push(`line ${line}: "${name}": id "${base}" already taken, named "${id}"`);
      ids.add(id);
      const categories = (attrs['category'] ?? '').split(',').map((c) => c.trim().replace(/^\/+/, '')).filter(Boolean).map((c) => c.slice(0, 32));
      const tags = [...new Set([...folders.filter((f): f is string => f !== undefined), ...categories])].slice(0, 20);
      feeds.push({ id, name, url, tags });
    },
    onclosetag(tag) {
      if (tag === 'outline') folders.pop();
    },
  }, { xmlMode: true, lowerCaseAttributeNames: true, decodeEntities: true });
  parser.end(text);
  return { feeds, notes, isOpml };
}
