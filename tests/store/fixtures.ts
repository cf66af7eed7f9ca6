/** Builders of the values the store tests save: alerts, destinations, outbox entries, feed states. */
import pino from 'pino';
import type { Alert, Destination, Platform } from '../../src/core/types.js';
import type { Logger } from '../../src/ports.js';
import type { OutboxEntry } from '../../src/core/delivery-types.js';
import type { FeedState } from '../../src/core/feed-types.js';

/** A real pino logger that prints nothing. */
export const quietLogger: Logger = pino({ level: 'silent' }) as unknown as Logger;

/** An alert about a ransomware attack on a hospital, created at `createdAt`. */
export function makeAlert(id: string, createdAt: number, overrides: Partial<Alert> = {}): Alert {
  const link = `https://www.exemple-presse.fr/cyber/${id}`;
  return {
    id,
    item: {
      id: link,
      feedId: 'presse-regionale',
      source: 'La Gazette du Rhône',
      title: "Le centre hospitalier de Villefranche visé par une cyberattaque par rançongiciel",
      link,
      summary: "Les urgences fonctionnent en mode dégradé depuis lundi ; l'hôpital a porté plainte.",
      publishedAt: createdAt - 60_000,
      categories: ['Santé', 'Cybersécurité'],
    },
    classification: {
      category: 'cyberattack',
      score: 0.92,
      subtype: 'ransomware',
      cause: 'confirmed',
      severity: 3,
      evidence: ['titre: rançongiciel', 'texte: mode dégradé'],
      entities: { victim: 'centre hospitalier de Villefranche', sector: 'santé', place: 'Rhône', actors: [] },
    },
    summary: "Le centre hospitalier de Villefranche a subi une attaque par rançongiciel. Les urgences fonctionnent en mode dégradé.",
    createdAt,
    sources: [{ itemId: link, source: 'La Gazette du Rhône', title: 'Cyberattaque à l’hôpital', link, publishedAt: createdAt - 60_000 }],
    ...overrides,
  };
}

/** A destination with default settings (both categories, no keywords). */
export function makeDestination(platform: Platform, chatId: string, overrides: Partial<Destination> = {}): Destination {
  return {
    key: `${platform}:${chatId}`,
    platform,
    chatId,
    title: `Veille cyber ${chatId}`,
    active: true,
    paused: false,
    categories: { cyberattack: true, outage: true },
    keywords: ['hôpital', 'ransom*'],
    exclusions: ['-exercice'],
    lang: 'fr',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A pending `send` of an alert to a destination, due at `notBefore`. */
export function makeEntry(destinationKey: string, alertId: string, notBefore: number, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: `send:${destinationKey}:${alertId}`,
    kind: 'send',
    destinationKey,
    alertId,
    status: 'pending',
    attempts: 0,
    notBefore,
    createdAt: notBefore,
    ...overrides,
  };
}

/** A feed state after one successful poll. */
export function makeFeedState(overrides: Partial<FeedState> = {}): FeedState {
  return {
    etag: 'W/"5f3a-1b2c"',
    lastModified: 'Tue, 04 Mar 2025 08:15:00 GMT',
    failures: 0,
    lastSuccessAt: 1_741_076_100_000,
    lastStatus: 200,
    lastItemCount: 30,
    initialised: true,
    ...overrides,
  };
}

/** Resolves after `ms` milliseconds (waiting out a short retention). */
export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
