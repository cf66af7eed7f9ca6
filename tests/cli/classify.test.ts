import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../src/cli/classify.js';
import { loadLexicon } from '../../src/config/lexicon.js';
import { createClassifier } from '../../src/core/classify/index.js';
import { createSummariser } from '../../src/core/summarise.js';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));
const classifier = createClassifier(loadLexicon(configDir));
const summariser = createSummariser();

/** Runs the command on the given stdin text; resolves the exit code and the parsed output lines. */
async function run(input: string): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  const code = await runClassify({ stdin: Readable.from([input]), stdout, classifier, summariser });
  return { code, lines: out.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const line = (o: unknown): string => `${JSON.stringify(o)}\n`;

describe('vigie classify', () => {
  it('writes one line per input with the classification, entities and summary', async () => {
    const { code, lines } = await run(line({
      id: 'a1',
      title: 'Le centre hospitalier de Cahors victime d’un rançongiciel',
      summary: 'L’hôpital fonctionne en mode dégradé depuis lundi. Les pirates réclament une rançon. Une plainte a été déposée.',
    }));
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const [out] = lines;
    expect(Object.keys(out ?? {})).toEqual(['id', 'category', 'score', 'subtype', 'cause', 'severity', 'evidence', 'entities', 'summary']);
    expect(out).toMatchObject({ id: 'a1', category: 'cyberattack', subtype: 'ransomware', cause: 'confirmed' });
    expect(out?.['entities']).toMatchObject({ victim: 'centre hospitalier de Cahors', sector: 'santé', place: 'Cahors' });
    expect(out?.['summary']).toContain('mode dégradé');
  });

  it('reads "content" when present, else "summary", and gives a null id when none is set', async () => {
    const { lines } = await run(line({ title: 'Actualité', content: 'Panne géante chez Orange : les clients privés d’internet.', summary: 'Recette de cuisine.' }));
    expect(lines[0]).toMatchObject({ id: null, category: 'outage' });
  });

  it('keeps the input order', async () => {
    const input = ['Cyberattaque contre la mairie de Gap', 'Panne géante chez SFR', 'Recette de la tarte tatin']
      .map((title, i) => line({ id: i, title })).join('');
    const { lines } = await run(input);
    expect(lines.map((l) => [l['id'], l['category']])).toEqual([[0, 'cyberattack'], [1, 'outage'], [2, 'none']]);
  });

  it('answers a malformed line in its place with its number, goes on and exits 1', async () => {
    const input = [
      line({ id: 'ok1', title: 'Panne géante chez SFR' }),
      '{"title": "unterminated\n',
      line([1, 2]),
      line({ title: 42 }),
      line({ id: 'empty' }),
      '\n',
      line({ id: 'ok2', title: 'Cyberattaque contre la mairie de Gap' }),
    ].join('');
    const { code, lines } = await run(input);
    expect(code).toBe(1);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ id: 'ok1', category: 'outage' });
    expect(lines[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^not valid JSON/) });
    expect(lines[2]).toEqual({ line: 3, error: 'not a JSON object' });
    expect(lines[3]).toEqual({ line: 4, error: '"title" must be a string' });
    expect(lines[4]).toEqual({ line: 5, error: 'no "title", "summary" or "content"' });
    expect(lines[5]).toMatchObject({ id: 'ok2', category: 'cyberattack' });
  });

  it('exits 0 on empty input', async () => {
    expect(await run('')).toEqual({ code: 0, lines: [] });
  });

  it('reports a line that is not UTF-8 in its place instead of guessing, and classifies the others', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
    const good = Buffer.from(line({ id: 'u', title: 'Panne géante chez un hébergeur' }), 'utf8');
    const latin1 = Buffer.from(line({ id: 'l', title: 'Panne géante chez un hébergeur' }), 'latin1');
    const code = await runClassify({ stdin: Readable.from([Buffer.concat([good, latin1, good])]), stdout, classifier, summariser });
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).toBe(1);
    expect(lines.map((l) => l['id'] ?? l['error'])).toEqual(['u', 'not UTF-8', 'u']);
    expect(lines[1]).toEqual({ line: 2, error: 'not UTF-8' });
  });

  it('reads lines split across chunks and CRLF line ends', async () => {
    const text = `${line({ id: 'a', title: 'Cyberattaque contre la mairie de Gap' }).replace('\n', '\r\n')}${line({ id: 'b', title: 'Panne chez Orange' })}`;
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
    const bytes = Buffer.from(text, 'utf8');
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 30), bytes.subarray(30)];
    expect(await runClassify({ stdin: Readable.from(chunks), stdout, classifier, summariser })).toBe(0);
    expect(out.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a', 'b']);
  });
});
