import { afterEach, describe, expect, it } from 'vitest';
import { parseCorpus } from '../../../src/cli/corpus.js';
import { exportFeedback } from '../../../src/cli/feedback-export.js';
import { FeedbackCommands } from '../../../src/pipeline/commands/feedback.js';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import type { CommandRequest } from '../../../src/ports.js';
import { openStore } from '../../../src/store/open-store.js';
import type { KeyvStore } from '../../../src/store/keyv-store.js';
import { makeAlert, makeItem, silentLogger, TestClock } from '../../helpers/builders.js';
import { registryCapabilities } from '../../helpers/capabilities.js';

const T0 = Date.UTC(2025, 2, 12, 13, 5);
let store: KeyvStore;
afterEach(async () => { await store.close(); });

async function setup() {
  const clock = new TestClock(T0);
  store = await openStore('memory://', { retentionMs: 30 * 86_400_000, logger: silentLogger, now: () => clock.now() });
  const commands = new ChatCommands({
    capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 0, failingFeeds: [] }),
    feedback: new FeedbackCommands({ feedback: store.feedback, alerts: store.alerts, outbox: store.outbox, clock }),
  });
  const alert = makeAlert({ id: 'a1', item: makeItem({ title: 'Le salon de la cybersécurité ouvre à Lille', summary: 'Trois jours de conférences.', link: 'https://news.example/salon' }), createdAt: T0 - 60_000 });
  await store.alerts.save(alert);
  // The alert was delivered to chat -1001 as message 77, and to chat -1002 as message 78.
  for (const [chat, messageId] of [['-1001', '77'], ['-1002', '78']] as const) {
    await store.outbox.update({ id: `send:telegram:${chat}:a1`, kind: 'send', destinationKey: `telegram:${chat}`, alertId: 'a1', status: 'done', attempts: 1, notBefore: T0, createdAt: T0, messageId });
  }
  const send = async (text: string, o: { admin?: boolean; replyTo?: string; chatId?: string } = {}) => {
    const [name, ...rest] = text.replace(/^\//, '').split(' ');
    const request: CommandRequest = {
      platform: 'telegram', chatId: o.chatId ?? '-1001', userId: '42', name: name ?? '', args: rest.join(' '),
      isAdmin: async () => o.admin ?? true, ...(o.replyTo === undefined ? {} : { replyTo: o.replyTo }),
    };
    return commands.handle(request);
  };
  return { send, alert };
}

describe('/faux and /wrong', () => {
  it('stores an administrator\'s mark with the item text, the verdict given and the label, and thanks', async () => {
    const { send, alert } = await setup();
    const reply = await send('/faux', { replyTo: '77' });
    expect(reply.text).toMatch(/^Merci, c’est noté : pas un incident/);
    const marks = await store.feedback.list();
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({
      kind: 'wrong', platform: 'telegram', chatId: '-1001', userId: '42', label: 'other', alertId: 'a1',
      title: alert.item.title, text: alert.item.summary, url: 'https://news.example/salon', at: T0,
      verdict: { category: alert.classification.category, cause: alert.classification.cause },
    });
  });

  it('takes the other category as argument, in French or English', async () => {
    const { send } = await setup();
    expect((await send('/wrong outage', { replyTo: '77' })).text).toMatch(/an outage|une panne/);
    expect((await store.feedback.list())[0]?.label).toBe('outage');
    expect((await send('/faux bof', { replyTo: '77' })).text).toContain('Usage : /faux [panne|cyber]');
  });

  it('refuses a member who is not an administrator and stores nothing', async () => {
    const { send } = await setup();
    const reply = await send('/faux', { replyTo: '77', admin: false });
    expect(reply.text).not.toMatch(/Merci/);
    expect(await store.feedback.list()).toEqual([]);
  });

  it('asks for a reply when not answering a message, and finds no alert behind another chat\'s message id', async () => {
    const { send } = await setup();
    expect((await send('/faux')).text).toContain('Répondez à une alerte');
    expect((await send('/faux', { replyTo: '78' })).text).toContain('Je ne retrouve pas cette alerte');
    expect(await store.feedback.list()).toEqual([]);
  });

  it('never changes the alert, so other chats keep it as it was', async () => {
    const { send, alert } = await setup();
    await send('/faux', { replyTo: '77' });
    expect(await store.alerts.get('a1')).toEqual(alert);
    expect(await store.outbox.messageIdFor('telegram:-1002', 'a1')).toBe('78');
  });
});

describe('feedback export', () => {
  it('writes corpus lines that the corpus reader (train, eval) accepts, with the admin\'s label', async () => {
    const { send, alert } = await setup();
    await send('/faux', { replyTo: '77' });
    const { text, count } = await exportFeedback(store.feedback);
    expect(count).toBe(1);
    const warnings: string[] = [];
    const items = parseCorpus(text, 'feedback.jsonl', (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(items).toEqual([expect.objectContaining({ title: alert.item.title, text: alert.item.summary, label: 'none', event: '' })]);
    const line = JSON.parse(text.trim()) as Record<string, string>;
    expect(Object.keys(line).sort()).toEqual(['date', 'event', 'id', 'label', 'note', 'source_domain', 'summary', 'title', 'url']);
    expect(line['label']).toBe('other');
    expect(line['note']).toMatch(/feedback wrong from telegram:-1001 .*Vigie said/);
  });

  it('writes nothing when there is no mark', async () => {
    await setup();
    expect(await exportFeedback(store.feedback)).toEqual({ text: '', count: 0 });
  });
});
