/** Starts a real, fully wired Vigie (createApp) on a temp directory, for pipeline and e2e tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { Clock, Logger } from '../../src/ports.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { silentLogger } from './builders.js';

/** A running test app and what it printed on its console platform. */
export interface TestApp {
  app: App;
  config: Config;
  /** Everything the console platform printed so far. */
  output(): string;
  close(): Promise<void>;
}

/** A temp directory removed by the returned function. */
export function tempDir(prefix = 'vigie-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The shipped configuration with the given feeds, store and environment, validated like at startup. */
export function testConfig(options: { feeds: FeedConfig[]; storeUrl: string; env?: NodeJS.ProcessEnv; cwd: string; overrides?: Partial<Config> }): Config {
  const base = loadConfig({ env: { STORE_URL: options.storeUrl, ...options.env }, cwd: options.cwd });
  // No worker threads unless a test asks (POLL_THREADS or overrides): each pool costs a thread start-up.
  const poll = options.env?.['POLL_THREADS'] === undefined ? { ...base.poll, threads: 0 } : base.poll;
  return { ...base, feeds: options.feeds, poll, fetch: { ...base.fetch, timeoutMs: 5000 }, ...options.overrides } as Config;
}

/** Builds the app; console output is captured unless a chat platform is configured. */
export async function startTestApp(options: {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  console?: boolean;
}): Promise<TestApp> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const app = await createApp({
    config: options.config,
    logger: options.logger ?? silentLogger,
    stdout: out,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.console !== undefined ? { console: options.console } : {}),
  });
  return { app, config: options.config, output: () => printed, close: () => app.close() };
}

/** An RSS 2.0 document with the given items (dates as epoch ms). */
export function rss(title: string, items: { title: string; link: string; description: string; date?: number; guid?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items.map((i) => `  <item>
    <title>${esc(i.title)}</title>
    <link>${esc(i.link)}</link>
    <guid>${esc(i.guid ?? i.link)}</guid>
    <description>${esc(i.description)}</description>
    ${i.date !== undefined ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ''}
  </item>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.fr/</link><description>test</description>
${body}
</channel></rss>`;
}
