import { describe, expect, it } from 'vitest';
import {
  escapeHtml, escapeWithin, formatAlert, formatReply, safeHref, TELEGRAM_MAX_TEXT,
} from '../../../src/platforms/telegram/format.js';
import { makeAlert, makeItem } from '../../helpers/builders.js';
import { telegramHtmlError } from '../../helpers/fake-telegram.js';

const HOSTILE = '<script>alert("x")</script> R&D & co <b>gras</b> @everyone &amp; 5 < 6 > 4';

describe('escapeHtml / escapeWithin', () => {
  it('escapes &, <, > and quotes', () => {
    expect(escapeHtml('a & b <i> "c"')).toBe('a &amp; b &lt;i&gt; &quot;c&quot;');
  });

  it('cuts to the escaped length without splitting an entity and marks the cut', () => {
    const out = escapeWithin('&&&&&&&&&&', 14);
    expect(out.length).toBeLessThanOrEqual(14);
    expect(out).toBe('&amp;&amp;…');
    expect(telegramHtmlError(out)).toBeUndefined();
  });

  it('never splits a surrogate pair', () => {
    const out = escapeWithin('🔥'.repeat(10), 7);
    expect(out).toBe('🔥🔥🔥…');
  });
});

describe('safeHref', () => {
  it('keeps http(s) links, escaped, and drops other schemes', () => {
    expect(safeHref('https://ex.fr/a?b=1&c=2')).toBe('https://ex.fr/a?b=1&amp;c=2');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('pas une url')).toBeUndefined();
    expect(safeHref(`https://ex.fr/${'x'.repeat(700)}`)).toBeUndefined();
  });
});

describe('formatAlert', () => {
  it('shows category, victim and sector, source and Paris time, link, summary and why (FR)', () => {
    const html = formatAlert(makeAlert(), 'fr');
    expect(html).toContain('🚨 <b>Cyberattaque — rançongiciel</b>');
    expect(html).toContain('<b>centre hospitalier de Valmont</b> · santé · Valmont');
    // 1_700_000_000_000 = 2023-11-14 22:13 UTC = 23:13 in Paris (CET).
    expect(html).toContain('📰 Le Quotidien Test · 14/11 23:13');
    expect(html).toContain('<a href="https://news.example/article-1">Cyberattaque contre le centre hospitalier de Valmont</a>');
    expect(html).toContain("Le centre hospitalier de Valmont est victime d'une attaque par rançongiciel");
    expect(html).toContain('<i>Pourquoi : titre: cyberattaque ; texte: rançongiciel</i>');
    expect(telegramHtmlError(html)).toBeUndefined();
  });

  it('speaks English for an English destination', () => {
    const html = formatAlert(makeAlert(), 'en');
    expect(html).toContain('🚨 <b>Cyberattack — ransomware</b>');
    expect(html).toContain('<i>Why: ');
    expect(html).toContain('✅ Attack confirmed');
  });

  it('shows an unconfirmed or ruled-out attack on an outage', () => {
    const base = makeAlert();
    const outage = { ...base.classification, category: 'outage' as const, subtype: 'service_down' as const };
    expect(formatAlert({ ...base, classification: { ...outage, cause: 'suspected' } }, 'fr')).toContain('Attaque non confirmée');
    expect(formatAlert({ ...base, classification: { ...outage, cause: 'denied' } }, 'fr')).toContain("Piste d'attaque écartée");
    expect(formatAlert({ ...base, classification: { ...outage, cause: null } }, 'fr')).not.toMatch(/Attaque|attaque (non|confirm)/);
    expect(formatAlert({ ...base, classification: outage }, 'fr')).toContain('🔌 <b>Panne informatique — service indisponible</b>');
  });

  it('lists the other outlets and counts the sources', () => {
    const alert = makeAlert();
    const sources = [
      ...alert.sources,
      { itemId: 'b', source: 'Le Monde', title: 't', link: 'https://lemonde.example/x' },
      { itemId: 'c', source: 'ZDNet', title: 't' },
      { itemId: 'd', source: 'ZDNet', title: 'again' },
    ];
    const html = formatAlert({ ...alert, sources }, 'fr');
    expect(html).toContain('Également rapporté par : <a href="https://lemonde.example/x">Le Monde</a>, ZDNet — 3 sources');
    expect(formatAlert(alert, 'fr')).not.toContain('Également');
  });

  it('escapes hostile feed text everywhere and stays valid Telegram HTML', () => {
    const item = makeItem({ title: HOSTILE, source: `Flux ${HOSTILE}`, summary: HOSTILE, link: 'https://ex.fr/?a=<b>&c="d"' });
    const alert = makeAlert({ item, summary: HOSTILE });
    alert.classification.entities.victim = HOSTILE;
    alert.classification.evidence = [HOSTILE];
    const html = formatAlert(alert, 'fr');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('R&amp;D &amp; co');
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(telegramHtmlError(html)).toBeUndefined();
  });

  it('cuts a 10,000-character summary first and stays within 4096 characters', () => {
    const long = `${'Les serveurs & les postes <sont> chiffrés. '.repeat(250)}FIN`;
    expect(long.length).toBeGreaterThan(10_000);
    const html = formatAlert(makeAlert({ summary: long }), 'fr');
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(html).not.toContain('FIN');
    expect(html).toContain('<i>Pourquoi'); // the tail survives, the summary was cut
    expect(html).toContain('…');
    expect(telegramHtmlError(html)).toBeUndefined();
  });

  it('stays within 4096 characters when every field is huge', () => {
    const huge = '&<>'.repeat(5000);
    const item = makeItem({ title: huge, source: huge, summary: huge, link: `https://ex.fr/?q=${'&'.repeat(500)}` });
    const alert = makeAlert({ item, summary: huge });
    alert.classification.entities = { victim: huge, sector: huge, place: huge, actors: [] };
    alert.classification.evidence = [huge, huge, huge];
    alert.sources = Array.from({ length: 40 }, (_, i) => ({ itemId: `${i}`, source: `${huge}${i}`, title: huge, link: `https://ex.fr/${'a'.repeat(150)}` }));
    const html = formatAlert(alert, 'fr');
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(telegramHtmlError(html)).toBeUndefined();
  });
});

describe('formatReply', () => {
  it('escapes the text and lists the alerts with victim link, source and time', () => {
    const html = formatReply({ text: 'Les 2 dernières alertes <mot & clé> :', alerts: [makeAlert(), makeAlert({ id: 'a2' })] }, 'fr');
    expect(html.startsWith('Les 2 dernières alertes &lt;mot &amp; clé&gt; :')).toBe(true);
    expect(html).toContain('🚨 <a href="https://news.example/article-1">centre hospitalier de Valmont</a> (rançongiciel) — Le Quotidien Test, 14/11 23:13');
    expect(html.split('\n').filter((l) => l.startsWith('🚨')).length).toBe(2);
    expect(telegramHtmlError(html)).toBeUndefined();
  });

  it('fits ten hostile alerts and a long text within 4096 characters', () => {
    const huge = '<&>'.repeat(3000);
    const item = makeItem({ title: huge, source: huge, link: `https://ex.fr/${'&'.repeat(55)}` });
    const alerts = Array.from({ length: 10 }, (_, i) => makeAlert({ id: `h${i}`, item }));
    const html = formatReply({ text: huge, alerts }, 'en');
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(telegramHtmlError(html)).toBeUndefined();
  });
});

describe('the fake server HTML check (guards the tests above)', () => {
  it('rejects raw tags, stray ampersands and unbalanced markup', () => {
    expect(telegramHtmlError('<script>x</script>')).toMatch(/Unsupported start tag "script"/);
    expect(telegramHtmlError('R&D')).toMatch(/reserved/);
    expect(telegramHtmlError('<b>x')).toMatch(/end tag/);
    expect(telegramHtmlError('a'.repeat(4097))).toMatch(/too long/);
    expect(telegramHtmlError('<b>ok</b> &amp; <a href="https://x.fr">l</a>')).toBeUndefined();
  });
});
