/**
 * A fake Discord for tests: REST (`/api/v10/...`) and a JSON gateway on one 127.0.0.1 port, speaking
 * enough of the real protocol for an unmodified discord.js client (HELLO → IDENTIFY → READY →
 * GUILD_CREATE, heartbeats, RESUME). Records every REST call; errors can be scripted per route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A text channel of a fake guild. */
export interface FakeChannel {
  id: string;
  name: string;
  /** 0 = text (default), 5 = announcement, 2 = voice. */
  type?: number;
  /** Raw permission overwrites (`{ id, type: 0 role | 1 member, allow, deny }`, bitfields as strings). */
  overwrites?: { id: string; type: 0 | 1; allow: string; deny: string }[];
}

/** A guild the fake gateway announces. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId?: string;
  systemChannelId?: string | null;
  memberCount?: number;
  locale?: string;
  channels: FakeChannel[];
  /** Permissions of the @everyone role (default: view, send, embed links, read history). */
  everyonePermissions?: bigint;
  /** Permissions of the bot's own role (default: none beyond @everyone). */
  botPermissions?: bigint;
}

/** One REST request as the fake received it (path without the `/api/v10` prefix). */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  authorization: string | undefined;
}

/** An error the fake answers instead of the normal response. */
export interface ScriptedError {
  status: number;
  code?: number;
  message?: string;
  /** For 429: seconds to wait (body `retry_after` and `Retry-After` header). */
  retryAfter?: number;
  global?: boolean;
}

/** Ready-made errors with Discord's real status codes and bodies. */
export const discordErrors = {
  missingAccess: { status: 403, code: 50001, message: 'Missing Access' },
  missingPermissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  unknownChannel: { status: 404, code: 10003, message: 'Unknown Channel' },
  invalidForm: { status: 400, code: 50035, message: 'Invalid Form Body' },
  serverError: { status: 502, message: '502: Bad Gateway' },
  rateLimited: (retryAfter: number): ScriptedError => ({ status: 429, retryAfter, message: 'You are being rate limited.' }),
} satisfies Record<string, ScriptedError | ((s: number) => ScriptedError)>;

/** What a slash command invocation carries. */
export interface SlashCommand {
  name: string;
  guildId: string;
  channelId: string;
  userId?: string;
  /** The member's computed permissions in the channel. */
  permissions: bigint;
  options?: { name: string; type: number; value: string | number | boolean }[];
  locale?: string;
  /** A message menu entry (type 3) used on this message of the bot, instead of a slash command. */
  targetMessageId?: string;
}

/** The final answer to an interaction: the callback, or the deferred reply's `@original` edit. */
export interface InteractionAnswer {
  type: number;
  data: any;
  deferred: boolean;
}

const DEFAULT_EVERYONE = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n);
const BOT_USER = { username: 'Vigie', discriminator: '0', global_name: null, avatar: null, bot: true };
let snowflakeCounter = 0n;

/** Returns a fresh snowflake-shaped id (19 digits, increasing). */
export function fakeSnowflake(): string {
  snowflakeCounter += 1n;
  return String((BigInt(Date.now() - 1420070400000) << 22n) + snowflakeCounter);
}

/** The fake server; `start()` it, point discord.js at `apiUrl`, `close()` it after the test. */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botId: string;
  readonly calls: RecordedCall[] = [];
  readonly identifies: any[] = [];
  readonly resumes: any[] = [];
  readonly messages = new Map<string, any>();
  readonly commands = new Map<string, any[]>();
  heartbeats = 0;
  private readonly guilds = new Map<string, FakeGuild>();
  private readonly errors: { method: string; path: RegExp; error: ScriptedError; times: number }[] = [];
  private readonly answers = new Map<string, InteractionAnswer>();
  private readonly sockets = new Set<{ ws: WebSocket; seq: number }>();
  private readonly sessions = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private port = 0;

  constructor(options: { token?: string; applicationId?: string; guilds?: FakeGuild[]; heartbeatMs?: number } = {}) {
    this.token = options.token ?? 'fake-token.secret';
    this.applicationId = options.applicationId ?? fakeSnowflake();
    this.botId = this.applicationId;
    for (const g of options.guilds ?? []) this.guilds.set(g.id, g);
    const heartbeatMs = options.heartbeatMs ?? 41_250;
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, req, heartbeatMs));
    });
  }

  /** Listens on 127.0.0.1 and an ephemeral port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** REST base for discord.js (`rest: { api }`); the version is appended by the client. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Answers the next `times` requests matching method and path with `error`. */
  failNext(method: string, path: RegExp, error: ScriptedError, times = 1): void {
    this.errors.push({ method: method.toUpperCase(), path, error, times });
  }

  /** Messages the bot posted in a channel, oldest first. */
  channelMessages(channelId: string): any[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** Resolves once `predicate` holds (checked after every REST call and gateway frame). */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const first = predicate();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = predicate();
        if (!value) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake-discord: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** The bot joins a guild after READY. */
  joinGuild(guild: FakeGuild): void {
    this.guilds.set(guild.id, guild);
    this.dispatch('GUILD_CREATE', this.guildPayload(guild));
  }

  /** The bot is removed from a guild (or the guild is deleted); `unavailable` means a Discord outage instead. */
  leaveGuild(guildId: string, options: { unavailable?: boolean } = {}): void {
    if (options.unavailable) {
      this.dispatch('GUILD_DELETE', { id: guildId, unavailable: true });
      return;
    }
    this.guilds.delete(guildId);
    this.dispatch('GUILD_DELETE', { id: guildId });
  }

  /** Gateway connections open now (one per connected client). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Closes every gateway connection with `code` (4000: unknown error, the client resumes). */
  dropConnections(code = 4000): void {
    for (const s of this.sockets) s.ws.close(code, 'fake-discord: connection dropped');
  }

  /** A channel is deleted; later posts to it answer 10003. */
  deleteChannel(guildId: string, channelId: string): void {
    const guild = this.guilds.get(guildId);
    const channel = guild?.channels.find((c) => c.id === channelId);
    if (!guild || !channel) throw new Error(`fake-discord: no channel ${channelId} in guild ${guildId}`);
    guild.channels = guild.channels.filter((c) => c !== channel);
    this.dispatch('CHANNEL_DELETE', this.channelPayload(guild, channel));
  }

  /** Sends a slash command invocation; returns the interaction's id and token. */
  invoke(command: SlashCommand): { id: string; token: string } {
    const id = fakeSnowflake();
    const token = `itoken-${id}`;
    const guild = this.guilds.get(command.guildId);
    const channel = guild?.channels.find((c) => c.id === command.channelId);
    const resolvedChannels: Record<string, unknown> = {};
    for (const o of command.options ?? []) {
      const target = o.type === 7 ? guild?.channels.find((c) => c.id === o.value) : undefined;
      if (target && guild) resolvedChannels[target.id] = { ...this.channelPayload(guild, target), permissions: '0' };
    }
    const userId = command.userId ?? fakeSnowflake();
    const registered = [...this.commands.values()].flat().find((c) => c.name === command.name);
    this.dispatch('INTERACTION_CREATE', {
      id, token, type: 2, version: 1, application_id: this.applicationId,
      guild_id: command.guildId, channel_id: command.channelId,
      channel: guild && channel ? this.channelPayload(guild, channel) : { id: command.channelId, type: 0 },
      guild: { id: command.guildId, locale: guild?.locale ?? 'fr', features: [] },
      guild_locale: guild?.locale ?? 'fr', locale: command.locale ?? 'fr',
      app_permissions: String(this.botPermissionsIn(guild)), entitlements: [], context: 0,
      authorizing_integration_owners: { 0: command.guildId },
      member: {
        user: { id: userId, username: `user${userId.slice(-4)}`, discriminator: '0', global_name: null, avatar: null },
        roles: [], permissions: String(command.permissions), joined_at: new Date().toISOString(),
        deaf: false, mute: false, flags: 0, nick: null, avatar: null, pending: false,
      },
      data: command.targetMessageId === undefined ? {
        id: registered?.id ?? fakeSnowflake(), name: command.name, type: 1, guild_id: command.guildId,
        options: command.options ?? [], resolved: { channels: resolvedChannels },
      } : {
        id: registered?.id ?? fakeSnowflake(), name: command.name, type: 3, guild_id: command.guildId, target_id: command.targetMessageId,
        resolved: { messages: { [command.targetMessageId]: this.botMessagePayload(command.channelId, command.targetMessageId) } },
      },
    });
    return { id, token };
  }

  /** A message of the bot as the gateway shows it (for message menu interactions). */
  private botMessagePayload(channelId: string, id: string): Record<string, unknown> {
    return {
      id, channel_id: channelId, type: 0, content: '', embeds: [], attachments: [], mentions: [], mention_roles: [],
      mention_everyone: false, pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null,
      author: { id: this.botId, ...BOT_USER },
    };
  }

  /** Waits for the final answer to an interaction (a deferred reply waits for its edit). */
  async answer(interactionId: string, timeoutMs = 5000): Promise<InteractionAnswer> {
    return this.waitFor(() => {
      const a = this.answers.get(interactionId);
      return a && (!a.deferred || a.data !== undefined) ? a : undefined;
    }, timeoutMs);
  }

  /** Closes the gateway connections and the server. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ─── gateway ───────────────────────────────────────────────────────────────

  private onSocket(ws: WebSocket, req: IncomingMessage, heartbeatMs: number): void {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    if (query.get('encoding') !== 'json' || query.has('compress')) {
      ws.close(4002, 'fake-discord supports encoding=json without compression only');
      return;
    }
    const state = { ws, seq: 0 };
    this.sockets.add(state);
    ws.on('close', () => this.sockets.delete(state));
    ws.on('message', (raw) => this.onFrame(state, JSON.parse(String(raw))));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: heartbeatMs }, s: null, t: null }));
  }

  private onFrame(state: { ws: WebSocket; seq: number }, frame: { op: number; d: any }): void {
    if (frame.op === 1) {
      this.heartbeats += 1;
      state.ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
    } else if (frame.op === 2) {
      this.identifies.push(frame.d);
      if (frame.d.token !== this.token) {
        state.ws.close(4004, 'Authentication failed.');
        return;
      }
      const sessionId = `session-${fakeSnowflake()}`;
      this.sessions.add(sessionId);
      this.send(state, 'READY', {
        v: 10, session_id: sessionId, resume_gateway_url: this.gatewayUrl,
        user: { id: this.botId, ...BOT_USER, verified: true, flags: 0, mfa_enabled: false },
        guilds: [...this.guilds.keys()].map((id) => ({ id, unavailable: true })),
        shard: [0, 1], application: { id: this.applicationId, flags: 0 },
      });
      for (const guild of this.guilds.values()) this.send(state, 'GUILD_CREATE', this.guildPayload(guild));
    } else if (frame.op === 6) {
      this.resumes.push(frame.d);
      if (frame.d.token === this.token && this.sessions.has(frame.d.session_id)) this.send(state, 'RESUMED', {});
      else state.ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
    }
    this.notify();
  }

  private dispatch(t: string, d: unknown): void {
    for (const state of this.sockets) this.send(state, t, d);
  }

  private send(state: { ws: WebSocket; seq: number }, t: string, d: unknown): void {
    state.seq += 1;
    state.ws.send(JSON.stringify({ op: 0, s: state.seq, t, d }));
  }

  private guildPayload(guild: FakeGuild): object {
    const botRoleId = `${guild.id.slice(0, -1)}9`;
    return {
      id: guild.id, name: guild.name, icon: null, owner_id: guild.ownerId ?? fakeSnowflake(),
      system_channel_id: guild.systemChannelId ?? null, member_count: guild.memberCount ?? 42,
      preferred_locale: guild.locale ?? 'fr', features: [], unavailable: false, large: false,
      joined_at: new Date().toISOString(), afk_channel_id: null, afk_timeout: 300, verification_level: 0,
      default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0, premium_tier: 0,
      roles: [
        { id: guild.id, name: '@everyone', permissions: String(guild.everyonePermissions ?? DEFAULT_EVERYONE),
          position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        { id: botRoleId, name: 'Vigie', permissions: String(guild.botPermissions ?? 0n),
          position: 1, color: 0, hoist: false, managed: true, mentionable: false, flags: 0 },
      ],
      members: [{ user: { id: this.botId, ...BOT_USER }, roles: [botRoleId], joined_at: new Date().toISOString(),
        deaf: false, mute: false, flags: 0 }],
      channels: guild.channels.map((c) => this.channelPayload(guild, c)),
      emojis: [], stickers: [], threads: [], presences: [], voice_states: [], stage_instances: [],
      guild_scheduled_events: [], soundboard_sounds: [],
    };
  }

  private channelPayload(guild: FakeGuild, c: FakeChannel): object {
    return {
      id: c.id, type: c.type ?? 0, guild_id: guild.id, name: c.name, position: 0, parent_id: null,
      permission_overwrites: c.overwrites ?? [], topic: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null,
    };
  }

  private botPermissionsIn(guild: FakeGuild | undefined): bigint {
    return guild ? (guild.everyonePermissions ?? DEFAULT_EVERYONE) | (guild.botPermissions ?? 0n) : 0n;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  // ─── REST ──────────────────────────────────────────────────────────────────

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const call: RecordedCall = {
      method: req.method ?? 'GET', path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''),
      query: Object.fromEntries(url.searchParams), body: text ? JSON.parse(text) : undefined,
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    try {
      const [status, body, headers] = this.route(call);
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    } finally {
      this.notify();
    }
  }

  private route(call: RecordedCall): [number, unknown, Record<string, string>?] {
    const { method, path } = call;
    const scripted = this.errors.find((e) => e.method === method && e.path.test(path) && e.times > 0);
    if (scripted) {
      scripted.times -= 1;
      return errorResponse(scripted.error);
    }
    const webhookRoute = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (!webhookRoute && call.authorization !== `Bot ${this.token}`) return [401, { message: '401: Unauthorized', code: 0 }];
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: this.gatewayUrl, shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }];
    }
    if (method === 'GET' && path === '/users/@me') return [200, { id: this.botId, ...BOT_USER }];
    if (method === 'DELETE' && (m = path.match(/^\/users\/@me\/guilds\/(\d+)$/))) {
      // The bot leaves a guild: Discord answers 204 and the gateway says GUILD_DELETE.
      if (!this.guilds.has(m[1]!)) return errorResponse({ status: 404, code: 10004, message: 'Unknown Guild' });
      this.leaveGuild(m[1]!);
      return [204, undefined];
    }
    if (method === 'GET' && path === '/applications/@me') return [200, { id: this.applicationId, name: 'Vigie', flags: 0 }];
    if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const scope = m[2] ?? 'global';
      if (method === 'PUT') {
        this.commands.set(scope, (call.body as any[]).map((c) => ({ ...c, id: fakeSnowflake(), application_id: m![1], version: '1' })));
      }
      return [200, this.commands.get(scope) ?? []];
    }
    if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/[^/]+\/callback$/))) {
      const deferred = call.body.type === 5;
      this.answers.set(m[1]!, { type: call.body.type, deferred, data: deferred ? undefined : call.body.data });
      return call.query.with_response === 'true' ? [200, { interaction: { id: m[1], type: 2 } }] : [204, undefined];
    }
    if (method === 'PATCH' && (m = path.match(/^\/webhooks\/\d+\/itoken-(\d+)\/messages\/@original$/))) {
      const answer = this.answers.get(m[1]!);
      if (!answer) return errorResponse({ status: 404, code: 10015, message: 'Unknown Webhook' });
      answer.data = call.body;
      return [200, this.message({ id: fakeSnowflake(), channel_id: fakeSnowflake(), ...call.body })];
    }
    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) return this.createMessage(m[1]!, call.body);
    if (method === 'PATCH' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const existing = this.messages.get(m[2]!);
      if (!this.channelExists(m[1]!)) return errorResponse(discordErrors.unknownChannel);
      if (!existing || existing.channel_id !== m[1]) return errorResponse({ status: 404, code: 10008, message: 'Unknown Message' });
      Object.assign(existing, call.body, { edited_timestamp: new Date().toISOString() });
      return [200, existing];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  private createMessage(channelId: string, body: any): [number, unknown, Record<string, string>?] {
    if (!this.channelExists(channelId)) return errorResponse(discordErrors.unknownChannel);
    if (body.enforce_nonce && body.nonce !== undefined) {
      const same = this.channelMessages(channelId).find((msg) => msg.nonce === body.nonce);
      if (same) return [200, same];
    }
    const msg = this.message({ id: fakeSnowflake(), channel_id: channelId, ...body });
    this.messages.set(msg.id, msg);
    return [200, msg];
  }

  private message(fields: any): any {
    return {
      type: 0, content: '', embeds: [], attachments: [], mentions: [], mention_roles: [], mention_everyone: false,
      tts: false, pinned: false, flags: 0, components: [], timestamp: new Date().toISOString(), edited_timestamp: null,
      author: { id: this.botId, ...BOT_USER }, ...fields,
    };
  }

  private channelExists(channelId: string): boolean {
    return [...this.guilds.values()].some((g) => g.channels.some((c) => c.id === channelId));
  }
}

function errorResponse(error: ScriptedError): [number, unknown, Record<string, string>] {
  if (error.status === 429) {
    const seconds = error.retryAfter ?? 0.05;
    return [429, { message: error.message ?? 'You are being rate limited.', retry_after: seconds, global: error.global ?? false }, {
      'retry-after': String(seconds), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(seconds), 'x-ratelimit-bucket': 'fakebucket', 'x-ratelimit-scope': 'user',
      ...(error.global ? { 'x-ratelimit-global': 'true' } : {}),
    }];
  }
  const body = error.code === undefined ? { message: error.message ?? 'error', code: 0 } : { message: error.message, code: error.code };
  return [error.status, body, {}];
}
