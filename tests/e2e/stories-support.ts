/**
 * Pieces of the story end-to-end suite: a whole Vigie (createApp) on a SQLite file or a Redis
 * database, fed by a local feed server with a shifted clock, and one driver per chat platform that
 * joins the bot to a destination, types commands as an administrator and reads back what the bot
 * posted, replied and edited there.
 */
import { createClient } from '@keyv/redis';
import path from 'node:path';
import { pino } from 'pino';
import type { App } from '../../src/app.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { rss, startTestApp, tempDir, testConfig } from '../helpers/app.js';
import { FakeDiscord, type FakeGuild } from '../helpers/fake-discord.js';
import { FakeTelegram, type FakeChat, type FakeUser, type RecordedCall } from '../helpers/fake-telegram.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { DISCORD_TOKEN, ShiftedClock, TELEGRAM_TOKEN, type FeedItem } from './support.js';

/** Store backends the suite runs on. */
export type StoreKind = 'sqlite' | 'redis';

/**
 * The Redis database this suite owns: the app writes under the fixed `vigie:` prefix, so only a
 * database of its own (emptied before and after each test) isolates it from other test files.
 */
export const STORIES_REDIS_DB = 13;

/** `base` (redis://host:port[/db]) pointing at database `db`. */
export function redisDbUrl(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

/** Runs one command on the Redis database `url` names. */
async function redisCommand(url: string, args: string[]): Promise<unknown> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    await client.close();
  }
}

/** Empties the Redis database `url` names (FLUSHDB). */
export async function flushRedisDb(url: string): Promise<void> {
  await redisCommand(url, ['FLUSHDB']);
}

/** A French outlet: its feed id and the name Vigie shows. */
export interface Outlet { id: string; name: string }

/** A wired Vigie with its platforms started. */
export interface StoryVigie {
  app: App;
  /** One poll cycle over every feed, then the digest check and delivery of everything due. */
  cycle(): ReturnType<App['runOnce']>;
  close(): Promise<void>;
}

/** A temp directory, a feed server, a store and the Vigie started on them. */
export class StoryHarness {
  readonly clock = new ShiftedClock();
  private vigieRunning: StoryVigie | undefined;

  private constructor(readonly feeds: FeedServer, private readonly tmp: ReturnType<typeof tempDir>, readonly storeUrl: string) {}

  /** Starts the feed server and prepares the store: a SQLite file in a temp dir, or the suite's emptied Redis database. */
  static async start(store: StoreKind, redisUrl: string): Promise<StoryHarness> {
    const redis = store === 'redis' ? redisDbUrl(redisUrl, STORIES_REDIS_DB) : undefined;
    if (redis) await flushRedisDb(redis);
    const tmp = tempDir('vigie-stories-');
    return new StoryHarness(await startFeedServer({}), tmp, redis ?? `sqlite://${path.join(tmp.dir, 'store.sqlite')}`);
  }

  /** Serves `items` in the outlet's feed (an empty feed with none). */
  serve(outlet: Outlet, items: FeedItem[] = []): void {
    this.feeds.route(`/${outlet.id}.xml`, { body: rss(outlet.name, items) });
  }

  /** Builds the whole app over `outlets` with `env` (platform tokens) and starts its platforms. */
  async vigie(env: NodeJS.ProcessEnv, outlets: Outlet[]): Promise<StoryVigie> {
    const feeds: FeedConfig[] = outlets.map((o) => ({ id: o.id, name: o.name, url: this.feeds.url(`/${o.id}.xml`), tags: [] }));
    for (const outlet of outlets) this.serve(outlet);
    const config = testConfig({ feeds, storeUrl: this.storeUrl, env, cwd: this.tmp.dir });
    // E2E_LOG=debug shows the app's logs when a test needs explaining; silent otherwise.
    const level = process.env.E2E_LOG;
    const { app } = await startTestApp({ config, clock: this.clock, ...(level ? { logger: pino({ level }) } : {}) });
    const controller = new AbortController();
    let closed: Promise<void> | undefined;
    const vigie: StoryVigie = {
      app,
      cycle: () => app.runOnce(controller.signal, { force: true }),
      close: () => {
        closed ??= (async () => {
          controller.abort();
          await app.close();
        })();
        return closed;
      },
    };
    this.vigieRunning = vigie;
    try {
      await app.startPlatforms(controller.signal);
    } catch (error) {
      await vigie.close();
      throw error;
    }
    return vigie;
  }

  /** Keys in the suite's Redis database (DBSIZE); 0 on SQLite. */
  async redisKeys(): Promise<number> {
    return this.storeUrl.startsWith('redis') ? Number(await redisCommand(this.storeUrl, ['DBSIZE'])) : 0;
  }

  /** Closes the Vigie, empties the Redis database, stops the feed server, removes the temp dir. */
  async close(): Promise<void> {
    await this.vigieRunning?.close();
    if (this.storeUrl.startsWith('redis')) await flushRedisDb(this.storeUrl);
    await this.feeds.close();
    this.tmp.remove();
  }
}

/** A message Vigie posted in the destination; `replyTo` is the message it answers. */
export interface Posted { id: string; text: string; replyTo?: string }
/** An edit Vigie requested (whether or not the platform accepted it). */
export interface Edit { messageId: string; text: string }

/** One chat platform, seen from the destination under test. */
export interface ChatSide {
  readonly name: 'Telegram' | 'Discord';
  /** The environment that points Vigie at this fake. */
  env(): NodeJS.ProcessEnv;
  /** Registers the destination (bot added to a group, or `/setup`) and resolves once confirmed. */
  join(): Promise<void>;
  /** An administrator types `/digest <args>` in the destination; resolves with Vigie's answer. */
  digest(args: string): Promise<string>;
  /** Messages Vigie posted in the destination (alerts, replies, digests; no command answers), oldest first. */
  posted(): Posted[];
  /** Edits of messages in the destination, in order. */
  edits(): Edit[];
  /** The current text of a message Vigie posted (after edits). */
  current(messageId: string): string | undefined;
  close(): Promise<void>;
}

const ADMIN: FakeUser = { id: 8301, is_bot: false, first_name: 'Sandrine' };
const GROUP: FakeChat = { id: -1007301, type: 'supergroup', title: 'Cellule cyber du GHT' };

/** Telegram: a supergroup where ADMIN is an administrator. */
export async function telegramSide(): Promise<ChatSide> {
  const fake = await FakeTelegram.start({ token: TELEGRAM_TOKEN });
  const commandIds = new Set<number>();
  const isSend = (c: RecordedCall): boolean => c.method === 'sendMessage' && String(c.payload.chat_id) === String(GROUP.id);
  const replyTo = (c: RecordedCall): number | undefined => (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id;
  let welcome: number | undefined;
  return {
    name: 'Telegram',
    env: () => ({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }),
    async join() {
      fake.setMember(GROUP.id, ADMIN.id, 'administrator');
      fake.botStatus(GROUP, ADMIN, 'left', 'member');
      const call = await fake.waitForCall((c) => isSend(c) && c.ok, 10_000);
      welcome = (call.result as { message_id: number }).message_id;
    },
    async digest(args) {
      const id = fake.message(GROUP, ADMIN, `/digest ${args}`);
      commandIds.add(id);
      const answer = await fake.waitForCall((c) => isSend(c) && c.ok && replyTo(c) === id, 10_000);
      return String(answer.payload.text);
    },
    posted: () => fake.sentTo(GROUP.id)
      .map((c) => ({ call: c, id: (c.result as { message_id: number }).message_id }))
      .filter(({ call, id }) => id !== welcome && !commandIds.has(replyTo(call) ?? 0))
      .map(({ call, id }) => {
        const to = replyTo(call);
        return { id: String(id), text: String(call.payload.text), ...(to !== undefined ? { replyTo: String(to) } : {}) };
      }),
    edits: () => fake.callsOf('editMessageText')
      .filter((c) => String(c.payload.chat_id) === String(GROUP.id))
      .map((c) => ({ messageId: String(c.payload.message_id), text: String(c.payload.text) })),
    current: (id) => fake.messageText(GROUP.id, Number(id)),
    close: () => fake.close(),
  };
}

const GUILD = '731000000000000001';
const GENERAL = '731000000000000002';
const ALERTS = '731000000000000003';
const MANAGE_GUILD = 1n << 5n;

/** The text of a Discord message body: content, then each embed's author, title, description and fields. */
export function discordText(body: { content?: string; embeds?: any[] }): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const embeds = (body.embeds ?? []).map((e) => [
    e.author?.name, e.title, e.description, ...(e.fields ?? []).map((f: { name: string; value: string }) => `${f.name}: ${f.value}`),
  ].filter(Boolean).join('\n'));
  return [body.content, ...embeds].filter(Boolean).join('\n\n');
}

/** Discord: a guild whose #alertes-cyber channel is set up by a member with Manage Server. */
export async function discordSide(): Promise<ChatSide> {
  const guild: FakeGuild = {
    id: GUILD, name: 'GHT Sud — DSI', systemChannelId: GENERAL,
    channels: [{ id: GENERAL, name: 'general' }, { id: ALERTS, name: 'alertes-cyber' }],
  };
  const fake = await new FakeDiscord({ token: DISCORD_TOKEN, guilds: [guild] }).start();
  const slash = async (name: string, channelId: string, options: { name: string; type: number; value: string }[]) => {
    const { id } = fake.invoke({ name, guildId: GUILD, channelId, permissions: MANAGE_GUILD, options });
    return String((await fake.answer(id, 10_000)).data.content ?? '');
  };
  const edit = /^\/channels\/(\d+)\/messages\/(\d+)$/;
  return {
    name: 'Discord',
    env: () => ({ DISCORD_TOKEN, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl }),
    async join() {
      const answer = await slash('setup', GENERAL, [{ name: 'salon', type: 7, value: ALERTS }]);
      if (!answer.includes(`<#${ALERTS}>`)) throw new Error(`/setup was not confirmed: ${answer}`);
    },
    digest: (args) => {
      const [time = '', zone] = args.split(/\s+/);
      return slash('digest', ALERTS, [{ name: 'heure', type: 3, value: time }, ...(zone ? [{ name: 'fuseau', type: 3, value: zone }] : [])]);
    },
    posted: () => fake.channelMessages(ALERTS).map((m) => {
      // The fake applies edits to the stored message: the text as posted is in the POST's body.
      const post = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${ALERTS}/messages` && c.body?.nonce === m.nonce);
      return { id: String(m.id), text: discordText(post?.body ?? m), ...(m.message_reference ? { replyTo: String(m.message_reference.message_id) } : {}) };
    }),
    edits: () => fake.calls
      .filter((c) => c.method === 'PATCH' && edit.exec(c.path)?.[1] === ALERTS)
      .map((c) => ({ messageId: edit.exec(c.path)![2]!, text: discordText(c.body) })),
    current: (id) => {
      const message = fake.messages.get(id);
      return message ? discordText(message) : undefined;
    },
    close: () => fake.close(),
  };
}
