import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import {
  alertEmbed, alertMessage, COLOURS, embedLength, escapeFeedText, LIMITS, replyMessage, truncate,
} from '../../../src/platforms/discord/format.js';
import { makeAlert, makeDestination, makeItem } from '../../helpers/builders.js';

const ROLE = '112233445566778899';

/** Every string a reader sees in an embed. */
function texts(embed: APIEmbed): string[] {
  return [embed.title ?? '', embed.description ?? '', embed.author?.name ?? '', embed.footer?.text ?? '',
    ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])];
}

function expectWithinLimits(embed: APIEmbed): void {
  expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
  expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
  expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const f of embed.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
    expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(f.value.length).toBeGreaterThan(0);
  }
}

function hostileAlert(): ReturnType<typeof makeAlert> {
  const noise = '@everyone <@123456789012345678> **gras** [clic](https://piege.example) <#987654321098765432> ';
  const item = makeItem({
    title: `@here **URGENT** ${'Panne géante '.repeat(40)}`,
    summary: `${noise}${'Le réseau de la métropole est paralysé. '.repeat(260)}`.slice(0, 10_000),
    source: '<@&555555555555555555> Le Canard',
  });
  return makeAlert({
    item,
    summary: item.summary,
    classification: {
      category: 'cyberattack', score: 0.8, subtype: 'ransomware', cause: 'suspected', severity: 3,
      evidence: [],
      entities: { victim: `@everyone ${'Mairie '.repeat(300)}`, sector: '||spoiler||', place: '# Lyon', actors: [] },
    },
  });
}

describe('alertEmbed', () => {
  it('renders a hostile 10,000-character alert as one embed within every Discord limit', () => {
    const alert = hostileAlert();
    expect(alert.summary.length).toBe(10_000);
    const message = alertMessage(alert, makeDestination({ platform: 'discord', chatId: '1' }));
    expect(message.embeds).toHaveLength(1);
    expectWithinLimits(message.embeds![0]!);
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('leaves no live mention and no unescaped markdown from feed text', () => {
    const embed = alertEmbed(hostileAlert(), 'fr');
    const all = texts(embed).join('\n');
    expect(all).not.toMatch(/@everyone|@here/);
    expect(all).not.toMatch(/<@\d|<#\d|<@&\d/);
    expect(all).toContain('@\u200deveryone');
    expect(all).toContain('\\*\\*gras\\*\\*');
    expect(all).toContain('\\[clic\\](https://piege.example)');
    expect(all).toContain('\\|\\|spoiler\\|\\|');
    expect(all).toContain('\\# Lyon');
  });

  it('shows the unconfirmed cause and the other outlets with the source count', () => {
    const base = makeAlert();
    const alert = makeAlert({
      classification: { ...base.classification, cause: 'suspected' },
      sources: [
        base.sources[0]!,
        { itemId: 'b', source: 'Le Monde', title: 'x' },
        { itemId: 'c', source: 'ZDNet', title: 'y' },
      ],
    });
    const fr = alertEmbed(alert, 'fr').description!;
    expect(fr).toContain('Cause non confirmée');
    expect(fr).toContain('Également rapporté par : Le Monde, ZDNet — 3 sources');
    const en = alertEmbed(alert, 'en').description!;
    expect(en).toContain('Unconfirmed cause');
    expect(en).toContain('Also reported by: Le Monde, ZDNet — 3 sources');
  });

  it('names victim, sector, place and source in fields, with the link, timestamp and category colour', () => {
    const alert = makeAlert();
    const embed = alertEmbed(alert, 'fr');
    expect(embed.fields!.map((f) => [f.name, f.value])).toEqual([
      ['Victime', 'centre hospitalier de Valmont'], ['Secteur', 'santé'], ['Lieu', 'Valmont'], ['Source', 'Le Quotidien Test'],
    ]);
    expect(embed.url).toBe('https://news.example/article-1');
    expect(embed.timestamp).toBe(new Date(alert.item.publishedAt!).toISOString());
    expect(embed.color).toBe(COLOURS.cyberattack);
    expect(embed.author!.name).toBe('Cyberattaque · rançongiciel');
    const outage = makeAlert({ classification: { ...alert.classification, category: 'outage', subtype: 'telecom', cause: null } });
    expect(alertEmbed(outage, 'en').color).toBe(COLOURS.outage);
    expect(alertEmbed(outage, 'en').author!.name).toBe('IT outage · telecoms');
  });

  it('drops a link Discord would reject instead of failing the whole message', () => {
    const alert = makeAlert({ item: makeItem({ link: 'javascript:alert(1)' }) });
    expect(alertEmbed(alert, 'fr').url).toBeUndefined();
  });
});

describe('alertMessage', () => {
  it('pings the opted-in role for a severity-3 alert, and only that role', () => {
    const base = makeAlert();
    const major = makeAlert({ classification: { ...base.classification, severity: 3 } });
    const dest = makeDestination({ platform: 'discord', chatId: '1', pingRoleId: ROLE });
    const message = alertMessage(major, dest);
    expect(message.content).toBe(`<@&${ROLE}>`);
    expect(message.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
  });

  it('pings nobody for a lesser alert even when a role is set', () => {
    const message = alertMessage(makeAlert(), makeDestination({ platform: 'discord', chatId: '1', pingRoleId: ROLE }));
    expect(message.content).toBeUndefined();
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('replyMessage', () => {
  it('keeps ten hostile alerts within the 6000 characters a message may carry across its embeds', () => {
    const alerts = Array.from({ length: 12 }, () => hostileAlert());
    const body = replyMessage({ text: 'Les dernières alertes :', alerts }, 'fr');
    expect(body.embeds).toHaveLength(LIMITS.embedsPerMessage);
    const total = body.embeds!.reduce((n, e) => n + embedLength(e), 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const e of body.embeds!) expectWithinLimits(e);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('marks settings replies ephemeral and escapes markdown while keeping channel mentions', () => {
    const body = replyMessage({ text: 'Alertes dans <#123456789012345678> pour ransom* @everyone', ephemeral: true }, 'fr');
    expect(body.flags).toBe(64);
    expect(body.content).toContain('<#123456789012345678>');
    expect(body.content).toContain('ransom\\*');
    expect(body.content).not.toContain('@everyone');
  });
});

describe('text helpers', () => {
  it('escapes quotes and subtext at the start of feed text', () => {
    expect(escapeFeedText('> citation', 100)).toBe('\\> citation');
    expect(escapeFeedText('-# petit', 100)).toBe('\\-# petit');
    expect(escapeFeedText('**a**   b\n\nc', 100)).toBe('\\*\\*a\\*\\* b c');
  });

  it('breaks every masked link, not only the first, and leaves bare URLs intact', () => {
    const text = escapeFeedText('[a](https://x.example) et [b](https://y.example) https://ex.example/a_b_c', 500);
    expect(text).toBe('\\[a\\](https://x.example) et \\[b\\](https://y.example) https://ex.example/a_b_c');
  });

  it('breaks slash-command and custom mentions too', () => {
    expect(escapeFeedText('</ban:123> <t:1> <@!42>', 100)).not.toMatch(/<[^\u200d]/);
  });

  it('truncates without splitting a surrogate pair or leaving a dangling escape', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
    expect(truncate('court', 10)).toBe('court');
  });
});
