import { describe, expect, it } from 'vitest';
import { missedMark, parseMissedArgs, toCorpusLine, urlSlugText } from '../../src/core/feedback.js';
import { MAX_REPORTED_URL, recentItemKey, recentItemOf, RECENT_TEXT_CHARS, type RecentItem } from '../../src/core/recent-items.js';
import { makeItem } from '../helpers/builders.js';

const who = { platform: 'telegram', chatId: '-1001', userId: '42' };

describe('recentItemKey', () => {
  it('gives one key to the forms of one article URL (scheme, www, tracking, fragment)', () => {
    const key = recentItemKey('https://www.presse.example/2025/panne-du-reseau');
    expect(key).toMatch(/^recent:[0-9a-f]{16}$/);
    expect(recentItemKey('http://presse.example/2025/panne-du-reseau?utm_source=x#haut')).toBe(key);
    expect(recentItemKey('https://presse.example/2025/autre-article')).not.toBe(key);
  });

  it('refuses what is not an http(s) URL, and a URL over the length limit', () => {
    expect(recentItemKey('javascript:alert(1)')).toBeUndefined();
    expect(recentItemKey('presse.example/article')).toBeUndefined();
    expect(recentItemKey(`https://presse.example/${'a'.repeat(MAX_REPORTED_URL)}`)).toBeUndefined();
  });
});

describe('recentItemOf', () => {
  const analysis = { classification: { category: 'none' as const, score: 0.2, subtype: null, cause: null, severity: 1 as const, evidence: [], entities: { actors: [] } } };

  it('keeps the text (cut), the verdict and the outcome of an item with its own link', () => {
    const item = makeItem({ link: 'https://presse.example/a', summary: 'x'.repeat(RECENT_TEXT_CHARS + 10), publishedAt: 1000 });
    const record = recentItemOf(item, analysis, 'ignored', 5000);
    expect(record).toMatchObject({ url: 'https://presse.example/a', polledAt: 5000, publishedAt: 1000, outcome: 'ignored', verdict: { category: 'none', score: 0.2 } });
    expect(record?.text).toHaveLength(RECENT_TEXT_CHARS);
  });

  it('keeps nothing for an item without a link of its own', () => {
    expect(recentItemOf(makeItem({ link: 'https://presse.example/direct', sharedLink: true }), analysis, 'ignored', 0)).toBeUndefined();
  });
});

describe('parseMissedArgs', () => {
  it('reads the URL and an optional category, in either order and either language', () => {
    expect(parseMissedArgs('https://presse.example/a panne')).toEqual({ ok: true, url: 'https://presse.example/a', label: 'outage' });
    expect(parseMissedArgs('cyber https://presse.example/a')).toEqual({ ok: true, url: 'https://presse.example/a', label: 'cyberattack' });
    expect(parseMissedArgs('  https://www.presse.example/a?utm_medium=rss  ')).toEqual({ ok: true, url: 'https://www.presse.example/a' });
  });

  it('names what is wrong: no URL, not an http(s) URL, too long, a label that is not a category', () => {
    expect(parseMissedArgs('')).toEqual({ ok: false, why: 'missing_url' });
    expect(parseMissedArgs('panne')).toEqual({ ok: false, why: 'missing_url' });
    expect(parseMissedArgs('file:///etc/passwd')).toEqual({ ok: false, why: 'bad_url' });
    expect(parseMissedArgs('https://a.example/x https://b.example/y')).toEqual({ ok: false, why: 'bad_url' });
    expect(parseMissedArgs(`https://presse.example/${'a'.repeat(MAX_REPORTED_URL)}`)).toEqual({ ok: false, why: 'too_long' });
    expect(parseMissedArgs('https://presse.example/a autre')).toEqual({ ok: false, why: 'bad_label' });
    expect(parseMissedArgs('https://presse.example/a panne cyber')).toEqual({ ok: false, why: 'bad_label' });
  });
});

describe('missed marks in corpus format', () => {
  const found: RecentItem = {
    url: 'https://presse.example/a', title: 'Les distributeurs de billets de Valmont hors service', text: 'Depuis ce matin, aucun retrait possible.',
    source: 'Presse', feedId: 'presse', publishedAt: Date.UTC(2025, 4, 2), polledAt: Date.UTC(2025, 4, 2, 1),
    verdict: { category: 'none', cause: null, subtype: null, score: 0.3 }, outcome: 'ignored',
  };

  it('keeps the text and verdict of an article that was polled', () => {
    const line = toCorpusLine(missedMark(found.url, found, who, 'outage', Date.UTC(2025, 4, 3)));
    expect(line).toMatchObject({ title: found.title, summary: found.text, label: 'outage', date: '2025-05-02', url: found.url });
    expect(line['note']).toMatch(/^feedback missed from telegram:-1001 .*Vigie said none$/);
    expect(line['url_slug_text']).toBeUndefined();
  });

  it('gives an article never polled its URL words as headline', () => {
    const line = toCorpusLine(missedMark('https://presse.example/2025/05/panne-geante-des-terminaux-de-paiement.html', undefined, who, 'outage', 0));
    expect(line).toMatchObject({ title: '', summary: '', label: 'outage', url_slug_text: 'panne geante des terminaux de paiement' });
    expect(line['note']).toMatch(/not among the items Vigie polled/);
  });

  it('one chat marking one URL twice keeps one mark', () => {
    expect(missedMark(found.url, found, who, 'outage', 1).id).toBe(missedMark(found.url, undefined, who, 'cyberattack', 2).id);
    expect(urlSlugText('not a url')).toBe('');
  });
});
