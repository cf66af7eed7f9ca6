import { describe, expect, it } from 'vitest';
import { harness } from './support.js';

const KEY = 'telegram:-1001';

describe('permissions', () => {
  it("refuses a member's /subscribe, says why, and changes nothing", async () => {
    const h = await harness();
    const reply = await h.send('/subscribe hôpital', { admin: false });
    expect(reply.text).toContain('seuls les administrateurs');
    expect(reply.text).toContain('/subscribe');
    expect(reply.adminChecks).toBe(1);
    expect((await h.destinations.get(KEY))?.keywords).toEqual([]);
  });

  it('refuses every settings command to a member', async () => {
    const h = await harness();
    for (const text of ['/unsubscribe tout', '/categories cyber', '/pause', '/resume', '/lang en', '/digest 08:00']) {
      expect((await h.send(text, { admin: false })).text, text).toMatch(/^Refusé/);
    }
    const dest = await h.destinations.get(KEY);
    expect(dest).toMatchObject({ paused: false, lang: 'fr', categories: { cyberattack: true, outage: true } });
    expect(dest?.digest).toBeUndefined();
  });

  it('never asks the platform about admin rights for commands anyone may use', async () => {
    const h = await harness();
    for (const text of ['/latest', '/help', '/start', '/subscriptions', '/status', '/aide']) {
      expect((await h.send(text, { admin: false })).adminChecks, text).toBe(0);
    }
  });

  it('answers that the rights could not be checked when isAdmin fails', async () => {
    const h = await harness();
    const reply = await h.commands.handle({
      platform: 'telegram', chatId: '-1001', userId: '42', name: 'pause', args: '',
      isAdmin: async () => { throw new Error('getChatMember: 502'); },
    });
    expect(reply.text).toContain('Impossible de vérifier');
    expect((await h.destinations.get(KEY))?.paused).toBe(false);
  });
});

describe('/subscribe and /unsubscribe', () => {
  it('stores keywords, quoted phrases, prefixes and exclusions, and confirms them', async () => {
    const h = await harness();
    const reply = await h.send('/subscribe hôpital "mairie de Marseille" ransom* -exercice');
    expect(reply.text).toContain('Ajouté : « hôpital », « mairie de Marseille », « ransom* », « -exercice »');
    expect(reply.ephemeral).toBe(true);
    expect(await h.destinations.get(KEY)).toMatchObject({
      keywords: ['hôpital', 'mairie de Marseille', 'ransom*'], exclusions: ['exercice'],
    });
    expect(h.changes()).toBeGreaterThanOrEqual(2); // registration, then the change
  });

  it('accepts the French alias /abonner and comma-separated phrases', async () => {
    const h = await harness();
    await h.send('/abonner centre hospitalier, conseil départemental');
    expect((await h.destinations.get(KEY))?.keywords).toEqual(['centre hospitalier', 'conseil départemental']);
  });

  it('says so when the keywords were already there, without a settings change', async () => {
    const h = await harness();
    await h.send('/subscribe hôpital');
    const before = h.changes();
    expect((await h.send('/subscribe Hôpitaux')).text).toContain('déjà enregistrés');
    expect(h.changes()).toBe(before);
  });

  it('refuses the 51st keyword and keeps the 50 already stored', async () => {
    const h = await harness();
    await h.send(`/subscribe ${Array.from({ length: 50 }, (_, i) => `ville${i}`).join(', ')}`);
    expect((await h.destinations.get(KEY))?.keywords).toHaveLength(50);
    const reply = await h.send('/subscribe ville50');
    expect(reply.text).toContain('50 au plus');
    expect((await h.destinations.get(KEY))?.keywords).toHaveLength(50);
  });

  it('refuses a 65-character keyword with the syntax', async () => {
    const h = await harness();
    const reply = await h.send(`/subscribe ${'b'.repeat(65)}`);
    expect(reply.text).toContain('trop long');
    expect(reply.text).toContain('Syntaxe : /subscribe');
    expect((await h.destinations.get(KEY))?.keywords).toEqual([]);
  });

  it('refuses arguments of 1,001 characters before anything else, and reads 1,000', async () => {
    const h = await harness();
    const over = `${'a, '.repeat(333)}ab`;
    expect(over).toHaveLength(1001);
    const reply = await h.send(`/subscribe ${over}`);
    expect(reply.text).toBe('Texte trop long : 1000 caractères au plus.');
    expect(reply.adminChecks).toBe(0);
    const limit = `${Array.from({ length: 16 }, (_, i) => `${String.fromCharCode(97 + i)}${'x'.repeat(59)}`).join(', ')}, zzzzzzzz`;
    expect(limit).toHaveLength(1000);
    expect((await h.send(`/subscribe ${limit}`)).text).toContain('Ajouté');
    expect((await h.destinations.get(KEY))?.keywords).toHaveLength(17);
  });

  it('shows the syntax when /subscribe has no argument, without checking rights', async () => {
    const h = await harness();
    const reply = await h.send('/subscribe', { admin: false });
    expect(reply.text).toMatch(/^Syntaxe : \/subscribe <mots-clés>/);
    expect(reply.adminChecks).toBe(0);
  });

  it('removes keywords whatever their spelling and reports the unknown ones', async () => {
    const h = await harness();
    await h.send('/subscribe hôpital, mairie, -exercice');
    const reply = await h.send('/desabonner hopitaux, -exercice, inconnu');
    expect(reply.text).toContain('Retiré : « hôpital », « -exercice »');
    expect(reply.text).toContain('Introuvable : « inconnu »');
    expect(await h.destinations.get(KEY)).toMatchObject({ keywords: ['mairie'], exclusions: [] });
  });

  it('/unsubscribe tout clears keywords and exclusions', async () => {
    const h = await harness();
    await h.send('/subscribe hôpital, -exercice');
    expect((await h.send('/unsubscribe tout')).text).toContain('toutes les alertes');
    expect(await h.destinations.get(KEY)).toMatchObject({ keywords: [], exclusions: [] });
  });
});

describe('/categories, /pause, /resume', () => {
  it('switches categories and shows the current ones with the syntax on a bad argument', async () => {
    const h = await harness();
    expect((await h.send('/categories panne')).text).toBe('Catégories : pannes informatiques seulement.');
    expect((await h.destinations.get(KEY))?.categories).toEqual({ cyberattack: false, outage: true });
    const bad = await h.send('/categories météo');
    expect(bad.text).toContain('Catégories : pannes informatiques seulement.');
    expect(bad.text).toContain('Syntaxe : /categories cyber|panne|tout');
    await h.send('/categories tout');
    expect((await h.destinations.get(KEY))?.categories).toEqual({ cyberattack: true, outage: true });
  });

  it('pauses and resumes, saying when there was nothing to do', async () => {
    const h = await harness();
    expect((await h.send('/resume')).text).toBe('Les alertes ne sont pas en pause.');
    expect((await h.send('/pause')).text).toContain('Alertes en pause');
    expect((await h.destinations.get(KEY))?.paused).toBe(true);
    expect((await h.send('/pause')).text).toContain('déjà en pause');
    expect((await h.send('/reprendre')).text).toBe('Alertes reprises.');
    expect((await h.destinations.get(KEY))?.paused).toBe(false);
  });
});

describe('/lang', () => {
  it('switches replies to English and back to French', async () => {
    const h = await harness();
    expect((await h.send('/lang en')).text).toBe('Replies will now be in English.');
    expect((await h.send('/subscribe hôpital', { admin: false })).text).toMatch(/^Refused: only administrators/);
    expect((await h.send('/pause')).text).toBe('Alerts paused. /resume to resume them.');
    expect((await h.send('/help')).text).toContain("This chat's settings:");
    expect((await h.send('/lang fr')).text).toBe('Les réponses seront désormais en français.');
    expect((await h.destinations.get(KEY))?.lang).toBe('fr');
  });

  it('shows the syntax for an unknown language', async () => {
    const h = await harness();
    expect((await h.send('/lang de')).text).toBe('Syntaxe : /lang fr|en');
    expect((await h.destinations.get(KEY))?.lang).toBe('fr');
  });
});

describe('/digest', () => {
  it('stores the time with Europe/Paris by default, another zone on demand, and off', async () => {
    const h = await harness();
    expect((await h.send('/digest 8h')).text).toContain('à 08:00 (Europe/Paris)');
    expect((await h.destinations.get(KEY))?.digest).toEqual({ time: '08:00', timeZone: 'Europe/Paris' });
    await h.send('/digest 07:30 Europe/Brussels');
    expect((await h.destinations.get(KEY))?.digest).toEqual({ time: '07:30', timeZone: 'Europe/Brussels' });
    await h.send('/digest 09:00');
    expect((await h.destinations.get(KEY))?.digest).toEqual({ time: '09:00', timeZone: 'Europe/Brussels' });
    expect((await h.send('/digest off')).text).toContain('désactivé');
    expect((await h.destinations.get(KEY))?.digest).toBeUndefined();
  });

  it('refuses a bad time or an unknown zone and keeps the setting', async () => {
    const h = await harness();
    await h.send('/digest 08:00');
    expect((await h.send('/digest 25:00')).text).toContain('Heure invalide : « 25:00 »');
    expect((await h.send('/digest 08:00 Lune/Tranquillité')).text).toContain('Fuseau horaire inconnu');
    expect((await h.destinations.get(KEY))?.digest).toEqual({ time: '08:00', timeZone: 'Europe/Paris' });
  });
});
