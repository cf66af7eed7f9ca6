/**
 * Shared pieces of the end-to-end tests: a whole Vigie built by `createApp` on a real SQLite file in
 * a temp directory, fed by a local feed server, with a clock that can jump forward so feeds fall due
 * again without touching the store; plus realistic French incidents to serve.
 */
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import type { App } from '../../src/app.js';
import type { Clock } from '../../src/ports.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { rss, startTestApp, tempDir, testConfig } from '../helpers/app.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { startFeedServer, type FeedRoute, type FeedServer } from '../helpers/feed-server.js';

/** A bot token of the shape Telegram issues (digits, colon, 35 characters), accepted by the config. */
export const TELEGRAM_TOKEN = '123456:AAE2e-Vigie_test_token_0123456789ab';
/** A Discord bot token long enough for the config check. */
export const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-vigie.fake_discord_token_0123';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Real time plus an offset the test moves forward ("ten minutes later"); never goes back. */
export class ShiftedClock implements Clock {
  private offset = 0;
  // An arrow, so that `clock.now` passed around unbound still works.
  readonly now = (): number => Date.now() + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** One news item as served in an RSS feed (HTML fields, dates in epoch ms). */
export interface FeedItem { title: string; link: string; description: string; date: number; guid?: string }

/** A hospital hit by ransomware: a cyberattack that matches the keyword « hôpital ». */
export function hospitalAttack(now = Date.now()): FeedItem {
  return {
    title: 'Cyberattaque : l’hôpital de Valbonne-sur-Loir paralysé par un rançongiciel',
    link: 'https://presse-regionale.example/2024/valbonne-hopital-cyberattaque',
    description: 'L’hôpital de Valbonne-sur-Loir est victime depuis mardi d’une attaque par rançongiciel. '
      + 'Les urgences fonctionnent en mode dégradé et les consultations sont reportées, indique la direction.',
    date: now - HOUR,
  };
}

/** A town hall hit by a cyberattack: matches neither « hôpital » nor « Marseille ». */
export function townHallAttack(now = Date.now()): FeedItem {
  return {
    title: 'La mairie de Saint-Aubin-des-Prés visée par une cyberattaque, l’état civil à l’arrêt',
    link: 'https://presse-regionale.example/2024/saint-aubin-mairie-cyberattaque',
    description: 'La mairie de Saint-Aubin-des-Prés a subi une intrusion dans son système informatique. '
      + 'Les services de l’état civil et de l’urbanisme sont fermés depuis lundi, selon le maire.',
    date: now - 30 * MINUTE,
  };
}

/**
 * A cyberattack story whose text is hostile: markup, a stray ampersand, mass mentions, markdown and
 * a 10,000-character description. The word « hôpital » is in the title.
 */
export function hostileAttack(now = Date.now()): FeedItem {
  const filler = 'Les urgences fonctionnent en mode dégradé et les équipes informatiques travaillent avec l’ANSSI '
    + 'pour rétablir les systèmes, service par service. ';
  // Feed fields are HTML: `&lt;script&gt;` is the literal text « <script> » once decoded, a real <script> element is dropped.
  let long = '<p>L’hôpital de Montclar est victime depuis lundi d’une cyberattaque par rançongiciel, a confirmé la direction '
    + '&amp; @everyone @here <@&123456789012345678> &lt;script&gt;alert(2)&lt;/script&gt; **urgent** R&D.</p>'
    + '<script>alert(3)</script><p>';
  while (long.length < 10_000) long += filler;
  return {
    // Over 300 characters with markdown everywhere: escaping makes it longer still than Discord's 256.
    title: 'Cyberattaque : l’hôpital de Montclar &lt;script&gt;alert(1)&lt;/script&gt; @everyone & **rançongiciel** [lien](https://evil.example) '
      + '— les __urgences__ *fermées*, les ~~consultations~~ `reportées`, les ||patients|| transférés '.repeat(4),
    link: 'https://presse-regionale.example/2024/montclar-hopital-cyberattaque',
    description: `${long.slice(0, 9_996)}</p>`,
    date: now - 20 * MINUTE,
  };
}

/** A wired Vigie with its platforms started. */
export interface RunningVigie {
  app: App;
  /** One poll cycle, then delivery of everything due. */
  cycle(): ReturnType<App['runOnce']>;
  /** Runs the delivery loop in the background until `close` (for retries that fall due later). */
  deliverInBackground(): void;
  /** Stops the platforms and the loops, closes the store. */
  close(): Promise<void>;
}

/** A temp directory, a feed server and the Vigies started on them; `close()` tears everything down. */
export class E2eHarness {
  readonly clock = new ShiftedClock();
  private readonly tmp = tempDir('vigie-e2e-');
  private readonly running = new Set<RunningVigie>();

  private constructor(readonly feeds: FeedServer) {}

  /** Starts a feed server with the given routes. */
  static async start(routes: Record<string, FeedRoute> = {}): Promise<E2eHarness> {
    return new E2eHarness(await startFeedServer(routes));
  }

  /** Serves `items` at `/<id>.xml`. */
  serve(id: string, items: FeedItem[]): void {
    this.feeds.route(`/${id}.xml`, { body: rss(`Flux ${id}`, items) });
  }

  /** The config entry of a feed served by this harness. */
  feed(id: string): FeedConfig {
    return { id, name: `Presse ${id}`, url: this.feeds.url(`/${id}.xml`), tags: [] };
  }

  /** Builds the whole app on `store.sqlite` in the temp dir with `env` (platform tokens) and starts its platforms. */
  async vigie(env: NodeJS.ProcessEnv, feedIds: string[]): Promise<RunningVigie> {
    const config = testConfig({
      feeds: feedIds.map((id) => this.feed(id)),
      storeUrl: `sqlite://${path.join(this.tmp.dir, 'store.sqlite')}`,
      env,
      cwd: this.tmp.dir,
    });
    // E2E_LOG=debug shows the app's logs when a test needs explaining; silent otherwise.
    const level = process.env.E2E_LOG;
    const { app } = await startTestApp({ config, clock: this.clock, ...(level ? { logger: pino({ level }) } : {}) });
    const controller = new AbortController();
    let background: Promise<void> | undefined;
    let closed: Promise<void> | undefined;
    const vigie: RunningVigie = {
      app,
      cycle: () => app.runOnce(controller.signal),
      deliverInBackground: () => {
        background ??= app.delivery.run(controller.signal);
      },
      close: () => {
        closed ??= (async () => {
          controller.abort();
          await background;
          await app.close();
          this.running.delete(vigie);
        })();
        return closed;
      },
    };
    this.running.add(vigie);
    try {
      await app.startPlatforms(controller.signal);
    } catch (error) {
      await vigie.close();
      throw error;
    }
    return vigie;
  }

  /** Closes every Vigie still running, the feed server and the temp directory. */
  async close(): Promise<void> {
    for (const vigie of [...this.running]) await vigie.close();
    await this.feeds.close();
    this.tmp.remove();
  }
}

/**
 * Gives each test of the calling file a fresh harness and a fake Bot API server accepting
 * TELEGRAM_TOKEN (handed to `use` before the test), and closes both after it.
 */
export function eachTelegramE2e(use: (harness: E2eHarness, fake: FakeTelegram) => void): void {
  let opened: [E2eHarness, FakeTelegram] | undefined;
  beforeEach(async () => {
    opened = [await E2eHarness.start(), await FakeTelegram.start({ token: TELEGRAM_TOKEN })];
    use(...opened);
  });
  afterEach(async () => {
    const [harness, fake] = opened!;
    await harness.close();
    await fake.close();
  });
}
