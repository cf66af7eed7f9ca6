import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import type { Alert, Destination } from '../../src/core/types.js';
import { ChatCommands } from '../../src/pipeline/commands/chat-commands.js';
import { DeliveryWorker } from '../../src/pipeline/delivery.js';
import { TELEGRAM_CAPABILITIES } from '../../src/platforms/telegram/capabilities.js';
import type { Notifier, Store } from '../../src/ports.js';
import type { OutboxEntry } from '../../src/core/delivery-types.js';
import { openStore } from '../../src/store/open-store.js';
import { tempDir } from '../helpers/app.js';
import { makeAlert, makeDestination, silentLogger, TestClock } from '../helpers/builders.js';

/** A notifier that records calls and fails on demand: the platform side of these tests. */
class RecordingNotifier implements Notifier {
  readonly platform = 'telegram';
  readonly capabilities = TELEGRAM_CAPABILITIES;
  readonly calls: { op: 'send' | 'edit'; chat: string; alert: string; replyTo?: string; messageId?: string }[] = [];
  failures: Error[] = [];
  private next = 100;

  async send(destination: Destination, alert: Alert, options?: { replyTo?: string }) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const messageId = String(this.next++);
    this.calls.push({ op: 'send', chat: destination.chatId, alert: alert.id, ...(options?.replyTo ? { replyTo: options.replyTo } : {}), messageId });
    return { messageId };
  }

  async sendDigest(destination: Destination, alerts: Alert[]) {
    const messageId = String(this.next++);
    this.calls.push({ op: 'send', chat: destination.chatId, alert: alerts.map((a) => a.id).join(','), messageId });
    return { messageId };
  }

  async edit(destination: Destination, messageId: string, alert: Alert) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.calls.push({ op: 'edit', chat: destination.chatId, alert: alert.id, messageId });
  }
}

let store: Store;
let clock: TestClock;
let notifier: RecordingNotifier;
let worker: DeliveryWorker;

function entry(kind: OutboxEntry['kind'], chatId: string, alertId: string, extra: Partial<OutboxEntry> = {}): OutboxEntry {
  const key = `telegram:${chatId}`;
  return { id: `${kind}:${key}:${alertId}`, kind, destinationKey: key, alertId, status: 'pending', attempts: 0, notBefore: clock.now(), createdAt: clock.now(), ...extra };
}

/** Another outlet joins the alert's story, so its message has something new to show. */
async function addSource(alertId: string): Promise<void> {
  const alert = (await store.alerts.get(alertId))!;
  await store.alerts.save({ ...alert, sources: [...alert.sources, { itemId: 'x', source: 'Autre média', title: 'Autre titre' }] });
}

beforeEach(async () => {
  clock = new TestClock(1_700_000_000_000);
  store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now() });
  notifier = new RecordingNotifier();
  const membership = new ChatCommands({
    destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 0, failingFeeds: [] }),
  });
  worker = new DeliveryWorker({
    outbox: store.outbox, destinations: store.destinations, alerts: store.alerts,
    notifiers: { telegram: notifier }, membership, clock, logger: silentLogger, maxAttempts: 3,
  });
  for (const chat of ['1', '2']) await store.destinations.put(makeDestination({ platform: 'telegram', chatId: chat }));
  await store.alerts.save(makeAlert({ id: 'a1' }));
  await store.alerts.save(makeAlert({ id: 'a2' }));
});
afterEach(() => store.close());

describe('DeliveryWorker', () => {
  it('sends each pending entry once and records the platform message id', async () => {
    await store.outbox.enqueue([entry('send', '1', 'a1'), entry('send', '2', 'a1')]);
    const stats = await worker.drain();
    expect(stats.sent).toBe(2);
    expect(notifier.calls.map((c) => c.chat).sort()).toEqual(['1', '2']);
    expect(await store.outbox.messageIdFor('telegram:1', 'a1')).toMatch(/^\d+$/);
    await worker.drain();
    expect(notifier.calls).toHaveLength(2);
  });

  it('keeps the order of one destination\'s entries', async () => {
    await store.outbox.enqueue([entry('send', '1', 'a1'), entry('send', '1', 'a2')]);
    await worker.drain();
    expect(notifier.calls.map((c) => c.alert)).toEqual(['a1', 'a2']);
  });

  it('reschedules a retryable failure after retry_after and delivers it later', async () => {
    notifier.failures.push(new DeliveryError('telegram:1', '429', { retryable: true, retryAfterMs: 7000 }));
    await store.outbox.enqueue([entry('send', '1', 'a1')]);
    const first = await worker.drain();
    expect(first.retried).toBe(1);
    expect(notifier.calls).toHaveLength(0);
    const pending = await store.outbox.get('send:telegram:1:a1');
    expect(pending?.notBefore).toBe(clock.now() + 7000);
    clock.advance(7000);
    expect((await worker.drain()).sent).toBe(1);
    expect(notifier.calls).toHaveLength(1);
  });

  it('deactivates a destination the platform says is gone, and does not retry', async () => {
    notifier.failures.push(new DeliveryError('telegram:1', 'bot was kicked', { retryable: false, gone: true }));
    await store.outbox.enqueue([entry('send', '1', 'a1')]);
    expect((await worker.drain()).failed).toBe(1);
    expect((await store.destinations.get('telegram:1'))?.active).toBe(false);
    expect((await store.outbox.get('send:telegram:1:a1'))?.status).toBe('failed');
  });

  it('marks a permanent rejection failed without retrying', async () => {
    notifier.failures.push(new DeliveryError('telegram:1', 'Bad Request: can\'t parse entities', { retryable: false }));
    await store.outbox.enqueue([entry('send', '1', 'a1')]);
    await worker.drain();
    clock.advance(3_600_000);
    await worker.drain();
    expect(notifier.calls).toHaveLength(0);
    expect((await store.outbox.get('send:telegram:1:a1'))?.lastError).toContain('parse entities');
  });

  it('gives up after the maximum number of attempts', async () => {
    for (let i = 0; i < 5; i++) notifier.failures.push(new Error('socket hang up'));
    await store.outbox.enqueue([entry('send', '1', 'a1')]);
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      clock.advance(3_600_000);
    }
    const final = await store.outbox.get('send:telegram:1:a1');
    expect(final?.status).toBe('failed');
    expect(final?.attempts).toBe(3);
    expect(notifier.calls).toHaveLength(0);
  });

  it('edits the message an alert got, and replies to it for a follow-up', async () => {
    await store.outbox.enqueue([entry('send', '1', 'a1')]);
    await worker.drain();
    const original = await store.outbox.messageIdFor('telegram:1', 'a1');
    await addSource('a1');
    await store.outbox.enqueue([entry('edit', '1', 'a1', { id: 'edit:telegram:1:a1:1' }), entry('reply', '1', 'a2', { replyToAlertId: 'a1' })]);
    await worker.drain();
    expect(notifier.calls.slice(1)).toEqual([
      expect.objectContaining({ op: 'edit', alert: 'a1', messageId: original }),
      expect.objectContaining({ op: 'send', alert: 'a2', replyTo: original }),
    ]);
  });

  it('waits for the original message before editing it', async () => {
    notifier.failures.push(new DeliveryError('telegram:1', '429', { retryable: true, retryAfterMs: 5000 }));
    await store.outbox.enqueue([entry('send', '1', 'a1'), entry('edit', '1', 'a1', { id: 'edit:telegram:1:a1:1' })]);
    await worker.drain();
    expect(notifier.calls).toHaveLength(0);
    await addSource('a1');
    for (let i = 0; i < 3; i++) {
      clock.advance(6_000);
      await worker.drain();
    }
    // The late send already shows both sources, so the edit that waited for it has nothing to add.
    expect(notifier.calls.map((c) => c.op)).toEqual(['send']);
    const editEntry = await store.outbox.get('edit:telegram:1:a1:1');
    expect(editEntry?.status).toBe('done');
    expect(editEntry?.messageId).toBe(notifier.calls[0]?.messageId);
  });

  it('skips an edit when the message already shows every source', async () => {
    await store.outbox.enqueue([entry('send', '1', 'a1')]);
    await worker.drain();
    await store.outbox.enqueue([entry('edit', '1', 'a1', { id: 'edit:telegram:1:a1:1' })]);
    await worker.drain();
    expect(notifier.calls.map((c) => c.op)).toEqual(['send']);
    await addSource('a1');
    await store.outbox.enqueue([entry('edit', '1', 'a1', { id: 'edit:telegram:1:a1:2' })]);
    await worker.drain();
    expect(notifier.calls.map((c) => c.op)).toEqual(['send', 'edit']);
  });

  it('does not send to an inactive destination', async () => {
    await store.destinations.put(makeDestination({ platform: 'telegram', chatId: '2', active: false }));
    await store.outbox.enqueue([entry('send', '2', 'a1')]);
    expect((await worker.drain()).failed).toBe(1);
    expect(notifier.calls).toHaveLength(0);
  });
});

describe('DeliveryWorker on a SQLite file, with a platform quicker than the store', () => {
  it('records one destination\'s sends behind them: fewer writes than messages, never more than marksBehind unrecorded, and an edit in the same drain finds its message', async () => {
    const tmp = tempDir('vigie-delivery-marks-');
    const sqlite = await openStore(`sqlite://${tmp.dir}/store.sqlite`, { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now() });
    try {
      await sqlite.destinations.put(makeDestination({ platform: 'telegram', chatId: '1' }));
      const ids = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`); // due in id order
      for (const id of ids) await sqlite.alerts.save(makeAlert({ id }));
      const writes: number[] = [];
      let recorded = 0;
      const finishMany = sqlite.outbox.finishMany.bind(sqlite.outbox);
      sqlite.outbox.finishMany = async (entries) => {
        writes.push(entries.length);
        await finishMany(entries);
        recorded += entries.length;
      };
      // At each send: how many messages the platform accepted before it whose "done" is not stored yet.
      const unrecorded: number[] = [];
      const platform = new RecordingNotifier();
      const send = platform.send.bind(platform);
      platform.send = async (destination, alert, options) => {
        unrecorded.push(platform.calls.length - recorded);
        return send(destination, alert, options);
      };
      const quick = new DeliveryWorker({
        outbox: sqlite.outbox, destinations: sqlite.destinations, alerts: sqlite.alerts,
        notifiers: { telegram: platform }, clock, logger: silentLogger, marksBehind: 4,
      });
      await sqlite.outbox.enqueue([...ids.map((id) => entry('send', '1', id, { notBefore: clock.now() - 1 })), entry('edit', '1', 'm00', { id: 'edit:telegram:1:m00:1' })]);

      expect(await quick.drain()).toMatchObject({ sent: 40, failed: 0, retried: 0 });
      expect(platform.calls.map((c) => c.alert)).toEqual(ids);
      // The edit found the first message's id (not left waiting for it); it had no new source to show.
      expect(await sqlite.outbox.get('edit:telegram:1:m00:1')).toMatchObject({ status: 'done', messageId: platform.calls[0]?.messageId });
      expect(Math.max(...unrecorded)).toBeLessThanOrEqual(4);
      expect(writes.reduce((a, b) => a + b, 0)).toBe(40);
      expect(writes.length).toBeLessThan(40);
      for (const id of ids) expect(await sqlite.outbox.get(`send:telegram:1:${id}`)).toMatchObject({ status: 'done', attempts: 1 });
      await quick.drain();
      expect(platform.calls).toHaveLength(40);
    } finally {
      await sqlite.close();
      tmp.remove();
    }
  });
});
