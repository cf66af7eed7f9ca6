/** Private mode in the command layer: ALLOWED_CHATS decides which chats are served, on the real in-memory store. */
import { afterEach, describe, expect, it } from 'vitest';
import { ChatCommands, defaultDestination } from '../../../src/pipeline/commands/index.js';
import { PrivateMode, REFUSAL_QUIET_MS } from '../../../src/pipeline/commands/private-mode.js';
import type { AllowedChat } from '../../../src/core/platform.js';
import type { CommandRequest, Store } from '../../../src/ports.js';
import { openStore } from '../../../src/store/open-store.js';
import { silentLogger, TestClock } from '../../helpers/builders.js';
import { registryCapabilities } from '../../helpers/capabilities.js';
import { T0 } from './support.js';

const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function rig(allowed: AllowedChat[] | undefined) {
  const clock = new TestClock(T0);
  const store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now() });
  opened.push(store);
  const commands = new ChatCommands({
    capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 0, failingFeeds: [] }),
    privateMode: new PrivateMode(allowed, registryCapabilities),
  });
  const send = (name: string, chat: Partial<CommandRequest> = {}) => commands.handle({
    platform: 'telegram', chatId: '-1001', userId: '42', name, args: '', isAdmin: async () => true, ...chat,
  });
  return { clock, store, commands, send };
}

const LISTED: AllowedChat[] = [{ platform: 'telegram', id: '-1001' }, { platform: 'telegram', id: '42' }, { platform: 'discord', id: '730000000000000001' }];

describe('private mode (ALLOWED_CHATS) in the command layer', () => {
  it('serves a listed chat as usual: welcome on join, commands answered, destination registered', async () => {
    const r = await rig(LISTED);
    const welcome = await r.commands.joined({ platform: 'telegram', chatId: '-1001', groupId: 'supergroup', title: 'SOC' });
    expect(welcome.refusal).toBeUndefined();
    expect((await r.send('status')).refusal).toBeUndefined();
    expect((await r.store.destinations.get('telegram:-1001'))?.active).toBe(true);
  });

  it('refuses a chat it does not list once, in French, with a leave, and registers nothing', async () => {
    const r = await rig(LISTED);
    const joined = await r.commands.joined({ platform: 'telegram', chatId: '-1002', groupId: 'supergroup', title: 'Autre' });
    expect(joined.refusal).toEqual({ leave: true, quiet: false });
    expect(joined.text).toContain('Cette instance de Vigie est privée');
    expect(joined.text).toContain('je me retire');
    // A command queued before the bot left: no second refusal.
    expect((await r.send('latest', { chatId: '-1002' })).refusal).toEqual({ leave: false, quiet: true });
    expect(await r.store.destinations.list()).toEqual([]);
    // Much later (the bot is somehow still there), it says it again.
    r.clock.advance(REFUSAL_QUIET_MS + 1);
    expect((await r.send('latest', { chatId: '-1002' })).refusal).toEqual({ leave: true, quiet: false });
    // Added again: always told.
    expect((await r.commands.joined({ platform: 'telegram', chatId: '-1002', groupId: 'supergroup' })).refusal?.quiet).toBe(false);
  });

  it('refuses a one-to-one chat with a user it does not list without leaving; a listed user is served', async () => {
    const r = await rig(LISTED);
    const refused = await r.send('start', { chatId: '77', userId: '77', direct: true });
    expect(refused.refusal).toEqual({ leave: false, quiet: false });
    expect(refused.text).not.toContain('je me retire');
    expect((await r.send('start', { chatId: '42', userId: '42', direct: true })).refusal).toBeUndefined();
  });

  it('judges a channel by its server where channels are chosen in a server', async () => {
    const r = await rig(LISTED);
    const inListed = await r.send('latest', { platform: 'discord', chatId: '730000000000000002', groupId: '730000000000000001' });
    expect(inListed.refusal).toBeUndefined();
    const joinedOther = await r.commands.joined({ platform: 'discord', chatId: '740000000000000002', groupId: '740000000000000001', title: 'Autre serveur' });
    expect(joinedOther.refusal).toEqual({ leave: true, quiet: false });
    // A listed server's id as a channel id elsewhere does not open that channel; the server was just told.
    expect((await r.send('latest', { platform: 'discord', chatId: '730000000000000001', groupId: '740000000000000001' })).refusal)
      .toEqual({ leave: false, quiet: true });
  });

  it('answers in English in a chat that chose English before it was excluded', async () => {
    const r = await rig(LISTED);
    await r.store.destinations.put({ ...defaultDestination('telegram', '-1003', T0), lang: 'en' });
    const reply = await r.send('latest', { chatId: '-1003' });
    expect(reply.lang).toBe('en');
    expect(reply.text).toContain('This Vigie is private');
  });

  it('at start deactivates stored destinations it does not list (settings kept) and reactivates them once listed again', async () => {
    const r = await rig(LISTED);
    const other = { ...defaultDestination('telegram', '-1009', T0, { title: 'Ancien groupe' }), keywords: ['hôpital'] };
    await r.store.destinations.put(other);
    await r.store.destinations.put(defaultDestination('telegram', '-1001', T0));
    await r.store.destinations.put(defaultDestination('discord', '740000000000000002', T0, { groupId: '740000000000000001' }));
    await r.store.destinations.put(defaultDestination('webhook', 'soc-slack', T0));
    expect(await r.commands.applyPrivateMode()).toEqual({ excluded: 2, readmitted: 0 });
    const stored = await r.store.destinations.get('telegram:-1009');
    expect(stored).toMatchObject({ active: false, excluded: true, keywords: ['hôpital'] });
    expect((await r.store.destinations.get('telegram:-1001'))?.active).toBe(true);
    expect((await r.store.destinations.get('webhook:soc-slack'))?.active).toBe(true);
    // The next start lists it: back with its settings.
    const next = new ChatCommands({
      capabilities: registryCapabilities, destinations: r.store.destinations, alerts: r.store.alerts, clock: r.clock, logger: silentLogger,
      status: async () => ({ feeds: 0, failingFeeds: [] }),
      privateMode: new PrivateMode([...LISTED, { platform: 'telegram', id: '-1009' }], registryCapabilities),
    });
    expect(await next.applyPrivateMode()).toEqual({ excluded: 0, readmitted: 1 });
    const back = await r.store.destinations.get('telegram:-1009');
    expect(back).toMatchObject({ active: true, keywords: ['hôpital'] });
    expect(back?.excluded).toBeUndefined();
  });

  it('serves every chat when ALLOWED_CHATS is unset, and readmits destinations excluded before', async () => {
    const r = await rig(undefined);
    await r.store.destinations.put({ ...defaultDestination('telegram', '-1009', T0), active: false, excluded: true });
    expect((await r.commands.joined({ platform: 'telegram', chatId: '-1002', groupId: 'supergroup' })).refusal).toBeUndefined();
    expect((await r.send('latest', { chatId: '-1005' })).refusal).toBeUndefined();
    expect(await r.commands.applyPrivateMode()).toEqual({ excluded: 0, readmitted: 1 });
  });

  it('keeps serving a listed group that became a supergroup under its new id', async () => {
    const r = await rig(LISTED);
    await r.commands.joined({ platform: 'telegram', chatId: '-1001', groupId: 'group' });
    await r.commands.migrated('telegram', '-1001', '-1001999');
    expect((await r.send('latest', { chatId: '-1001999' })).refusal).toBeUndefined();
  });
});
