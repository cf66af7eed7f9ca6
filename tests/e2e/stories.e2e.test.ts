/**
 * One incident, one alert — end to end, on every store and chat platform: the app built by
 * `createApp` (real grammY / discord.js clients against the fakes, real feed server, real SQLite
 * file or Redis database) links outlets into one story, edits the original alert, replies to it
 * when the story changes, and holds alerts back for a daily digest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextDigestAt } from '../../src/core/digest.js';
import { acquireRedisLock } from '../helpers/redis-lock.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';
import {
  discordSide, StoryHarness, STORIES_REDIS_DB, telegramSide, type ChatSide, type Outlet, type StoreKind, type StoryVigie,
} from './stories-support.js';
import type { FeedItem } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const OUEST: Outlet = { id: 'ouest-matin', name: 'Ouest Matin' };
const BOCAGE: Outlet = { id: 'radio-bocage', name: 'Radio Bocage' };
const COURRIER: Outlet = { id: 'courrier-marches', name: 'Le Courrier des Marches' };
const CYBER: Outlet = { id: 'cyber-hebdo', name: 'Cyber Hebdo' };
const CAUSSE: Outlet = { id: 'journal-causse', name: 'Le Journal du Causse' };
const OUTLETS = [OUEST, BOCAGE, COURRIER, CYBER, CAUSSE];

/** A hospital hit by ransomware, told by three outlets, then claimed by a named group. */
const hospital = {
  first: (now: number): FeedItem => ({
    title: 'Le centre hospitalier de Saint-Sornin frappé par une cyberattaque, les urgences en mode dégradé',
    link: 'https://ouest-matin.example/region/saint-sornin-hopital-cyberattaque',
    description: 'Le centre hospitalier de Saint-Sornin est la cible depuis samedi soir d’une attaque par rançongiciel. '
      + 'Les urgences fonctionnent en mode dégradé et plusieurs opérations programmées ont été reportées, a indiqué la direction.',
    date: now - 2 * HOUR,
  }),
  second: (now: number): FeedItem => ({
    title: 'Saint-Sornin : l’hôpital paralysé par un rançongiciel, des patients transférés',
    link: 'https://radio-bocage.example/info/hopital-saint-sornin-rancongiciel',
    description: 'Victime d’un rançongiciel, le centre hospitalier de Saint-Sornin tourne sans son système informatique depuis samedi. '
      + 'Une partie des patients des urgences est orientée vers les établissements voisins.',
    date: now - 40 * MINUTE,
  }),
  third: (now: number): FeedItem => ({
    title: 'Cyberattaque au centre hospitalier de Saint-Sornin : la direction porte plainte',
    link: 'https://courrier-des-marches.example/actu/saint-sornin-plainte-cyberattaque',
    description: 'Touché samedi par une attaque informatique de type rançongiciel, le centre hospitalier de Saint-Sornin a déposé plainte '
      + 'et prévenu l’ANSSI. Les urgences restent en mode dégradé.',
    date: now - 20 * MINUTE,
  }),
  claimed: (now: number): FeedItem => ({
    title: 'Le groupe Qilin revendique la cyberattaque contre le centre hospitalier de Saint-Sornin',
    link: 'https://cyber-hebdo.example/2024/qilin-revendique-saint-sornin',
    description: 'Le groupe de rançongiciel Qilin a revendiqué mardi sur son site l’attaque contre le centre hospitalier de Saint-Sornin '
      + 'et affirme détenir des données de patients.',
    date: now - 10 * MINUTE,
  }),
};

/** Two unrelated incidents of one morning: a town hall under ransomware, a bus network's ticketing down. */
const morning = (now: number): FeedItem[] => [
  {
    title: 'La mairie de Montferrand-le-Haut victime d’un rançongiciel, l’état civil fermé',
    link: 'https://journal-du-causse.example/montferrand-le-haut-mairie-rancongiciel',
    description: 'Les serveurs de la mairie de Montferrand-le-Haut ont été chiffrés dans la nuit de lundi à mardi par un rançongiciel. '
      + 'L’état civil et le service de l’urbanisme sont fermés jusqu’à nouvel ordre.',
    date: now - 50 * MINUTE,
  },
  {
    title: 'Panne informatique géante au réseau de bus Trans’Causse : billetterie et paiement sans contact hors service',
    link: 'https://journal-du-causse.example/trans-causse-panne-billetterie',
    description: 'Une panne du système informatique de billetterie paralyse depuis ce matin la vente de titres du réseau Trans’Causse. '
      + 'Le paiement sans contact est indisponible dans tous les bus, selon l’exploitant, qui écarte toute piste malveillante.',
    date: now - 30 * MINUTE,
  },
];

const redis = await redisAvailable();
const STORES: { kind: StoreKind; label: string }[] = [{ kind: 'sqlite', label: 'SQLite' }, { kind: 'redis', label: 'Redis' }];
const PLATFORMS: { name: string; open: () => Promise<ChatSide> }[] = [{ name: 'Telegram', open: telegramSide }, { name: 'Discord', open: discordSide }];

for (const store of STORES) {
  for (const platform of PLATFORMS) {
    const title = `Stories on ${platform.name} with the ${store.label} store, end to end`;
    const suite = (): void => storySuite(store.kind, platform.open);
    if (store.kind === 'redis') describeService(redis, title, suite);
    else describe(title, suite);
  }
}

function storySuite(store: StoreKind, open: () => Promise<ChatSide>): void {
  let harness: StoryHarness;
  let side: ChatSide;
  let vigie: StoryVigie;
  const now = (): number => harness.clock.now();

  let release: (() => Promise<void>) | undefined;
  /** Another test run on this machine may hold the suite's Redis database for a while: waiting for it is not a failure. */
  const LOCK_WAIT_MS = 180_000;

  beforeEach(async () => {
    // The Redis database is this suite's alone only while no other test run on the machine uses it.
    if (store === 'redis') release = await acquireRedisLock(REDIS_URL, `db${STORIES_REDIS_DB}`);
    harness = await StoryHarness.start(store, REDIS_URL);
    side = await open();
    vigie = await harness.vigie(side.env(), OUTLETS);
    await side.join();
    // The destination was written where the suite looks: this store, not a default one.
    expect((await vigie.app.store.destinations.list({ active: true })).map((d) => d.platform)).toEqual([side.name.toLowerCase()]);
    if (store === 'redis') expect(await harness.redisKeys()).toBeGreaterThan(0);
  }, LOCK_WAIT_MS);

  afterEach(async () => {
    await harness?.close();
    await side?.close();
    await release?.();
    release = undefined;
  });

  it('posts one alert for an incident carried by three outlets, then edits that message once to name the other two — 3 sources', async () => {
    harness.serve(OUEST, [hospital.first(now())]);
    expect((await vigie.cycle())?.alerts).toBe(1);
    const [alert] = side.posted();
    expect(side.posted()).toHaveLength(1);
    expect(alert!.text).toContain('Saint-Sornin');
    expect(alert!.text).not.toContain('Également rapporté par');
    expect(side.edits()).toEqual([]);

    harness.clock.advance(10 * MINUTE);
    harness.serve(BOCAGE, [hospital.second(now())]);
    harness.serve(COURRIER, [hospital.third(now())]);
    expect(await vigie.cycle()).toMatchObject({ alerts: 0, joined: 2 });

    expect(side.posted()).toEqual([alert]);
    const edits = side.edits();
    expect(edits).toHaveLength(1);
    expect(edits[0]!.messageId).toBe(alert!.id);
    expect(edits[0]!.text).toMatch(/Également rapporté par : .*— 3 sources/);
    expect(edits[0]!.text).toContain('Radio Bocage');
    expect(edits[0]!.text).toContain('Le Courrier des Marches');
    expect(side.current(alert!.id)).toBe(edits[0]!.text);

    // The edit booked a minute later has nothing new to show: it is not sent.
    harness.clock.advance(MINUTE + 1000);
    await vigie.app.delivery.drain();
    expect(side.edits()).toHaveLength(1);
  });

  it('posts a claim of responsibility by a named group as a reply to the original alert, not as a new alert', async () => {
    harness.serve(OUEST, [hospital.first(now())]);
    await vigie.cycle();
    const [alert] = side.posted();

    harness.clock.advance(10 * MINUTE);
    harness.serve(CYBER, [hospital.claimed(now())]);
    expect(await vigie.cycle()).toMatchObject({ alerts: 0, joined: 1 });

    const posted = side.posted();
    expect(posted).toHaveLength(2);
    expect(posted.filter((p) => p.replyTo === undefined)).toEqual([alert]);
    const reply = posted[1]!;
    expect(reply.replyTo).toBe(alert!.id);
    expect(reply.text).toContain('Qilin revendique');
    // The original alert now lists the outlet that reported the claim.
    expect(side.current(alert!.id)).toMatch(/Également rapporté par : .*Cyber Hebdo.* — 2 sources/s);
  });

  it('after /digest 08:00 by an administrator, holds alerts back and sends one digest listing them once 08:00 Europe/Paris has passed', async () => {
    expect(await side.digest('08:00')).toContain('Résumé quotidien activé');
    harness.serve(CAUSSE, morning(now()));
    expect((await vigie.cycle())?.alerts).toBe(2);
    expect(side.posted()).toEqual([]);

    const due = nextDigestAt('08:00', 'Europe/Paris', now());
    harness.clock.advance(due - now() - MINUTE); // 07:59 in Paris
    await vigie.cycle();
    expect(side.posted()).toEqual([]);

    harness.clock.advance(2 * MINUTE); // 08:01 in Paris
    await vigie.cycle();
    const posted = side.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.replyTo).toBeUndefined();
    expect(posted[0]!.text).toContain('Résumé Vigie : 2 alertes');
    expect(posted[0]!.text).toContain('Montferrand-le-Haut');
    expect(posted[0]!.text).toContain('Trans’Causse');

    harness.clock.advance(30 * MINUTE);
    await vigie.cycle();
    expect(side.posted()).toHaveLength(1);
  });
}
