/**
 * The Notifier contract run against every notifier, each with its real client: the console on a
 * stream, Telegram (grammY) against the fake Bot API, Discord (discord.js REST) against the fake
 * Discord, webhooks (fetch) against a local HTTP receiver in each format.
 */
import { PassThrough } from 'node:stream';
import { REST } from 'discord.js';
import { Api } from 'grammy';
import type { Destination, Lang } from '../../src/core/types.js';
import { ConsoleNotifier } from '../../src/platforms/console/notifier.js';
import { DiscordNotifier } from '../../src/platforms/discord/notifier.js';
import { TelegramNotifier } from '../../src/platforms/telegram/notifier.js';
import { TelegramPacer } from '../../src/platforms/telegram/pacer.js';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../../src/platforms/webhook/capabilities.js';
import { WebhookNotifier } from '../../src/platforms/webhook/notifier.js';
import { makeDestination, silentLogger } from '../helpers/builders.js';
import { discordErrors, FakeDiscord } from '../helpers/fake-discord.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { WebhookReceiver } from '../helpers/webhook-server.js';
import { notifierContract, type FailureKind } from './notifier-contract.js';

const clock = { now: () => Date.now() };

notifierContract('console', { worded: true, refuses: false }, async () => {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => { printed += chunk.toString('utf8'); });
  let next = 0;
  // One stream for every destination: each block names the destination's message numbers.
  const owner = new Map<string, string>();
  const notifier = new ConsoleNotifier(out);
  const blocks = (): string[] => printed.split(/\n(?=#\d+ |✎ )/).filter((b) => b.trim().length > 0);
  const wrap = <A extends unknown[], R>(fn: (d: Destination, ...a: A) => Promise<R>) => async (d: Destination, ...a: A): Promise<R> => {
    const before = blocks().length;
    const result = await fn.call(notifier, d, ...a);
    blocks().slice(before).forEach((_, i) => owner.set(String(before + i), d.key));
    return result;
  };
  Object.assign(notifier, { send: wrap(notifier.send), edit: wrap(notifier.edit), sendDigest: wrap(notifier.sendDigest) });
  const mine = (d: Destination) => blocks().filter((_, i) => owner.get(String(i)) === d.key);
  return {
    notifier,
    destination: (lang: Lang = 'fr') => makeDestination({ platform: 'console', chatId: `stdout-${next++}`, lang }),
    // An edit prints a line under the message it updates: together they show the message now.
    messages: (d) => mine(d).reduce<string[]>((all, b) => (b.startsWith('✎') ? [...all.slice(0, -1), `${all.at(-1)}\n${b}`] : [...all, b]), []),
    lengths: (d) => mine(d).filter((b) => !b.startsWith('✎')).map((b) => b.length),
    couldPing: () => false, // a terminal notifies no one; control characters are stripped (console tests)
    close: async () => undefined,
  };
});

notifierContract('telegram', { worded: true, refuses: true }, async () => {
  const fake = await FakeTelegram.start();
  let next = 91_000;
  const notifier = new TelegramNotifier({
    api: new Api(fake.token, { apiRoot: fake.apiRoot }), logger: silentLogger, token: fake.token,
    pacer: new TelegramPacer({ clock, limits: { perChatMs: 0, perGroupMs: 0, globalGapMs: 0 } }),
  });
  const sent = (d: Destination) => fake.sentTo(d.chatId).map((c) => {
    const id = (c.result as { message_id: number }).message_id;
    return fake.messageText(Number(d.chatId), id) ?? String(c.payload.text);
  });
  const failures: Record<FailureKind, (chat: number) => void> = {
    rate_limited: (chat) => fake.failNext({ method: 'sendMessage', chatId: chat, code: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 }),
    gone: (chat) => fake.loseChat(chat, 403, 'Forbidden: bot was kicked from the group chat'),
    server: (chat) => fake.failNext({ method: 'sendMessage', chatId: chat, code: 502, description: 'Bad Gateway' }),
    refused: (chat) => fake.failNext({ method: 'sendMessage', chatId: chat, code: 400, description: 'Bad Request: message text is empty' }),
  };
  return {
    notifier,
    destination: (lang: Lang = 'fr') => makeDestination({ platform: 'telegram', chatId: String(next++), lang }),
    messages: sent,
    lengths: (d) => sent(d).map((text) => text.length),
    // Telegram has no @everyone or @here: a mention is a tg://user link (or a live <a> Vigie did not write).
    couldPing: (d) => sent(d).some((html) => /<a href="(?!https?:)/i.test(html)),
    fail: (d, kind) => failures[kind](Number(d.chatId)),
    close: async () => { notifier.close(); await fake.close(); },
  };
});

notifierContract('discord', { worded: true, refuses: true }, async () => {
  const guild = '780000000000000001';
  const channels = Array.from({ length: 40 }, (_, i) => ({ id: String(780000000000000100n + BigInt(i)), name: `alertes-${i}` }));
  const fake = await new FakeDiscord({ guilds: [{ id: guild, name: 'Serveur', channels }] }).start();
  const notifier = new DiscordNotifier({ rest: new REST({ api: fake.apiUrl }).setToken(fake.token), logger: silentLogger });
  let next = 0;
  const bodies = (d: Destination) => fake.channelMessages(d.chatId);
  const text = (m: { content?: string; embeds?: { author?: { name?: string }; title?: string; description?: string; fields?: { name: string; value: string }[] }[] }) =>
    [m.content, ...(m.embeds ?? []).flatMap((e) => [e.author?.name, e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`)])]
      .filter(Boolean).join('\n');
  const path = (d: Destination) => new RegExp(`/channels/${d.chatId}/messages$`);
  const failures: Record<FailureKind, (d: Destination) => void> = {
    rate_limited: (d) => fake.failNext('POST', path(d), discordErrors.rateLimited(1)),
    gone: (d) => fake.failNext('POST', path(d), discordErrors.missingAccess),
    server: (d) => fake.failNext('POST', path(d), discordErrors.serverError, 10),
    refused: (d) => fake.failNext('POST', path(d), discordErrors.invalidForm),
  };
  return {
    notifier,
    destination: (lang: Lang = 'fr') => makeDestination({ platform: 'discord', chatId: channels[next++]!.id, groupId: guild, lang }),
    messages: (d) => bodies(d).map(text),
    lengths: (d) => bodies(d).map((m) => (m.content ?? '').length),
    couldPing: (d) => bodies(d).some((m) => (m.allowed_mentions?.parse ?? ['everyone']).length > 0 || (m.allowed_mentions?.users ?? []).length > 0
      || /@(everyone|here)/.test(text(m)) || /<@&?\d/.test(text(m))),
    fail: (d, kind) => failures[kind](d),
    close: async () => fake.close(),
  };
});

for (const format of WEBHOOK_FORMATS) {
  notifierContract(`webhook (${format})`, { worded: format !== 'json', refuses: true }, async () => {
    const receiver = await WebhookReceiver.start();
    const hooks = Array.from({ length: 20 }, (_, i) => ({
      id: `hook-${i}`, url: receiver.url(`/services/T0/B${i}/secret-${i}`), format: format as WebhookFormat,
      categories: { cyberattack: true, outage: true }, keywords: [], exclusions: [], lang: 'fr' as const,
    }));
    const notifier = new WebhookNotifier({ hooks, logger: silentLogger, clock, minGapMs: 0 });
    let next = 0;
    const pathOf = (d: Destination) => new URL(hooks.find((h) => h.id === d.chatId)!.url).pathname;
    // What a person sees: the JSON's strings, escapes of the markup undone.
    const shown = (body: unknown) => JSON.stringify(body).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\\"/g, '"');
    const failures: Record<FailureKind, (path: string) => void> = {
      rate_limited: (p) => receiver.script(p, { status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' }),
      gone: (p) => receiver.remove(p),
      server: (p) => receiver.script(p, { status: 503, body: 'unavailable' }),
      refused: (p) => receiver.script(p, { status: 400, body: 'invalid_payload' }),
    };
    return {
      notifier,
      destination: (lang: Lang = 'fr') => makeDestination({ platform: 'webhook', chatId: hooks[next++]!.id, lang }),
      messages: (d) => receiver.postsTo(pathOf(d)).map((p) => shown(p.body)),
      // Slack counts a section's text; Teams and Mattermost a text block: the longest string of the body.
      lengths: (d) => receiver.postsTo(pathOf(d)).map((p) => Math.max(...strings(p.body).map((s) => (format === 'json' ? 0 : s.length)))),
      couldPing: (d) => receiver.postsTo(pathOf(d)).some((p) => format !== 'json' && strings(p.body).some((s) => (format === 'teams'
        ? /<at>/i.test(s) // Teams pings only <at> tags with mention entities
        : /<!(channel|here|everyone)>|<@/.test(s)) || /@(channel|here|all|everyone)\b/.test(s))),
      fail: (d, kind) => failures[kind](pathOf(d)),
      close: async () => { notifier.close(); await receiver.close(); },
    };
  });
}

/** Every string inside a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
