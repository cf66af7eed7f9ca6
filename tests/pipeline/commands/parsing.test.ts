import { describe, expect, it } from 'vitest';
import {
  parseCategories, parseDigestArgs, parseLatestArgs, parseSnowflake, parseTime, parseTimeZone,
} from '../../../src/pipeline/commands/args.js';
import { COMMANDS, commandsFor, resolveCommandName } from '../../../src/pipeline/commands/index.js';
import { DISCORD_CAPABILITIES } from '../../../src/platforms/discord/capabilities.js';
import { TELEGRAM_CAPABILITIES } from '../../../src/platforms/telegram/capabilities.js';

describe('resolveCommandName', () => {
  it('resolves canonical names and French aliases, with or without accents, slash, case or @bot', () => {
    expect(resolveCommandName('latest')).toBe('latest');
    expect(resolveCommandName('/Dernières@VigieBot')).toBe('latest');
    expect(resolveCommandName('dernieres')).toBe('latest');
    expect(resolveCommandName('aide')).toBe('help');
    expect(resolveCommandName('/abonner hôpital')).toBe('subscribe');
    expect(resolveCommandName('desabonner')).toBe('unsubscribe');
    expect(resolveCommandName('abonnements')).toBe('subscriptions');
    expect(resolveCommandName('reprendre')).toBe('resume');
  });

  it('returns undefined for anything else', () => {
    expect(resolveCommandName('/foo')).toBeUndefined();
    expect(resolveCommandName('')).toBeUndefined();
    expect(resolveCommandName('/')).toBeUndefined();
  });
});

describe('COMMANDS', () => {
  it('has names Telegram accepts and descriptions within Discord’s 100 characters, in both languages', () => {
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z0-9_]{1,32}$/);
      for (const lang of ['fr', 'en'] as const) {
        expect(c.description[lang].length).toBeGreaterThan(0);
        expect(c.description[lang].length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('offers setup and pingrole only where channels are chosen and roles exist (Discord)', () => {
    const telegram = commandsFor(TELEGRAM_CAPABILITIES).map((c) => c.name);
    expect(telegram).not.toContain('setup');
    expect(telegram).not.toContain('pingrole');
    expect(commandsFor(DISCORD_CAPABILITIES).map((c) => c.name)).toEqual(expect.arrayContaining(['setup', 'pingrole', 'digest']));
  });

  it('marks exactly the settings commands, /faux and /manque (feedback marks) as admin-only', () => {
    expect(COMMANDS.filter((c) => c.admin).map((c) => c.name).sort()).toEqual(
      ['categories', 'digest', 'lang', 'missed', 'pause', 'pingrole', 'resume', 'setup', 'subscribe', 'unsubscribe', 'wrong'],
    );
  });
});

describe('command arguments', () => {
  it('/latest: count defaults to 5, is capped at 10, and the rest is the keyword', () => {
    expect(parseLatestArgs('')).toEqual({ count: 5, filter: '' });
    expect(parseLatestArgs('3')).toEqual({ count: 3, filter: '' });
    expect(parseLatestArgs('25 hôpital')).toEqual({ count: 10, filter: 'hôpital' });
    expect(parseLatestArgs('mairie de Lyon')).toEqual({ count: 5, filter: 'mairie de Lyon' });
    expect(parseLatestArgs('0')).toBeUndefined();
  });

  it('/categories understands cyber, panne, tout and English', () => {
    expect(parseCategories('cyber')).toEqual({ cyberattack: true, outage: false });
    expect(parseCategories('Pannes')).toEqual({ cyberattack: false, outage: true });
    expect(parseCategories('tout')).toEqual({ cyberattack: true, outage: true });
    expect(parseCategories('cyber et panne')).toEqual({ cyberattack: true, outage: true });
    expect(parseCategories('outage')).toEqual({ cyberattack: false, outage: true });
    expect(parseCategories('météo')).toBeUndefined();
    expect(parseCategories('')).toBeUndefined();
  });

  it('times: HH:MM and French 8h30 forms, 24-hour, padded', () => {
    expect(parseTime('8:00')).toBe('08:00');
    expect(parseTime('08h30')).toBe('08:30');
    expect(parseTime('18h')).toBe('18:00');
    expect(parseTime('23:59')).toBe('23:59');
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('12:60')).toBeUndefined();
    expect(parseTime('midi')).toBeUndefined();
  });

  it('time zones are checked by Intl and returned canonical', () => {
    expect(parseTimeZone('Europe/Brussels')).toBe('Europe/Brussels');
    expect(parseTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(parseTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(parseTimeZone('')).toBeUndefined();
  });

  it('/digest: off, a time, a time and a zone, and each kind of mistake', () => {
    expect(parseDigestArgs('off')).toEqual({ kind: 'off' });
    expect(parseDigestArgs('08:00')).toEqual({ kind: 'set', time: '08:00' });
    expect(parseDigestArgs('7h Europe/Brussels')).toEqual({ kind: 'set', time: '07:00', timeZone: 'Europe/Brussels' });
    expect(parseDigestArgs('25:00')).toEqual({ kind: 'bad_time', text: '25:00' });
    expect(parseDigestArgs('08:00 Nulle/Part')).toEqual({ kind: 'bad_zone', text: 'Nulle/Part' });
    expect(parseDigestArgs('08:00 Europe/Paris encore')).toEqual({ kind: 'bad_syntax' });
    expect(parseDigestArgs('')).toEqual({ kind: 'bad_syntax' });
  });

  it('Discord ids: raw digits or a mention of the right kind', () => {
    expect(parseSnowflake('<#1234567890123456789>', '#')).toBe('1234567890123456789');
    expect(parseSnowflake('1234567890123456789', '@&')).toBe('1234567890123456789');
    expect(parseSnowflake('<@&555>', '@&')).toBe('555');
    expect(parseSnowflake('<@&555>', '#')).toBeUndefined();
    expect(parseSnowflake('#général', '#')).toBeUndefined();
  });
});
