import { describe, expect, it } from 'vitest';
import type { AttackSubtype, OutageSubtype } from '../../src/core/types.js';
import { plural, vocabulary } from '../../src/core/vocabulary/index.js';
import { formatAlertText } from '../../src/platforms/console/format.js';
import { alertEmbed } from '../../src/platforms/discord/format.js';
import { formatAlert } from '../../src/platforms/telegram/format.js';
import { makeAlert } from '../helpers/builders.js';

const ATTACKS: AttackSubtype[] = ['ransomware', 'ddos', 'data_breach', 'intrusion', 'phishing', 'defacement', 'espionage'];
const OUTAGES: OutageSubtype[] = ['service_down', 'network', 'hosting_cloud', 'telecom', 'payment', 'power_fire', 'software_bug'];

describe('vocabulary', () => {
  it('counts in French with 0 and 1 singular, in English with 1 only', () => {
    expect(plural('fr', 1, 'doublon')).toBe('1 doublon');
    expect(plural('fr', 0, 'alerte')).toBe('0 alerte');
    expect(plural('fr', 2, 'doublon')).toBe('2 doublons');
    expect(plural('en', 0, 'alert')).toBe('0 alerts');
    expect(plural('en', 1, 'alert')).toBe('1 alert');
    expect(vocabulary('fr').digestHeading(1, 0)).toBe('Résumé Vigie : 1 alerte depuis le dernier résumé');
    expect(vocabulary('fr').digestHeading(3, 2)).toContain('3 alertes');
    expect(vocabulary('fr').digestHeading(3, 2)).toContain('2 autres non affichées');
    expect(vocabulary('en').alsoReported('Le Monde', 2)).toBe('Also reported by: Le Monde — 2 sources');
  });

  it('names every subtype in both languages, and nothing for "other"', () => {
    for (const subtype of [...ATTACKS, ...OUTAGES]) {
      expect(vocabulary('fr').subtype(subtype)).toMatch(/\S/);
      expect(vocabulary('en').subtype(subtype)).toMatch(/\S/);
    }
    expect(vocabulary('fr').subtype('other')).toBeUndefined();
  });

  it('words a French alert in French on every platform: the same French subtype, no English one', () => {
    for (const subtype of [...ATTACKS, ...OUTAGES]) {
      const category = ATTACKS.includes(subtype as AttackSubtype) ? 'cyberattack' as const : 'outage' as const;
      const base = makeAlert();
      const alert = makeAlert({ classification: { ...base.classification, category, subtype } });
      const french = vocabulary('fr').subtype(subtype)!;
      const english = vocabulary('en').subtype(subtype)!;
      const rendered = [formatAlert(alert, 'fr'), alertEmbed(alert, 'fr').author!.name, formatAlertText(alert, 'fr')];
      for (const text of rendered) {
        expect(text.replace(/&amp;/g, '&')).toContain(french);
        if (english !== french) expect(text).not.toContain(english);
      }
    }
  });
});
