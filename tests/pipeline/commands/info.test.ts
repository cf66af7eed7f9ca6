import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/core/types.js';
import { makeAlert, makeItem } from '../../helpers/builders.js';
import { harness, T0, type Harness } from './support.js';

const MINUTE = 60_000;

/** Saves `count` alerts, one a minute, the last one newest; every third is about a hospital. */
async function seedAlerts(h: Harness, count: number): Promise<Alert[]> {
  const saved: Alert[] = [];
  for (let i = 0; i < count; i += 1) {
    const title = i % 3 === 0 ? `Les hôpitaux de la région ${i} visés par un rançongiciel` : `Panne des guichets de la ville ${i}`;
    const item = makeItem({ id: `https://news.example/${i}`, title, summary: 'Les équipes sont mobilisées.' });
    const base = makeAlert({ id: `a${i}`, item, createdAt: T0 - (count - i) * MINUTE });
    const alert: Alert = {
      ...base,
      summary: item.summary,
      classification: { ...base.classification, entities: { actors: [] } },
    };
    await h.alerts.save(alert);
    saved.push(alert);
  }
  return saved;
}

describe('/start and /help', () => {
  it('say what Vigie does, list the commands and show the chat settings', async () => {
    const h = await harness();
    await h.send('/subscribe hôpital');
    for (const command of ['/start', '/help', '/aide']) {
      const { text } = await h.send(command, { admin: false });
      expect(text).toContain('cyberattaques et les pannes informatiques');
      expect(text).toContain('/latest [n] [mot-clé] — Les dernières alertes');
      expect(text).toContain('/digest HH:MM');
      expect(text).not.toContain('/setup'); // Discord only
      expect(text).toContain('• Mots-clés : « hôpital »');
      expect(text).toContain('• Catégories : cyberattaques et pannes informatiques');
    }
  });

  it('list /setup on Discord', async () => {
    const h = await harness();
    const { text } = await h.send('/help', { platform: 'discord', chatId: '900', groupId: '800' });
    expect(text).toContain('/setup [#salon]');
    expect(text).toContain('un administrateur doit lancer /setup ici');
  });
});

describe('/latest', () => {
  it('returns the 5 newest alerts by default, newest first, for the platform to render', async () => {
    const h = await harness();
    const alerts = await seedAlerts(h, 12);
    const reply = await h.send('/latest', { admin: false });
    expect(reply.text).toBe('Les 5 dernières alertes :');
    expect(reply.alerts?.map((a) => a.id)).toEqual(alerts.slice(-5).reverse().map((a) => a.id));
    expect(reply.adminChecks).toBe(0);
  });

  it('returns n alerts, at most 10', async () => {
    const h = await harness();
    await seedAlerts(h, 12);
    expect((await h.send('/latest 2')).alerts).toHaveLength(2);
    expect((await h.send('/dernières 50')).alerts).toHaveLength(10);
    expect((await h.send('/latest 1')).text).toBe('La dernière alerte :');
  });

  it('filters by keyword with the subscription matcher (plural, accents)', async () => {
    const h = await harness();
    await seedAlerts(h, 12);
    const reply = await h.send('/latest 3 hopital');
    expect(reply.text).toBe('Les 3 dernières alertes pour « hopital » :');
    expect(reply.alerts?.map((a) => a.id)).toEqual(['a9', 'a6', 'a3']);
    expect((await h.send('/latest Valparaiso')).text).toBe('Aucune alerte récente ne correspond à « Valparaiso ».');
    expect((await h.send('/latest 10 hôpitaux de la région')).alerts?.map((a) => a.id)).toEqual(['a9', 'a6', 'a3', 'a0']);
    expect((await h.send('/latest 10 ransom*, guichet*')).alerts).toHaveLength(8);
    expect((await h.send('/latest 10 -hôpital')).alerts?.map((a) => a.id)).toEqual(['a11', 'a10', 'a8', 'a7', 'a5', 'a4', 'a2', 'a1']);
  });

  it('says when there is no alert yet, and gives the syntax for n = 0', async () => {
    const h = await harness();
    expect((await h.send('/latest')).text).toBe('Aucune alerte récente pour l’instant.');
    expect((await h.send('/latest 0')).text).toBe('Syntaxe : /latest [n] [mot-clé]');
  });
});

describe('/subscriptions and /status', () => {
  it('/subscriptions lists keywords, exclusions, categories, pause and digest', async () => {
    const h = await harness();
    await h.send('/subscribe "mairie de Lyon", -exercice');
    await h.send('/categories cyber');
    await h.send('/digest 07:00');
    await h.send('/pause');
    const { text } = await h.send('/abonnements', { admin: false });
    expect(text).toContain('• Mots-clés : « mairie de Lyon »');
    expect(text).toContain('• Exclusions : « exercice »');
    expect(text).toContain('• Catégories : cyberattaques seulement');
    expect(text).toContain('• Envoi : résumé quotidien à 07:00 (Europe/Paris)');
    expect(text).toContain('• État : en pause');
  });

  it('/status reports feeds, failing feeds, last cycle and last alert in Paris time', async () => {
    const h = await harness();
    h.status.feeds = 14;
    h.status.failingFeeds = [{ id: 'zdnet', error: 'HTTP 503' }];
    h.status.lastCycleAt = T0 - 3 * MINUTE;
    const { text } = await h.send('/status', { admin: false });
    expect(text).toContain('Flux suivis : 14');
    expect(text).toContain('Flux en erreur : 1\n  • zdnet : HTTP 503');
    expect(text).toContain('Dernier cycle : 12/03/2025 14:02 (il y a 3 min)');
    expect(text).toContain('Dernière alerte : aucune pour l’instant');
  });
});
