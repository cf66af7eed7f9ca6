import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { DeliveryError } from '../../../src/core/errors.js';
import { DiscordNotifier, deliveryNonce } from '../../../src/platforms/discord/notifier.js';
import { FakeDiscord, discordErrors } from '../../helpers/fake-discord.js';
import { makeAlert, makeDestination, silentLogger } from '../../helpers/builders.js';

const GUILD = '700000000000000001';
const ALERTS = '700000000000000002';
const GENERAL = '700000000000000003';
const ROLE = '700000000000000099';

let fake: FakeDiscord;
let notifier: DiscordNotifier;
const dest = makeDestination({ platform: 'discord', chatId: ALERTS, groupId: GUILD });

beforeEach(async () => {
  fake = await new FakeDiscord({
    guilds: [{ id: GUILD, name: 'Serveur', systemChannelId: GENERAL, channels: [{ id: ALERTS, name: 'alertes' }, { id: GENERAL, name: 'general' }] }],
  }).start();
  const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  notifier = new DiscordNotifier({ rest, logger: silentLogger, noticeChannel: () => GENERAL });
});

afterEach(async () => {
  await fake.close();
});

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('DiscordNotifier', () => {
  it('posts one embed with no mention allowed and returns the message id', async () => {
    const { messageId } = await notifier.send(dest, makeAlert());
    const [message] = fake.channelMessages(ALERTS);
    expect(message.id).toBe(messageId);
    expect(message.embeds).toHaveLength(1);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(fake.calls.at(-1)!.authorization).toBe(`Bot ${fake.token}`);
  });

  it('allows the opted-in role only on a severity-3 alert', async () => {
    const base = makeAlert();
    const withRole = { ...dest, pingRoleId: ROLE };
    await notifier.send(withRole, makeAlert({ id: 'major', classification: { ...base.classification, severity: 3 } }));
    await notifier.send(withRole, makeAlert({ id: 'minor' }));
    const [major, minor] = fake.channelMessages(ALERTS);
    expect(major.content).toBe(`<@&${ROLE}>`);
    expect(major.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(minor.allowed_mentions).toEqual({ parse: [] });
  });

  it('sends a follow-up as a reply to the original message', async () => {
    const { messageId } = await notifier.send(dest, makeAlert());
    await notifier.send(dest, makeAlert({ id: 'a2' }), { replyTo: messageId });
    const reply = fake.channelMessages(ALERTS)[1];
    expect(reply.message_reference).toEqual({ message_id: messageId, fail_if_not_exists: false });
  });

  it('edits the posted message in place', async () => {
    const alert = makeAlert();
    const { messageId } = await notifier.send(dest, alert);
    const more = makeAlert({ sources: [...alert.sources, { itemId: 'b', source: 'Le Monde', title: 't' }] });
    await notifier.edit(dest, messageId, more);
    const messages = fake.channelMessages(ALERTS);
    expect(messages).toHaveLength(1);
    expect(messages[0].embeds[0].description).toContain('Également rapporté par : Le Monde — 2 sources');
  });

  it('does not post twice when a send is retried: the nonce returns the first message', async () => {
    const first = await notifier.send(dest, makeAlert());
    const again = await notifier.send(dest, makeAlert());
    expect(again.messageId).toBe(first.messageId);
    expect(fake.channelMessages(ALERTS)).toHaveLength(1);
    expect(deliveryNonce(dest.key, 'a1')).toHaveLength(25);
  });

  it('translates 50013 into a gone error naming the reason and tells the server once', async () => {
    fake.failNext('POST', new RegExp(`/channels/${ALERTS}/messages`), discordErrors.missingPermissions, 2);
    const first = await failure(notifier.send(dest, makeAlert()));
    const second = await failure(notifier.send(dest, makeAlert({ id: 'a2' })));
    expect(first.gone).toBe(true);
    expect(first.retryable).toBe(false);
    expect(first.message).toContain('missing_permissions');
    expect(second.gone).toBe(true);
    const notices = fake.channelMessages(GENERAL);
    expect(notices).toHaveLength(1);
    expect(notices[0].content).toContain(`<#${ALERTS}>`);
    expect(notices[0].allowed_mentions).toEqual({ parse: [] });
  });

  it('translates 50001 (missing access) and 10003 (unknown channel) into gone errors', async () => {
    fake.failNext('POST', /\/messages$/, discordErrors.missingAccess);
    expect((await failure(notifier.send(dest, makeAlert()))).message).toContain('missing_access');
    const deleted = makeDestination({ platform: 'discord', chatId: '700000000000000777', groupId: GUILD });
    const unknown = await failure(notifier.send(deleted, makeAlert()));
    expect(unknown.gone).toBe(true);
    expect(unknown.message).toContain('unknown_channel');
  });

  it('makes 5xx that outlast the client retries a retryable error', async () => {
    fake.failNext('POST', /\/messages$/, discordErrors.serverError, 10);
    const error = await failure(notifier.send(dest, makeAlert()));
    expect(error.retryable).toBe(true);
    expect(error.gone).toBe(false);
    expect(fake.calls.filter((c) => c.method === 'POST').length).toBe(4);
  });

  it('recovers from one 5xx and from a 429 without surfacing an error', async () => {
    fake.failNext('POST', /\/messages$/, discordErrors.serverError, 1);
    fake.failNext('POST', /\/messages$/, discordErrors.rateLimited(0.05), 1);
    await notifier.send(dest, makeAlert());
    expect(fake.channelMessages(ALERTS)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'POST').length).toBe(3);
  });

  it('makes other 4xx permanent', async () => {
    fake.failNext('POST', /\/messages$/, discordErrors.invalidForm);
    const error = await failure(notifier.send(dest, makeAlert()));
    expect(error.retryable).toBe(false);
    expect(error.gone).toBe(false);
  });

  it('makes network failures retryable and keeps the token out of the error', async () => {
    await fake.close();
    const error = await failure(notifier.send(dest, makeAlert()));
    expect(error.retryable).toBe(true);
    expect(inspect(error, { depth: 8 })).not.toContain(fake.token);
    fake = await new FakeDiscord().start(); // afterEach closes a live server
  });
});
