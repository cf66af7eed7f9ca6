/**
 * A fake Telegram Bot API server for tests and benches: real HTTP on 127.0.0.1, real Bot API JSON
 * (`/bot<token>/<method>`), long-polled getUpdates, recorded calls, scripted failures, Telegram's HTML
 * rules and (optionally) its flood limits answered with 429.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';
/** A chat as the Bot API describes it. */
export interface FakeChat { id: number; type: ChatType; title?: string; first_name?: string }
/** A user as the Bot API describes it. */
export interface FakeUser { id: number; is_bot: boolean; first_name: string; username?: string }
/** One API call the fake answered. */
export interface RecordedCall { method: string; payload: Json; at: number; ok: boolean; errorCode?: number; description?: string; result?: unknown }
/** A failure answered to the next matching call(s). */
export interface ScriptedFailure { method?: string; chatId?: number; code: number; description: string; retryAfter?: number; migrateTo?: number; times?: number }
/** Telegram's flood limits; exceeding one answers 429 with `retry_after`. */
export interface FakeLimits { perChatMs: number; groupPerMinute: number; globalPerSecond: number }
/** The limits Telegram documents for bots. */
export const TELEGRAM_LIMITS: FakeLimits = { perChatMs: 1000, groupPerMinute: 20, globalPerSecond: 30 };

/** Telegram's anonymous group administrator. */
export const ANONYMOUS_ADMIN: FakeUser = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
const SEND_METHODS = new Set(['sendMessage', 'editMessageText']);
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'span', 'tg-spoiler', 'tg-emoji', 'blockquote']);

/** Checks text against Telegram's HTML parse mode; returns the Bot API error description or undefined. */
export function telegramHtmlError(html: string): string | undefined {
  const stack: string[] = [];
  let visible = 0;
  for (let i = 0; i < html.length;) {
    const ch = html[i]!;
    if (ch === '<') {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/.exec(html.slice(i, i + 2100));
      if (!m) return `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}`;
      const [all, close, name, attrs] = m as unknown as [string, string, string, string];
      const tag = name.toLowerCase();
      if (!ALLOWED_TAGS.has(tag)) return `Bad Request: can't parse entities: Unsupported start tag "${tag}" at byte offset ${i}`;
      if (close) {
        if (stack.pop() !== tag) return `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${tag}>"`;
      } else {
        if (tag === 'a' && !/\shref="[^"]+"/.test(attrs)) return "Bad Request: can't parse entities: a tag without href";
        stack.push(tag);
      }
      i += all.length;
    } else if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i, i + 12));
      if (!m) return `Bad Request: can't parse entities: Character '&' is reserved and must be escaped at byte offset ${i}`;
      visible += 1;
      i += m[0].length;
    } else if (ch === '>') {
      return `Bad Request: can't parse entities: Character '>' is reserved and must be escaped at byte offset ${i}`;
    } else {
      visible += 1;
      i += 1;
    }
  }
  if (stack.length > 0) return `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`;
  if (visible === 0) return 'Bad Request: message text is empty';
  if (visible > 4096) return 'Bad Request: message is too long';
  return undefined;
}

class ApiFailure extends Error {
  constructor(readonly code: number, readonly description: string, readonly parameters?: Json) { super(description); }
}

/** The fake server. Start with `FakeTelegram.start()`, point grammY's `apiRoot` at `apiRoot`. */
export class FakeTelegram {
  readonly bot: FakeUser;
  readonly calls: RecordedCall[] = [];
  readonly stats = { tooManyRequests: 0, accepted: 0 };
  webhook: { url: string; secretToken?: string } | undefined;
  /** getUpdates requests currently held open (long polling). */
  pollsWaiting = 0;
  private readonly events = new EventEmitter();
  private readonly updates: Json[] = [];
  private nextUpdateId = 1;
  private readonly members = new Map<string, string>();
  /** Chats seen in updates, for the update a leaveChat makes. */
  private readonly chats = new Map<number, FakeChat>();
  private readonly messages = new Map<number, Map<number, string>>();
  private readonly gone = new Map<number, ApiFailure>();
  private readonly failures: ScriptedFailure[] = [];
  private readonly lastToChat = new Map<number, number>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly groupTimes = new Map<number, number[]>();
  private globalTimes: number[] = [];
  private myCommands: Json[] = [];

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly apiRoot: string,
    private readonly options: { limits?: FakeLimits; record: boolean; now: () => number },
  ) {
    this.bot = { id: 7000001, is_bot: true, first_name: 'Vigie', username: 'VigieTestBot' };
    this.events.setMaxListeners(0);
  }

  /** Starts a fake on 127.0.0.1 and a free port. `record: false` keeps memory flat in benches. */
  static async start(options: { token?: string; limits?: FakeLimits; record?: boolean; now?: () => number } = {}): Promise<FakeTelegram> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeTelegram(server, options.token ?? '123456:TEST-token_secret', `http://127.0.0.1:${port}`, {
      limits: options.limits, record: options.record ?? true, now: options.now ?? Date.now,
    });
    server.on('request', (req, res) => void fake.onRequest(req, res));
    return fake;
  }

  /** Stops the server, answering pending long polls with no updates. */
  async close(): Promise<void> {
    this.events.emit('closing');
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ─── Test controls ─────────────────────────────────────────────────────────

  /** Queues an update (update_id assigned) for getUpdates, or POSTs it to the webhook when one is set. */
  pushUpdate(update: Json): number {
    const chat = (update.message ?? update.channel_post ?? update.my_chat_member)?.chat as FakeChat | undefined;
    if (chat) this.chats.set(chat.id, chat);
    const full = { update_id: this.nextUpdateId++, ...update };
    if (this.webhook) void this.postToWebhook(full);
    else { this.updates.push(full); this.events.emit('update'); }
    return full.update_id as number;
  }

  /** A user writes `text` in a chat (bot commands get their entity). Returns the message id. */
  message(chat: FakeChat, from: FakeUser, text: string, extra: Json = {}): number {
    const id = this.nextMessageId(chat.id);
    const cmd = /^\/\S+/.exec(text);
    const entities = cmd ? [{ type: 'bot_command', offset: 0, length: cmd[0].length }] : undefined;
    const senderChat = from.id === ANONYMOUS_ADMIN.id ? { sender_chat: chat } : {};
    this.pushUpdate({ message: { message_id: id, date: this.seconds(), chat, from, text, entities, ...senderChat, ...extra } });
    return id;
  }

  /** A post in a channel (no `from`; the channel itself is the sender). */
  channelPost(chat: FakeChat, text: string): number {
    const id = this.nextMessageId(chat.id);
    const cmd = /^\/\S+/.exec(text);
    const entities = cmd ? [{ type: 'bot_command', offset: 0, length: cmd[0].length }] : undefined;
    this.pushUpdate({ channel_post: { message_id: id, date: this.seconds(), chat, sender_chat: chat, text, entities } });
    return id;
  }

  /** The bot's status in a chat changes (`member`, `administrator`, `left`, `kicked`). */
  botStatus(chat: FakeChat, by: FakeUser, oldStatus: string, newStatus: string): number {
    if (newStatus === 'left' || newStatus === 'kicked') this.gone.set(chat.id, goneFailure(chat));
    else this.gone.delete(chat.id);
    const member = (status: string): Json => ({ user: this.bot, status, ...(status === 'administrator' ? { can_be_edited: false, can_post_messages: true, is_anonymous: false } : {}) });
    return this.pushUpdate({ my_chat_member: { chat, from: by, date: this.seconds(), old_chat_member: member(oldStatus), new_chat_member: member(newStatus) } });
  }

  /** A group becomes a supergroup: the service message with `migrate_to_chat_id`; sends to the old id fail. */
  migrate(group: FakeChat, to: FakeChat, by: FakeUser): void {
    this.message(group, by, '', { text: undefined, migrate_to_chat_id: to.id });
    this.gone.set(group.id, new ApiFailure(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: to.id }));
  }

  /** Sets a user's status in a chat for getChatMember (default `member`). */
  setMember(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  /** Makes every later send to the chat fail like Telegram does for a chat the bot lost. */
  loseChat(chatId: number, code: number, description: string): void { this.gone.set(chatId, new ApiFailure(code, description)); }

  /** Answers the next matching call(s) with an error (e.g. 429 with retry_after, 403, 400). */
  failNext(failure: ScriptedFailure): void { this.failures.push({ times: 1, ...failure }); }

  /** Recorded calls of one method, optionally only accepted ones. */
  callsOf(method: string, onlyOk = false): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (!onlyOk || c.ok));
  }

  /** Accepted sendMessage calls to one chat. */
  sentTo(chatId: number | string): RecordedCall[] {
    return this.callsOf('sendMessage', true).filter((c) => String(c.payload.chat_id) === String(chatId));
  }

  /** Current text of a message the bot sent (after edits). */
  messageText(chatId: number, messageId: number): string | undefined { return this.messages.get(chatId)?.get(messageId); }

  /** Commands registered with setMyCommands, per language code ('' = default). */
  commands(): Json[] { return this.myCommands; }

  /** Resolves with the first call (already made or coming) that matches, or rejects after `timeoutMs`. */
  waitForCall(match: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall): void => { if (match(call)) { done(); resolve(call); } };
      const timer = setTimeout(() => { done(); reject(new Error('fake-telegram: no matching call before timeout')); }, timeoutMs);
      const done = (): void => { clearTimeout(timer); this.events.off('call', onCall); };
      this.events.on('call', onCall);
    });
  }

  // ─── HTTP ──────────────────────────────────────────────────────────────────

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url?.split('?')[0] ?? '');
    const body = await readBody(req);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    let payload: Json = {};
    try { payload = body.length > 0 ? JSON.parse(body) as Json : {}; } catch { return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' }); }
    try {
      const result = method === 'getUpdates' ? await this.getUpdates(payload, res) : this.call(method, payload);
      this.record({ method, payload, at: this.options.now(), ok: true, result });
      reply(res, 200, { ok: true, result });
    } catch (err) {
      const f = err instanceof ApiFailure ? err : new ApiFailure(500, `Internal Server Error: ${String(err)}`);
      if (f.code === 429) this.stats.tooManyRequests += 1;
      this.record({ method, payload, at: this.options.now(), ok: false, errorCode: f.code, description: f.description });
      reply(res, f.code, { ok: false, error_code: f.code, description: f.description, ...(f.parameters ? { parameters: f.parameters } : {}) });
    }
  }

  private record(call: RecordedCall): void {
    if (this.options.record) this.calls.push(call);
    this.events.emit('call', call);
  }

  private call(method: string, p: Json): unknown {
    this.scripted(method, p);
    switch (method) {
      case 'getMe': return this.bot;
      case 'sendMessage': return this.sendMessage(p);
      case 'editMessageText': return this.editMessageText(p);
      case 'getChatMember': return { user: { id: p.user_id, is_bot: false, first_name: 'U' }, status: this.members.get(`${p.chat_id}:${p.user_id}`) ?? 'member' };
      case 'getChatAdministrators': return [...this.members].filter(([k, s]) => k.startsWith(`${p.chat_id}:`) && (s === 'creator' || s === 'administrator'))
        .map(([k, status]) => ({ status, user: { id: Number(k.split(':')[1]), is_bot: false, first_name: 'A' } }));
      case 'setMyCommands': return this.setMyCommands(p);
      case 'setWebhook': this.webhook = { url: String(p.url), ...(p.secret_token ? { secretToken: String(p.secret_token) } : {}) }; return true;
      case 'deleteWebhook': this.webhook = undefined; if (p.drop_pending_updates) this.updates.length = 0; return true;
      case 'getWebhookInfo': return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.updates.length };
      case 'answerCallbackQuery': return true;
      case 'leaveChat': return this.leaveChat(p);
      default: throw new ApiFailure(404, 'Not Found: method not found');
    }
  }

  private scripted(method: string, p: Json): void {
    const i = this.failures.findIndex((f) => (f.method ?? method) === method && (f.chatId === undefined || String(f.chatId) === String(p.chat_id)));
    if (i < 0) return;
    const f = this.failures[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.failures.splice(i, 1);
    const params = { ...(f.retryAfter !== undefined ? { retry_after: f.retryAfter } : {}), ...(f.migrateTo !== undefined ? { migrate_to_chat_id: f.migrateTo } : {}) };
    throw new ApiFailure(f.code, f.description, Object.keys(params).length > 0 ? params : undefined);
  }

  /**
   * leaveChat as Telegram answers it: a private chat cannot be left (400); a chat the bot is no longer
   * in answers 403; otherwise the bot leaves, later sends fail and a my_chat_member update says so.
   */
  private leaveChat(p: Json): true {
    const chatId = Number(p.chat_id);
    if (chatId > 0) throw new ApiFailure(400, "Bad Request: chat member status can't be changed in private chats");
    const gone = this.gone.get(chatId);
    if (gone) throw gone;
    const chat = this.chats.get(chatId) ?? { id: chatId, type: 'supergroup' };
    this.gone.set(chatId, new ApiFailure(403, `Forbidden: bot is not a member of the ${chat.type} chat`));
    const member = (status: string): Json => ({ user: this.bot, status });
    this.pushUpdate({ my_chat_member: { chat, from: this.bot, date: this.seconds(), old_chat_member: member('member'), new_chat_member: member('left') } });
    return true;
  }

  private sendMessage(p: Json): Json {
    const chatId = Number(p.chat_id);
    const gone = this.gone.get(chatId);
    if (gone) throw gone;
    const text = String(p.text ?? '');
    const htmlError = p.parse_mode === 'HTML' ? telegramHtmlError(text) : text.length === 0 ? 'Bad Request: message text is empty' : undefined;
    if (htmlError) throw new ApiFailure(400, htmlError);
    const replyTo = p.reply_parameters?.message_id as number | undefined;
    if (replyTo !== undefined && !this.messages.get(chatId)?.has(replyTo) && !p.reply_parameters?.allow_sending_without_reply) {
      throw new ApiFailure(400, 'Bad Request: message to be replied not found');
    }
    this.flood(chatId);
    const id = this.nextMessageId(chatId);
    if (this.options.record) this.messages.get(chatId)!.set(id, text);
    this.stats.accepted += 1;
    return { message_id: id, date: this.seconds(), chat: { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' }, text };
  }

  private editMessageText(p: Json): Json {
    const chatId = Number(p.chat_id);
    const gone = this.gone.get(chatId);
    if (gone) throw gone;
    const previous = this.messages.get(chatId)?.get(Number(p.message_id));
    if (previous === undefined) throw new ApiFailure(400, 'Bad Request: message to edit not found');
    const text = String(p.text ?? '');
    const htmlError = p.parse_mode === 'HTML' ? telegramHtmlError(text) : undefined;
    if (htmlError) throw new ApiFailure(400, htmlError);
    if (previous === text) throw new ApiFailure(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    this.flood(chatId);
    this.messages.get(chatId)!.set(Number(p.message_id), text);
    this.stats.accepted += 1;
    return { message_id: Number(p.message_id), date: this.seconds(), chat: { id: chatId, type: 'private' }, text };
  }

  /** Enforces the flood limits, when configured, and records an accepted message. */
  private flood(chatId: number): void {
    const limits = this.options.limits;
    if (!limits) return;
    const now = this.options.now();
    const tooMany = (waitMs: number): ApiFailure => new ApiFailure(429, `Too Many Requests: retry after ${Math.ceil(waitMs / 1000)}`, { retry_after: Math.max(1, Math.ceil(waitMs / 1000)) });
    this.globalTimes = this.globalTimes.filter((t) => now - t < 1000);
    if (this.globalTimes.length >= limits.globalPerSecond) throw tooMany(this.globalTimes[0]! + 1000 - now);
    const last = this.lastToChat.get(chatId);
    if (last !== undefined && now - last < limits.perChatMs) throw tooMany(last + limits.perChatMs - now);
    const group = chatId < 0 ? (this.groupTimes.get(chatId) ?? []).filter((t) => now - t < 60_000) : [];
    if (group.length >= limits.groupPerMinute) throw tooMany(group[0]! + 60_000 - now);
    this.globalTimes.push(now);
    this.lastToChat.set(chatId, now);
    if (chatId < 0) this.groupTimes.set(chatId, [...group, now]);
  }

  private setMyCommands(p: Json): true {
    const commands = (p.commands ?? []) as Json[];
    if (commands.length > 100) throw new ApiFailure(400, 'Bad Request: too many commands');
    for (const c of commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(String(c.command))) throw new ApiFailure(400, 'Bad Request: BOT_COMMAND_INVALID');
      const d = String(c.description ?? '');
      if (d.length < 1 || d.length > 256) throw new ApiFailure(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    }
    this.myCommands = [...this.myCommands.filter((e) => e.language_code !== (p.language_code ?? '')), { language_code: p.language_code ?? '', commands }];
    return true;
  }

  private async getUpdates(p: Json, res: ServerResponse): Promise<Json[]> {
    if (this.webhook) throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    if (offset > 0) while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    const take = (): Json[] => this.updates.slice(0, Math.min(Math.max(Number(p.limit ?? 100), 1), 100));
    const timeoutMs = Number(p.timeout ?? 0) * 1000;
    if (this.updates.length > 0 || timeoutMs <= 0) return take();
    this.pollsWaiting += 1;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.pollsWaiting -= 1;
        clearTimeout(timer);
        this.events.off('update', done); this.events.off('closing', done); res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.events.on('update', done); this.events.on('closing', done); res.on('close', done);
    });
    return take();
  }

  private async postToWebhook(update: Json): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.webhook?.secretToken) headers['x-telegram-bot-api-secret-token'] = this.webhook.secretToken;
    try {
      const res = await fetch(this.webhook!.url, { method: 'POST', headers, body: JSON.stringify(update) });
      await res.arrayBuffer();
      this.events.emit('call', { method: '(webhook)', payload: update, at: this.options.now(), ok: res.ok, errorCode: res.status });
    } catch (err) {
      this.events.emit('call', { method: '(webhook)', payload: update, at: this.options.now(), ok: false, description: String(err) });
    }
  }

  private nextMessageId(chatId: number): number {
    let chat = this.messages.get(chatId);
    if (!chat) { chat = new Map(); this.messages.set(chatId, chat); }
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    if (this.options.record) chat.set(id, '');
    return id;
  }

  private seconds(): number { return Math.floor(this.options.now() / 1000); }
}

function goneFailure(chat: FakeChat): ApiFailure {
  if (chat.type === 'private') return new ApiFailure(403, 'Forbidden: bot was blocked by the user');
  if (chat.type === 'channel') return new ApiFailure(403, 'Forbidden: bot is not a member of the channel chat');
  return new ApiFailure(403, `Forbidden: bot was kicked from the ${chat.type} chat`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).once('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).once('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: Json): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Child-process entry for benches: serves until stdin closes; prints `{"apiRoot","token"}` then stats on exit. */
export async function serveStandalone(): Promise<void> {
  const fake = await FakeTelegram.start({ limits: TELEGRAM_LIMITS, record: false });
  process.stdout.write(`${JSON.stringify({ apiRoot: fake.apiRoot, token: fake.token })}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  process.stdout.write(`${JSON.stringify(fake.stats)}\n`);
  await fake.close();
}
