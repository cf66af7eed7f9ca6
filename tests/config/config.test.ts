import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, packageRoot } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/errors.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-config-'));
  cpSync(path.join(packageRoot(), 'config'), path.join(dir, 'config'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (env: NodeJS.ProcessEnv = {}) => loadConfig({ env, cwd: dir, configDir: path.join(dir, 'config') });

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.where}: ${i.message}`);
  }
  throw new Error('expected a ConfigError');
}

const feedsFile = () => path.join(dir, 'config', 'feeds.yaml');

describe('loadConfig', () => {
  it('loads the shipped configuration with at least 20 feeds and frozen values', () => {
    const config = load();
    expect(config.feeds.length).toBeGreaterThanOrEqual(20);
    expect(config.store.url).toBe('sqlite://data/vigie.sqlite');
    expect(config.poll.intervalMs).toBe(300_000);
    expect(config.fetch.maxBytes).toBe(5_000_000);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.feeds[0])).toBe(true);
    expect(config.platforms['telegram']).toBeUndefined();
  });

  it('applies STORE_URL, POLL_INTERVAL_SECONDS and LOG_LEVEL overrides', () => {
    const config = load({ STORE_URL: 'redis://127.0.0.1:6379', POLL_INTERVAL_SECONDS: '60', LOG_LEVEL: 'debug' });
    expect(config.store.url).toBe('redis://127.0.0.1:6379');
    expect(config.poll.intervalMs).toBe(60_000);
    expect(config.logLevel).toBe('debug');
  });

  it('reads .env from the working directory, under the real environment', () => {
    writeFileSync(path.join(dir, '.env'), 'POLL_INTERVAL_SECONDS=120\nLOG_LEVEL=warn\n');
    const config = load({ LOG_LEVEL: 'error' });
    expect(config.poll.intervalMs).toBe(120_000);
    expect(config.logLevel).toBe('error');
  });

  it('reads ALLOWED_CHATS as platform:id entries (spaces and a trailing comma tolerated); unset means open', () => {
    const tokens = { TELEGRAM_BOT_TOKEN: `123456:${'A'.repeat(35)}`, DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '123456789012345678' };
    expect(load(tokens).allowedChats).toBeUndefined();
    expect(load({ ...tokens, ALLOWED_CHATS: '' }).allowedChats).toBeUndefined();
    expect(load({ ...tokens, ALLOWED_CHATS: 'telegram:-1001234567890, discord:730000000000000001 ,telegram:8101,' }).allowedChats).toEqual([
      { platform: 'telegram', id: '-1001234567890' }, { platform: 'discord', id: '730000000000000001' }, { platform: 'telegram', id: '8101' },
    ]);
  });

  it('reports every bad ALLOWED_CHATS entry together, with its position', () => {
    const issues = issuesOf(() => load({
      TELEGRAM_BOT_TOKEN: `123456:${'A'.repeat(35)}`, ALLOWED_CHATS: '-100123,webhook:1,telegram:@soc,discord:7300,telegram:-100456',
    }));
    expect(issues).toEqual([
      'ALLOWED_CHATS: entry 1 "-100123": say which platform, e.g. telegram:-100123 or discord:-100123',
      'ALLOWED_CHATS: entry 2 "webhook:1": webhook is not a platform chats are added to (expected telegram or discord)',
      'ALLOWED_CHATS: entry 3 "telegram:@soc": expected <platform>:<id> with a numeric id (telegram or discord)',
      'ALLOWED_CHATS: entry 4 "discord:7300": discord is not configured (its token is missing)',
    ]);
    expect(issuesOf(() => load({ ALLOWED_CHATS: ' , ' }))).toEqual(['ALLOWED_CHATS: lists no chat (leave it unset for a bot open to every chat)']);
  });

  it('refuses an OPERATOR_CHAT on Telegram that ALLOWED_CHATS does not list (the bot would refuse its own operator chat)', () => {
    const env = { TELEGRAM_BOT_TOKEN: `123456:${'A'.repeat(35)}`, OPERATOR_CHAT: 'telegram:-100555' };
    expect(issuesOf(() => load({ ...env, ALLOWED_CHATS: 'telegram:-100777' }))).toEqual([
      'OPERATOR_CHAT: telegram:-100555 is not in ALLOWED_CHATS: add it, or the bot would refuse its own operator chat',
    ]);
    expect(load({ ...env, ALLOWED_CHATS: 'telegram:-100777,telegram:-100555' }).operatorChat).toEqual({ platform: 'telegram', chatId: '-100555' });
  });

  it('names the feed and field of a URL that is not http(s)', () => {
    const text = readFileSync(feedsFile(), 'utf8').replace('https://www.zataz.com/feed/', 'ftp://zataz.example/feed');
    writeFileSync(feedsFile(), text);
    const issues = issuesOf(() => load());
    const index = text.split('\n  - id:').findIndex((chunk) => chunk.includes('ftp://')) - 1;
    expect(issues).toContain(`config/feeds.yaml: feeds[${index}].url: not an http(s) URL`);
  });

  it('reports every problem at once, across files and variables', () => {
    writeFileSync(feedsFile(), 'feeds:\n  - id: Bad Id\n    name: ""\n    url: nope\n  - id: ok\n    name: OK\n    url: https://a.example/rss\n    interval: 5\n');
    const issues = issuesOf(() => load({ STORE_URL: 'mysql://x', POLL_INTERVAL_SECONDS: 'soon', LOG_LEVEL: 'loud' }));
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^config\/feeds\.yaml: feeds\[0\]\.id: /),
      expect.stringMatching(/^config\/feeds\.yaml: feeds\[0\]\.name: /),
      'config/feeds.yaml: feeds[0].url: not an http(s) URL',
      expect.stringMatching(/^config\/feeds\.yaml: feeds\[1\]\.interval: at least 60 seconds/),
      expect.stringMatching(/^STORE_URL: unsupported scheme "mysql:"/),
      expect.stringMatching(/^POLL_INTERVAL_SECONDS: "soon" is not a whole number/),
      expect.stringMatching(/^LOG_LEVEL: "loud" is not one of/),
    ]));
  });

  it('rejects a poll interval above one day, which would overflow the timer into a busy loop', () => {
    expect(issuesOf(() => load({ POLL_INTERVAL_SECONDS: '3000000' }))).toEqual(['POLL_INTERVAL_SECONDS: "3000000" is not a whole number of seconds from 10 to 86400 (one day)']);
    expect(load({ POLL_INTERVAL_SECONDS: '86400' }).poll.intervalMs).toBe(86_400_000);
    const defaults = path.join(dir, 'config', 'defaults.yaml');
    writeFileSync(defaults, readFileSync(defaults, 'utf8').replace(/intervalSeconds: \d+/, 'intervalSeconds: 3000000'));
    expect(issuesOf(() => load())).toEqual(['config/defaults.yaml: poll.intervalSeconds: at most 86400 seconds (one day)']);
  });

  it('refuses more than 5,000 feeds with the way out, and accepts 5,000', () => {
    const feeds = (n: number) => `feeds:\n${Array.from({ length: n }, (_, i) => `  - {id: f${i}, name: F, url: "https://f.example/${i}"}`).join('\n')}\n`;
    writeFileSync(feedsFile(), feeds(5_001));
    expect(issuesOf(() => load())).toEqual(['config/feeds.yaml: feeds: at most 5000 feeds per process: split them into several feeds files, one Vigie process each on the same store']);
    writeFileSync(feedsFile(), feeds(5_000));
    expect(load().feeds).toHaveLength(5_000);
  });

  it('rejects duplicate feed ids', () => {
    writeFileSync(feedsFile(), 'feeds:\n  - {id: a, name: A, url: "https://a.example/rss"}\n  - {id: a, name: B, url: "https://b.example/rss"}\n');
    expect(issuesOf(() => load())).toEqual(['config/feeds.yaml: feeds[1].id: duplicate feed id']);
  });

  it('rejects unknown keys, naming them', () => {
    writeFileSync(feedsFile(), 'feeds:\n  - {id: a, name: A, url: "https://a.example/rss", colour: red}\n');
    const issues = issuesOf(() => load());
    expect(issues.some((i) => i.startsWith('config/feeds.yaml: feeds[0]') && i.includes('colour'))).toBe(true);
  });

  it('reports invalid YAML with the file name', () => {
    writeFileSync(feedsFile(), 'feeds: [\n  - id: a\n');
    const issues = issuesOf(() => load());
    expect(issues[0]).toMatch(/^config\/feeds\.yaml: invalid YAML/);
  });

  it('reports a missing feeds file', () => {
    const issues = issuesOf(() => loadConfig({ env: {}, cwd: dir, configDir: path.join(dir, 'config'), feedsFile: 'nowhere.yaml' }));
    expect(issues).toContain('nowhere.yaml: cannot be read (ENOENT)');
  });

  it('checks platform variables without echoing tokens', () => {
    const issues = issuesOf(() => load({ TELEGRAM_BOT_TOKEN: 'secret-but-wrong', DISCORD_TOKEN: 'x'.repeat(40), TELEGRAM_API_ROOT: 'nope' }));
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^TELEGRAM_BOT_TOKEN: does not look like a bot token/),
      expect.stringMatching(/^DISCORD_APPLICATION_ID: required with DISCORD_TOKEN/),
      'TELEGRAM_API_ROOT: not an http(s) URL',
    ]));
    expect(issues.join('\n')).not.toContain('secret-but-wrong');
  });

  it('requires a webhook secret of 16+ safe characters with TELEGRAM_WEBHOOK_URL, never echoing it', () => {
    const base = { TELEGRAM_BOT_TOKEN: `123456:${'A'.repeat(35)}`, TELEGRAM_WEBHOOK_URL: 'https://bot.example/hook' };
    expect(issuesOf(() => load(base))).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL/)]);
    const short = issuesOf(() => load({ ...base, TELEGRAM_WEBHOOK_SECRET: 'tiny-7' }));
    expect(short).toEqual(['TELEGRAM_WEBHOOK_SECRET: use 16–256 characters among A-Z, a-z, 0-9, _ and -']);
    const config = load({ ...base, TELEGRAM_WEBHOOK_SECRET: 'a-long_enough-Secret-42' });
    expect(config.platforms['telegram']).toMatchObject({ webhook: { url: 'https://bot.example/hook', port: 8443, secretToken: 'a-long_enough-Secret-42' } });
  });

  it('accepts a well-formed Telegram and Discord setup', () => {
    const config = load({
      TELEGRAM_BOT_TOKEN: `123456:${'A'.repeat(35)}`, TELEGRAM_API_ROOT: 'http://127.0.0.1:9999/',
      DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '123456789012345678',
    });
    expect(config.platforms['telegram']).toMatchObject({ apiRoot: 'http://127.0.0.1:9999' });
    expect(config.platforms['discord']).toMatchObject({ applicationId: '123456789012345678' });
  });

  it('names the defaults file and key of a bad default', () => {
    const file = path.join(dir, 'config', 'defaults.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxRedirects: 5', 'maxRedirects: many'));
    const issues = issuesOf(() => load());
    expect(issues.some((i) => i.startsWith('config/defaults.yaml: fetch.maxRedirects:'))).toBe(true);
  });
});
