/** `vigie demo`: one real poll cycle over bundled sample feeds served on 127.0.0.1. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createApp } from '../app.js';
import { vocabulary } from '../core/vocabulary/index.js';
import { loadConfig, packageRoot, type Config } from '../config/index.js';
import { fallbackOnly } from '../config/platforms.js';
import { startDemoServer, type DemoFeedFile } from '../demo/server.js';
import { createLogger } from '../logger.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './commands.js';

/** Runs the demo; exit code 0 when the cycle ran (feed errors included: they are part of the show). */
export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', argv, { store: { type: 'string' } });
  const env = { ...io.env, STORE_URL: values.store ?? io.env.VIGIE_DEMO_STORE_URL ?? 'sqlite://data/demo.sqlite' };
  const base = loadConfig({ env, cwd: io.cwd });
  const dir = path.join(packageRoot(), 'demo');
  const files = (parseYaml(readFileSync(path.join(dir, 'demo.yaml'), 'utf8')) as { feeds: DemoFeedFile[] }).feeds;
  const now = () => Date.now();
  const server = await startDemoServer(path.join(dir, 'feeds'), files, now);
  const logger = createLogger(base.logLevel === 'info' ? 'warn' : base.logLevel, io.stderr);
  const config: Config = {
    ...base,
    // The alerts are printed on the console, never posted to a chat configured for the bot.
    platforms: fallbackOnly(base.platforms),
    feeds: files.map((f) => ({ id: f.id, name: f.name, url: `${server.baseUrl}/${f.id}.xml`, tags: ['demo'] })),
    fetch: { ...base.fetch, timeoutMs: 5000 },
  } as Config;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    // Inside the try: a store that cannot be opened must still close the feed server, or the process hangs.
    app = await createApp({ config, logger, stdout: io.stdout, console: true });
    const v = vocabulary('fr');
    io.stdout.write(`${v.demoIntro(config.feeds.length, server.baseUrl)}\n`);
    const report = await app.runOnce(io.signal ?? new AbortController().signal, { force: true });
    if (io.signal?.aborted) {
      io.stderr.write('vigie demo: stopped\n');
      return 130;
    }
    if (!report) {
      io.stderr.write('vigie demo: the cycle failed (see the log above)\n');
      return 1;
    }
    io.stdout.write(`\n${v.demoSummary(report)}\n`);
    const known = report.duplicates + report.seen + report.unchanged;
    if (report.alerts === 0 && known > 0) io.stdout.write(`${v.demoNothingNew}\n`);
    return 0;
  } finally {
    await app?.close();
    await server.close();
  }
}
