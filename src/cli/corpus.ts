/**
 * Reads labelled items in corpus format (JSON Lines: title, summary or content, label, event, …)
 * for `vigie train` and `vigie eval --cv`. Bad lines are reported with file and line and skipped.
 */
import { labelToCategory } from '../core/eval.js';
import type { Category } from '../core/types.js';

/** One labelled item. */
export interface CorpusItem {
  id: string;
  title: string;
  text: string;
  label: Category;
  /** Items reporting the same incident share it; empty when unknown. */
  event: string;
  date: string;
  source: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parses one file's text; `warn` receives "path:line: skipped, why" for each bad line. */
export function parseCorpus(text: string, path: string, warn: (message: string) => void): CorpusItem[] {
  const out: CorpusItem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new Error('not a JSON object');
    } catch (cause) {
      warn(`${path}:${index + 1}: skipped, ${(cause as Error).message}`);
      return;
    }
    const label = labelToCategory(str(row['label']));
    if (!label) {
      warn(`${path}:${index + 1}: skipped, unknown label "${str(row['label'])}"`);
      return;
    }
    // A real feed always has a headline: the URL's words stand in for a missing one.
    const title = str(row['title']) || str(row['url_slug_text']);
    const text = str(row['content']) || str(row['summary']);
    if (title.trim() === '' && text.trim() === '') {
      warn(`${path}:${index + 1}: skipped, no "title", "summary" or "content"`);
      return;
    }
    out.push({
      id: str(row['id']) || `${path}:${index + 1}`, title, text, label,
      event: str(row['event']), date: str(row['date']), source: str(row['source_domain']),
    });
  });
  return out;
}

/** Reads and parses every file, in order; a file that cannot be read throws naming it. */
export async function readCorpus(files: readonly string[], readFile: (path: string) => Promise<string>,
  warn: (message: string) => void): Promise<CorpusItem[]> {
  const out: CorpusItem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file);
    } catch (cause) {
      throw new Error(`cannot read ${file}: ${(cause as Error).message}`, { cause });
    }
    out.push(...parseCorpus(text, file, warn));
  }
  return out;
}
