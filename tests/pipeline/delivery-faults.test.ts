/**
 * Delivery under faults, with the real Telegram notifier (grammY) against the fake Bot API, on a real
 * SQLite file and on the local Redis: store failures after a send, temporary refusals, settings
 * changed after queueing, throttling, and two instances draining one outbox.
 */
import { randomBytes } from 'node:crypto';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import type { Alert, Destination } from '../../src/core/types.js';
import { ChatCommands } from '../../src/pipeline/commands/index.js';
import { DeliveryWorker, type DeliveryDeps } from '../../src/pipeline/delivery.js';
import { TelegramNotifier } from '../../src/platforms/telegram/notifier.js';
import { TelegramPacer } from '../../src/platforms/telegram/pacer.js';
import type { Store } from '../../src/ports.js';
import type { OutboxEntry } from '../../src/core/delivery-types.js';
import { openStore } from '../../src/store/open-store.js';
import { tempDir } from '../helpers/app.js';
import { makeAlert, makeDestination, silentLogger } from '../helpers/builders.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';

const redis = await redisAvailable();
const clock = { now: () => Date.now() };

/** A store, the fake Bot API and a worker built like the app builds it. */
interface Rig {
  store: Store;
  fake: FakeTelegram;
  worker(extra?: Partial<DeliveryDeps>, store?: Store, maxWaitMs?: number): DeliveryWorker;
  enqueue(chatId: string, alert: Alert, dest?: Partial<Destination>): Promise<string>;
  entry(id: string): Promise<OutboxEntry | undefined>;
}

function faultSuite(open: () => Promise<{ store: Store; reopen(): Promise<Store>; cleanup(): Promise<void> }>, shared: boolean): void {
  let rig: Rig;
  let cleanup: () => Promise<void>;
  let reopen: () => Promise<Store>;
  const extraStores: Store[] = [];

  beforeEach(async () => {
    const opened = await open();
    cleanup = opened.cleanup;
    reopen = opened.reopen;
    const fake = await FakeTelegram.start();
    const { store } = opened;
    const worker = (extra: Partial<DeliveryDeps> = {}, on: Store = store, maxWaitMs?: number): DeliveryWorker => {
      const commands = new ChatCommands({
        destinations: on.destinations, alerts: on.alerts, clock, logger: silentLogger, status: async () => ({ feeds: 0, failingFeeds: [] }),
      });
      const notifier = new TelegramNotifier({
        api: new Api(fake.token, { apiRoot: fake.apiRoot }), pacer: new TelegramPacer({ clock }), logger: silentLogger, token: fake.token,
        ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
      });
      return new DeliveryWorker({
        outbox: on.outbox, destinations: on.destinations, alerts: on.alerts, notifiers: { telegram: notifier },
        membership: commands, clock, logger: silentLogger, markRetryMs: [5, 5], refusals: on.refusals,
        ...(on.shared ? { leases: on.leases } : {}), ...extra,
      });
    };
    rig = {
      store, fake, worker,
      async enqueue(chatId, alert, dest = {}) {
        await store.destinations.put(makeDestination({ platform: 'telegram', chatId, ...dest }));
        await store.alerts.save(alert);
        const now = clock.now();
        const id = `send:telegram:${chatId}:${alert.id}`;
        await store.outbox.enqueue([{ id, kind: 'send', destinationKey: `telegram:${chatId}`, alertId: alert.id, status: 'pending', attempts: 0, notBefore: now, createdAt: now }]);
        return id;
      },
      entry: async (id) => store.outbox.get(id),
    };
  });

  afterEach(async () => {
    for (const s of extraStores.splice(0)) await s.close();
    await rig.fake.close();
    await cleanup();
  });

  /**
   * Makes the next `times` writes of a finished entry fail like an unreachable store: a batch of
   * done marks (outbox.finishMany) counts as one write, each retry of one mark (outbox.update) as one.
   */
  function failDoneWrites(store: Store, times: number): void {
    const update = store.outbox.update.bind(store.outbox);
    const finishMany = store.outbox.finishMany.bind(store.outbox);
    let left = times;
    const fail = (): boolean => {
      if (left === 0) return false;
      left -= 1;
      return true;
    };
    store.outbox.update = async (entry) => {
      if (entry.status === 'done' && fail()) throw new StoreError('outbox.update', 'test: no answer within 5000 ms');
      return update(entry);
    };
    store.outbox.finishMany = async (entries) => {
      if (fail()) throw new StoreError('outbox.finishMany', 'test: no answer within 5000 ms');
      return finishMany(entries);
    };
  }

  it('retries recording a sent message as done on its own, never sending it twice', async () => {
    const id = await rig.enqueue('501', makeAlert({ id: 'md1', createdAt: clock.now() }));
    failDoneWrites(rig.store, 3); // the batch write and the mark's first two tries fail
    const stats = await rig.worker().drain();
    expect(stats.sent).toBe(1);
    expect(rig.fake.sentTo('501')).toHaveLength(1);
    expect((await rig.entry(id))?.status).toBe('done');
  });

  it('records at its next turn a sent message whose "done" could not be stored, without re-sending', async () => {
    const id = await rig.enqueue('502', makeAlert({ id: 'md2', createdAt: clock.now() }));
    failDoneWrites(rig.store, 4); // the batch write, then the mark's write and both retries fail
    // The drain comes back to the entry (still pending in the store) and only records it.
    expect(await rig.worker().drain()).toMatchObject({ sent: 1, retried: 0 });
    expect(rig.fake.sentTo('502')).toHaveLength(1);
    expect((await rig.entry(id))).toMatchObject({ status: 'done', messageId: '1' });
  });

  it.each([
    [400, 'Bad Request: not enough rights to send text messages to the chat'],
    [400, 'Bad Request: CHAT_WRITE_FORBIDDEN'],
    [400, 'Bad Request: TOPIC_CLOSED'],
  ])('backs off on a temporary %i "%s" and keeps the chat active', async (code, description) => {
    const id = await rig.enqueue('-100503', makeAlert({ id: `tmp${description.length}`, createdAt: clock.now() }));
    rig.fake.failNext({ method: 'sendMessage', chatId: -100503, code, description });
    const stats = await rig.worker().drain();
    expect(stats).toMatchObject({ sent: 0, retried: 1, failed: 0 });
    const entry = await rig.entry(id);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(entry!.notBefore - clock.now()).toBeGreaterThan(50_000);
    expect((await rig.store.destinations.get('telegram:-100503'))?.active).toBe(true);
    expect(await rig.store.refusals.get('telegram:-100503')).toMatchObject({ kind: description.includes('TOPIC') ? 'topic_closed' : 'rights' });
  });

  it('tells /status (in the chat\'s language) why a chat\'s alerts wait, keeps the first refusal\'s time, and clears it once one gets through', async () => {
    const id = await rig.enqueue('-100512', makeAlert({ id: 'r1', createdAt: clock.now() }));
    const commands = new ChatCommands({
      destinations: rig.store.destinations, alerts: rig.store.alerts, clock, logger: silentLogger,
      status: async () => ({ feeds: 1, failingFeeds: [] }), refusals: rig.store.refusals,
    });
    const status = async () => (await commands.handle({
      platform: 'telegram', chatId: '-100512', userId: '9', name: 'status', args: '', isAdmin: async () => false,
    })).text;
    expect(await status()).not.toContain('⚠');

    rig.fake.failNext({ method: 'sendMessage', chatId: -100512, code: 400, description: 'Bad Request: TOPIC_CLOSED' });
    const worker = rig.worker();
    expect((await worker.drain()).retried).toBe(1);
    const first = await rig.store.refusals.get('telegram:-100512');
    expect(first).toMatchObject({ destinationKey: 'telegram:-100512', kind: 'topic_closed' });
    expect(await status()).toMatch(/^⚠ Alertes en attente : le sujet où Vigie publie est fermé : un administrateur doit le rouvrir\.\n {2}Refusé depuis le \d\d\/\d\d\/\d{4} \d\d:\d\d \(à l'instant\) ; prochain essai dans 1 min\. Les alertes sont gardées/);

    // Still refused, now for want of rights: the refusal keeps its start.
    await rig.store.outbox.update({ ...(await rig.entry(id))!, notBefore: clock.now() });
    rig.fake.failNext({ method: 'sendMessage', chatId: -100512, code: 400, description: 'Bad Request: not enough rights to send text messages to the chat' });
    expect((await worker.drain()).retried).toBe(1);
    expect(await rig.store.refusals.get('telegram:-100512')).toMatchObject({ kind: 'rights', since: first!.since });
    const dest = (await rig.store.destinations.get('telegram:-100512'))!;
    await rig.store.destinations.put({ ...dest, lang: 'en' });
    // Rights: the second attempt waits twice the first wait (2 min).
    expect(await status()).toMatch(/^⚠ Alerts on hold: Vigie may no longer post in this chat: an administrator must give it back the right to send messages\.\n {2}Refused since .+; next try in 2 min\./);

    await rig.store.outbox.update({ ...(await rig.entry(id))!, notBefore: clock.now() });
    expect((await worker.drain()).sent).toBe(1);
    expect(await rig.store.refusals.get('telegram:-100512')).toBeUndefined();
    expect(await status()).toMatch(/^Feeds polled: 1\n/);
  });

  it.each([
    [403, 'Forbidden: bot was kicked from the supergroup chat', '-100504', 'switched off'],
    [403, 'Forbidden: bot was blocked by the user', '504', 'removed'],
    [400, 'Bad Request: chat not found', '-100505', 'switched off'],
  ])('deactivates the chat on %i "%s" (%s)', async (code, description, chatId) => {
    const id = await rig.enqueue(chatId, makeAlert({ id: `gone${chatId}`, createdAt: clock.now() }));
    rig.fake.failNext({ method: 'sendMessage', chatId: Number(chatId), code, description });
    expect((await rig.worker().drain()).failed).toBe(1);
    expect((await rig.entry(id))?.status).toBe('failed');
    const after = await rig.store.destinations.get(`telegram:${chatId}`);
    // A private chat whose user blocked the bot is forgotten; a group is kept, switched off (a re-add turns it on).
    if (description.includes('blocked by the user')) expect(after).toBeUndefined();
    else expect(after).toMatchObject({ active: false });
  });

  it('re-checks pause, categories and keywords at send time', async () => {
    const paused = await rig.enqueue('506', makeAlert({ id: 'p1', createdAt: clock.now() }));
    const outage = await rig.enqueue('507', makeAlert({ id: 'p2', createdAt: clock.now() }));
    const keyword = await rig.enqueue('508', makeAlert({ id: 'p3', createdAt: clock.now() }));
    const kept = await rig.enqueue('509', makeAlert({ id: 'p4', createdAt: clock.now() }));
    // Settings changed after the entries were queued.
    const update = async (chatId: string, patch: Partial<Destination>) => {
      const dest = (await rig.store.destinations.get(`telegram:${chatId}`))!;
      await rig.store.destinations.put({ ...dest, ...patch });
    };
    await update('506', { paused: true });
    await update('507', { categories: { cyberattack: false, outage: true } });
    await update('508', { keywords: ['zzzunmatched'] });
    const stats = await rig.worker().drain();
    expect(stats).toMatchObject({ sent: 1, skipped: 3 });
    for (const chat of ['506', '507', '508']) expect(rig.fake.sentTo(chat)).toHaveLength(0);
    expect(rig.fake.sentTo('509')).toHaveLength(1);
    for (const id of [paused, outage, keyword]) expect((await rig.entry(id))?.lastError).toMatch(/^skipped: /);
    expect((await rig.entry(kept))?.status).toBe('done');
  });

  it('never counts 429s as attempts: a chat throttled more times than the attempt limit still gets its message', async () => {
    const id = await rig.enqueue('510', makeAlert({ id: 't1', createdAt: clock.now() }));
    rig.fake.failNext({ method: 'sendMessage', chatId: 510, code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, times: 4 });
    const worker = rig.worker({ maxAttempts: 2 });
    for (let i = 0; i < 4; i++) {
      expect((await worker.drain()).retried).toBe(1);
      const entry = (await rig.entry(id))!;
      expect(entry).toMatchObject({ status: 'pending', attempts: 0 });
      await rig.store.outbox.update({ ...entry, notBefore: clock.now() }); // skip the wait
    }
    expect((await worker.drain()).sent).toBe(1);
    expect(rig.fake.sentTo('510')).toHaveLength(1);
  });

  it('never counts pacing waits as attempts', async () => {
    const id = await rig.enqueue('511', makeAlert({ id: 'w1', createdAt: clock.now() }));
    await rig.enqueue('511', makeAlert({ id: 'w2', createdAt: clock.now() }));
    // The second message to the chat needs a slot a second later: more than this worker waits.
    const stats = await rig.worker({ maxAttempts: 1 }, rig.store, 100).drain();
    expect(stats).toMatchObject({ sent: 1, retried: 1, failed: 0 });
    expect((await rig.entry(id))?.status).toBe('done');
    expect(await rig.entry('send:telegram:511:w2')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  // Only a shared store admits a second instance (a second bot on SQLite is refused at startup).
  if (shared) it('lets exactly one of two instances on the store send each entry', async () => {
    const other = await reopen();
    extraStores.push(other);
    const alert = makeAlert({ id: 'multi', createdAt: clock.now() });
    const chats = Array.from({ length: 40 }, (_, i) => String(600 + i));
    for (const chat of chats) await rig.enqueue(chat, alert);
    const [a, b] = await Promise.all([rig.worker().drain(), rig.worker({}, other).drain()]);
    const counts = chats.map((chat) => rig.fake.sentTo(chat).length);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    expect(a.sent + b.sent).toBe(chats.length);
  });
}

describe('delivery faults on SQLite', () => {
  faultSuite(async () => {
    const tmp = tempDir('vigie-faults-');
    const url = `sqlite://${tmp.dir}/store.sqlite`;
    const store = await openStore(url, { retentionMs: 86_400_000, logger: silentLogger });
    return {
      store,
      reopen: async () => store,
      async cleanup() {
        await store.close();
        tmp.remove();
      },
    };
  }, false);
});

describeService(redis, 'delivery faults on Redis', () => {
  faultSuite(async () => {
    const namespace = `faults-${randomBytes(4).toString('hex')}`;
    const open = async () => openStore(REDIS_URL, { retentionMs: 86_400_000, logger: silentLogger, namespace });
    const store = await open();
    return {
      store,
      reopen: open,
      async cleanup() {
        await (store as unknown as { clear(): Promise<void> }).clear();
        await store.close();
      },
    };
  }, true);
});
