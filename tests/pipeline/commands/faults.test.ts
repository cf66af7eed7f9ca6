/**
 * The command layer's part in delivery faults: /resume switches a chat back on, blocked private
 * chats are forgotten, a migrated group keeps its queue and its messages, /status shows error kinds,
 * and a user who sends too many commands gets a polite answer.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/core/errors.js';
import { nextFeedState } from '../../../src/core/feed-state.js';
import type { Alert, Destination } from '../../../src/core/types.js';
import { buildRecipientIndex } from '../../../src/core/filters.js';
import { DeliveryWorker } from '../../../src/pipeline/delivery.js';
import { errorKind } from '../../../src/pipeline/scheduler.js';
import type { Notifier } from '../../../src/ports.js';
import type { OutboxEntry } from '../../../src/core/delivery-types.js';
import { makeAlert, makeDestination, silentLogger } from '../../helpers/builders.js';
import { registryCapabilities } from '../../helpers/capabilities.js';
import { tempDir } from '../../helpers/app.js';
import { describeService, REDIS_URL, redisAvailable } from '../../helpers/services.js';
import { harness, type Harness } from './support.js';

const redis = await redisAvailable();
const tmp = tempDir('vigie-command-faults-');
afterAll(() => tmp.remove());

/** The platform side: records sends and edits per chat id. */
function recordingNotifier(): Notifier & { calls: { op: string; chat: string; alert: string; messageId?: string; replyTo?: string }[] } {
  let next = 500;
  const calls: { op: string; chat: string; alert: string; messageId?: string; replyTo?: string }[] = [];
  return {
    platform: 'telegram', capabilities: registryCapabilities('telegram'), calls,
    async send(destination: Destination, alert: Alert, options?: { replyTo?: string }) {
      const messageId = String(next++);
      calls.push({ op: 'send', chat: destination.chatId, alert: alert.id, messageId, ...(options?.replyTo ? { replyTo: options.replyTo } : {}) });
      return { messageId };
    },
    async edit(destination: Destination, messageId: string, alert: Alert) {
      calls.push({ op: 'edit', chat: destination.chatId, alert: alert.id, messageId });
    },
    async sendDigest() { return { messageId: String(next++) }; },
  } as unknown as Notifier & { calls: { op: string; chat: string; alert: string; messageId?: string; replyTo?: string }[] };
}

/** The faults that go through a store, on one backend: `open` gives a fresh harness on it. */
function storeFaults(harness: () => Promise<Harness>): void {
  it('/resume switches back on a chat whose alerts were turned off, paused or not', async () => {
    const h = await harness();
    await h.send('/latest');
    const dest = (await h.destinations.get('telegram:-1001'))!;
    await h.destinations.put({ ...dest, active: false });
    expect((await h.send('/resume')).text).toBe('Alertes reprises.');
    expect(await h.destinations.get('telegram:-1001')).toMatchObject({ active: true, paused: false });
    expect((await h.send('/resume')).text).toBe('Les alertes ne sont pas en pause.');
  });

  it('answers the 11th command of one user within a minute politely, and runs others\' and later ones', async () => {
    const h = await harness();
    for (let i = 0; i < 10; i++) expect((await h.send('/latest', { userId: '7' })).text).not.toMatch(/Doucement/);
    const refused = await h.send('/latest', { userId: '7' });
    expect(refused.text).toMatch(/^Doucement : beaucoup de commandes en peu de temps\. Réessayez dans \d+ s, merci !$/);
    expect((await h.send('/latest', { userId: '8' })).text).not.toMatch(/Doucement/);
    h.clock.advance(60_001);
    expect((await h.send('/latest', { userId: '7' })).text).not.toMatch(/Doucement/);
  });

  it('forgets a chat when asked (a private chat that blocked the bot), keeps a group switched off', async () => {
    const h = await harness();
    await h.send('/latest', { chatId: '4242' });
    await h.send('/latest');
    await h.commands.left('telegram', '4242', 'bot kicked in Telegram private', { forget: true });
    await h.commands.left('telegram', '-1001', 'bot kicked in Telegram supergroup');
    expect(await h.destinations.get('telegram:4242')).toBeUndefined();
    expect(await h.destinations.get('telegram:-1001')).toMatchObject({ active: false });
  });

  it('delivers a migrated group\'s queued entries to the supergroup, and edits messages sent before the move', async () => {
    const h = await harness();
    const s = h.store;
    const { commands } = h;
    const notifier = recordingNotifier();
    const worker = new DeliveryWorker({
      outbox: s.outbox, destinations: s.destinations, alerts: s.alerts, notifiers: { telegram: notifier },
      membership: commands, clock: h.clock, logger: silentLogger,
    });
    await s.destinations.put(makeDestination({ platform: 'telegram', chatId: '-55' }));
    const a1 = makeAlert({ id: 'm1', createdAt: h.clock.now() });
    const a2 = makeAlert({ id: 'm2', createdAt: h.clock.now() });
    await s.alerts.saveMany([a1, a2]);
    const entry = (id: string, alertId: string, kind: OutboxEntry['kind'], key = 'telegram:-55'): OutboxEntry => ({
      id, kind, destinationKey: key, alertId, status: 'pending', attempts: 0, notBefore: h.clock.now(), createdAt: h.clock.now(),
    });
    await s.outbox.enqueue([entry('send:telegram:-55:m1', 'm1', 'send')]);
    await worker.drain();
    // The group becomes a supergroup with m2 still queued for the old id.
    await s.outbox.enqueue([entry('send:telegram:-55:m2', 'm2', 'send')]);
    await commands.migrated('telegram', '-55', '-10055');
    await worker.drain();
    expect(notifier.calls.map((c) => `${c.op} ${c.chat} ${c.alert}`)).toEqual(['send -55 m1', 'send -10055 m2']);
    // A new source for m1: the edit, queued for the new id, finds the message m1 got before the move.
    await s.alerts.save({ ...a1, sources: [...a1.sources, { itemId: 'x', source: 'Autre', title: 'Autre titre' }] });
    await s.outbox.enqueue([entry('edit:telegram:-10055:m1:1', 'm1', 'edit', 'telegram:-10055')]);
    await worker.drain();
    expect(notifier.calls.at(-1)).toMatchObject({ op: 'edit', chat: '-10055', messageId: notifier.calls[0]!.messageId });
  });
}

describe('command faults on SQLite', () => {
  let n = 0;
  storeFaults(async () => harness(`sqlite://${path.join(tmp.dir, `store-${n++}.sqlite`)}`));
});

describeService(redis, 'command faults on Redis', () => {
  storeFaults(async () => harness(REDIS_URL, `cmd-faults-${randomBytes(4).toString('hex')}`));
});

describe('command faults without a store', () => {
  it('/status names the kind of a feed\'s failure, never its message or URL', () => {
    const url = 'https://news.example/redirect?token=SECRET123&u=https%3A%2F%2Fx';
    const failed = (error: unknown) => nextFeedState(undefined, { kind: 'error', error }, 0, 60_000);
    const http = failed(new FeedError('a', 'http_status', `HTTP 403 at ${url}`, { status: 403 }));
    const timeout = failed(new FeedError('b', 'timeout', `no answer from ${url}`));
    const other = failed(new Error(`socket hang up ${url}`));
    expect([http, timeout, other].map(errorKind)).toEqual(['HTTP 403', 'timeout', 'other']);
    expect(errorKind({ failures: 1, initialised: true, lastError: url })).toBe('error');
  });

  it('holds in the recipient index only destinations that can receive something', () => {
    const on = makeDestination({ platform: 'telegram', chatId: '1' });
    const off = { ...makeDestination({ platform: 'telegram', chatId: '2' }), categories: { cyberattack: false, outage: false } };
    const paused = { ...makeDestination({ platform: 'telegram', chatId: '3' }), paused: true };
    expect(buildRecipientIndex([on, off, paused]).size).toBe(1);
  });
});
