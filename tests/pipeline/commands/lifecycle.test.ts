import { describe, expect, it } from 'vitest';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import type { DestinationRepo } from '../../../src/ports.js';
import { silentLogger } from '../../helpers/builders.js';
import { harness, T0 } from './support.js';

describe('registration', () => {
  it('registers an unknown chat on its first command with the defaults', async () => {
    const h = await harness();
    await h.send('/latest', { chatTitle: 'Équipe SOC' });
    expect(await h.destinations.get('telegram:-1001')).toEqual({
      key: 'telegram:-1001', platform: 'telegram', chatId: '-1001', title: 'Équipe SOC', active: true, paused: false,
      categories: { cyberattack: true, outage: true }, keywords: [], exclusions: [], lang: 'fr',
      createdAt: T0, updatedAt: T0,
    });
    expect(h.changes()).toBe(1);
  });

  it('answers an unknown command without registering the chat', async () => {
    const h = await harness();
    expect((await h.send('/meteo')).text).toBe('Commande inconnue : /meteo. Tapez /help pour la liste.');
    expect(await h.destinations.get('telegram:-1001')).toBeUndefined();
  });

  it('serialises commands in one chat so concurrent changes are all kept', async () => {
    const h = await harness();
    await Promise.all(['a1', 'b2', 'c3', 'd4'].map((k) => h.send(`/subscribe ${k}`)));
    expect((await h.destinations.get('telegram:-1001'))?.keywords.sort()).toEqual(['a1', 'b2', 'c3', 'd4']);
  });

  it('answers with an error message instead of throwing when the store fails', async () => {
    const h = await harness();
    // The real store, except that writes fail as on a full disk.
    const destinations: DestinationRepo = {
      get: async (key) => h.destinations.get(key),
      list: async (filter) => h.destinations.list(filter),
      delete: async (key) => h.destinations.delete(key),
      version: async () => h.destinations.version(),
      put: async () => { throw new Error('disk full'); },
    };
    const commands = new ChatCommands({
      destinations, alerts: h.alerts, clock: h.clock, logger: silentLogger,
      status: async () => ({ feeds: 0, failingFeeds: [] }),
    });
    const reply = await commands.handle({
      platform: 'telegram', chatId: '5', userId: '5', name: 'latest', args: '', isAdmin: async () => true,
    });
    expect(reply.text).toContain('erreur interne');
  });
});

describe('joined, left, migrated', () => {
  it('joined registers the chat and returns a welcome with the commands', async () => {
    const h = await harness();
    const reply = await h.commands.joined({ platform: 'telegram', chatId: '-77', groupId: 'supergroup', title: 'CERT' });
    expect(reply.text).toContain('Vigie surveille la presse française');
    expect(reply.text).toContain('/subscribe');
    expect(await h.destinations.get('telegram:-77')).toMatchObject({ active: true, title: 'CERT', groupId: 'supergroup' });
    expect(h.changes()).toBe(1);
  });

  it('left deactivates; joining again reactivates with the settings kept', async () => {
    const h = await harness();
    await h.commands.joined({ platform: 'telegram', chatId: '-1001' });
    await h.send('/subscribe hôpital');
    await h.send('/lang en');
    await h.commands.left('telegram', '-1001', 'bot kicked');
    expect((await h.destinations.get('telegram:-1001'))?.active).toBe(false);
    const reply = await h.commands.joined({ platform: 'telegram', chatId: '-1001' });
    expect(reply.text).toContain('Vigie watches the French press');
    expect(await h.destinations.get('telegram:-1001')).toMatchObject({ active: true, keywords: ['hôpital'], lang: 'en' });
  });

  it('migrated moves the settings to the new chat id and leaves the old one forwarding there', async () => {
    const h = await harness();
    await h.send('/subscribe ransom*');
    await h.send('/latest', { chatId: '-1009' }); // the new id was already seen with defaults
    await h.commands.migrated('telegram', '-1001', '-1009');
    expect(await h.destinations.get('telegram:-1001')).toMatchObject({ active: false, movedTo: 'telegram:-1009' });
    expect(await h.destinations.get('telegram:-1009')).toMatchObject({
      key: 'telegram:-1009', chatId: '-1009', keywords: ['ransom*'], active: true, movedFrom: 'telegram:-1001',
    });
  });

  it('migrated and left do nothing for an unknown chat', async () => {
    const h = await harness();
    await h.commands.migrated('telegram', '-5', '-6');
    await h.commands.left('telegram', '-5', 'gone');
    expect(await h.destinations.list()).toEqual([]);
  });
});

describe('Discord: /setup and /pingrole', () => {
  const discord = { platform: 'discord' as const, chatId: '1100', groupId: '1000' };

  it('joining a server registers nothing and explains /setup', async () => {
    const h = await harness();
    const reply = await h.commands.joined({ platform: 'discord', chatId: '1000', groupId: '1000', title: 'Mon serveur' });
    expect(reply.text).toContain('/setup salon:#canal');
    expect(await h.destinations.list()).toEqual([]);
  });

  it("an administrator's /setup registers the channel as an active destination of the server", async () => {
    const h = await harness();
    const reply = await h.send('/setup <#1200>', discord);
    expect(reply.text).toContain('<#1200>');
    expect(reply.ephemeral).toBe(true);
    expect(await h.destinations.get('discord:1200')).toMatchObject({ active: true, groupId: '1000', platform: 'discord' });
    expect(await h.destinations.get('discord:1100')).toBeUndefined();
  });

  it("a member's /setup is refused and registers nothing", async () => {
    const h = await harness();
    expect((await h.send('/setup 1200', { ...discord, admin: false })).text).toMatch(/^Refusé/);
    expect(await h.destinations.list()).toEqual([]);
  });

  it('a command in a channel not set up keeps it inactive and hints at /setup', async () => {
    const h = await harness();
    const reply = await h.send('/subscribe hôpital', discord);
    expect(reply.text).toContain('un administrateur doit lancer /setup ici');
    expect(await h.destinations.get('discord:1100')).toMatchObject({ active: false, keywords: ['hôpital'] });
    expect((await h.send('/setup', discord)).text).toContain('Réactivé');
    expect(await h.destinations.get('discord:1100')).toMatchObject({ active: true, keywords: ['hôpital'] });
  });

  it('leaving the server deactivates all its channels', async () => {
    const h = await harness();
    await h.send('/setup 1200', discord);
    await h.send('/setup 1300', discord);
    await h.commands.left('discord', '1000', 'guildDelete');
    expect((await h.destinations.list({ active: true })).map((d) => d.key)).toEqual([]);
  });

  it('/pingrole sets a role, turns it off, and refuses anything else', async () => {
    const h = await harness();
    await h.send('/setup', discord);
    expect((await h.send('/pingrole <@&3333>', discord)).text).toContain('<@&3333>');
    expect((await h.destinations.get('discord:1100'))?.pingRoleId).toBe('3333');
    expect((await h.send('/pingrole @everyone', discord)).text).toContain('Rôle invalide');
    expect((await h.send('/pingrole 4444', { ...discord, admin: false })).text).toMatch(/^Refusé/);
    expect((await h.destinations.get('discord:1100'))?.pingRoleId).toBe('3333');
    await h.send('/pingrole off', discord);
    expect((await h.destinations.get('discord:1100'))?.pingRoleId).toBeUndefined();
  });

  it('/setup and /pingrole are not available on Telegram', async () => {
    const h = await harness();
    expect((await h.send('/setup 1200')).text).toBe('/setup n’est pas disponible sur cette plateforme.');
    expect((await h.send('/pingrole 5')).text).toBe('/pingrole n’est pas disponible sur cette plateforme.');
  });
});
