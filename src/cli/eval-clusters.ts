/**
 * `vigie eval --clusters FILE.jsonl [--json] [--errors]`: replays labelled incident items in date
 * order through story clustering and prints pairwise precision and recall against their `event`.
 */
import type { Classifier } from '../core/services.js';
import type { IncidentCategory, NewsItem } from '../core/types.js';
import { fingerprint } from '../core/cluster.js';
import { dateRange, pairScores, replayClusters } from '../core/cluster/evaluate.js';
import type { ReplayItem } from '../core/cluster/evaluate.js';

/** Streams and services the command uses (passed in so tests run it in-process). */
export interface EvalClustersIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  readFile(path: string): Promise<string>;
  classifier: Classifier;
}

/** One labelled incident item of the evaluation file. */
export interface LabelledItem {
  id: string;
  title: string;
  summary: string;
  label: IncidentCategory;
  event: string;
  date: string;
  source: string;
}

const USAGE = 'usage: vigie eval --clusters FILE.jsonl [--json] [--errors]\n';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parses the file; items not labelled cyberattack/outage are skipped. Throws naming the bad line. */
export function parseItems(text: string, path: string): LabelledItem[] {
  const out: LabelledItem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (cause) {
      throw new Error(`${path}:${index + 1}: not valid JSON`, { cause });
    }
    if (row === null || typeof row !== 'object') throw new Error(`${path}:${index + 1}: not a JSON object`);
    const label = row['label'];
    if (label !== 'cyberattack' && label !== 'outage') return;
    out.push({
      id: str(row['id']) || `line-${index + 1}`,
      // A real feed always has a headline: the URL's words stand in for a missing one.
      title: str(row['title']) || str(row['url_slug_text']),
      summary: str(row['summary']),
      label,
      event: str(row['event']),
      date: str(row['date']),
      source: str(row['source_domain']),
    });
  });
  return out;
}

export function toReplayItem(item: LabelledItem, classifier: Classifier): ReplayItem {
  const news: NewsItem = { id: item.id, feedId: 'eval', source: item.source, title: item.title, summary: item.summary, categories: [] };
  // The label gives the category; the classifier only contributes its cause and entities.
  const c = { ...classifier.classify({ title: item.title, text: item.summary }), category: item.label };
  return { id: item.id, fingerprint: fingerprint(news, c), date: dateRange(item.date) };
}

/** Wrong merges and missed pairs, one line each, for `--errors`. */
function errorLines(items: readonly LabelledItem[], storyOf: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as LabelledItem;
      const b = items[j] as LabelledItem;
      const gold = a.event !== '' && a.event === b.event;
      const merged = storyOf.get(a.id) === storyOf.get(b.id);
      if (gold !== merged) lines.push(`${merged ? 'wrong merge' : 'missed'}\t${a.id}\t${b.id}\t${a.title.slice(0, 60)} | ${b.title.slice(0, 60)}`);
    }
  }
  return lines;
}

/** Runs the command; resolves the exit code (0 done, 1 unreadable or malformed file, 2 usage). */
export async function runEvalClusters(argv: string[], io: EvalClustersIo): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const positional = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--clusters', '--json', '--errors'].includes(f));
  const path = positional[0];
  if (unknown.length > 0 || path === undefined || positional.length > 1) {
    io.stderr.write(unknown.length > 0 ? `unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  let items: LabelledItem[];
  try {
    items = parseItems(await io.readFile(path), path);
  } catch (err) {
    io.stderr.write(`eval --clusters: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const storyOf = replayClusters(items.map((i) => toReplayItem(i, io.classifier)));
  const scores = pairScores(items, storyOf);
  const counts = { items: items.length, events: new Set(items.map((i) => i.event).filter((e) => e !== '')).size, stories: new Set(storyOf.values()).size };
  if (flags.has('--json')) {
    io.stdout.write(`${JSON.stringify({ ...scores, ...counts })}\n`);
  } else {
    io.stdout.write(
      `items ${counts.items} (cyberattack/outage), labelled incidents ${counts.events}, stories formed ${counts.stories}\n` +
        `pair precision ${scores.pair_precision.toFixed(3)} (${scores.correct_pairs}/${scores.predicted_pairs} merged pairs correct)\n` +
        `pair recall    ${scores.pair_recall.toFixed(3)} (${scores.correct_pairs}/${scores.true_pairs} labelled pairs merged)\n`,
    );
  }
  // With --json stdout stays one JSON object, so the error list goes to stderr.
  const errorsOut = flags.has('--json') ? io.stderr : io.stdout;
  if (flags.has('--errors')) for (const line of errorLines(items, storyOf)) errorsOut.write(`${line}\n`);
  return 0;
}
