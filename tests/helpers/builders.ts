/** Builders of test data (alerts, destinations, items), a controllable clock and a silent logger. */
import { pino } from 'pino';
import type { Alert, Destination, NewsItem } from '../../src/core/types.js';
import type { Clock, Logger } from '../../src/ports.js';

/** A logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/** A news item with sensible defaults. */
export function makeItem(overrides: Partial<NewsItem> = {}): NewsItem {
  return {
    id: 'https://news.example/article-1',
    feedId: 'test-feed',
    source: 'Le Quotidien Test',
    title: 'Cyberattaque contre le centre hospitalier de Valmont',
    link: 'https://news.example/article-1',
    summary: "Le centre hospitalier de Valmont est victime d'une attaque par rançongiciel depuis lundi. Les urgences fonctionnent en mode dégradé.",
    publishedAt: 1_700_000_000_000,
    categories: [],
    ...overrides,
  };
}

/** An alert with sensible defaults (a ransomware attack on a hospital). */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  const item = overrides.item ?? makeItem();
  return {
    id: 'a1',
    item,
    classification: {
      category: 'cyberattack', score: 0.9, subtype: 'ransomware', cause: 'confirmed', severity: 2,
      evidence: ['titre: cyberattaque', 'texte: rançongiciel'],
      entities: { victim: 'centre hospitalier de Valmont', sector: 'santé', place: 'Valmont', actors: [] },
    },
    summary: item.summary,
    createdAt: 1_700_000_000_000,
    sources: [{ itemId: item.id, source: item.source, title: item.title, ...(item.link ? { link: item.link } : {}) }],
    ...overrides,
  };
}

/** A destination with default settings (both categories, no keywords, French). */
export function makeDestination(overrides: Partial<Destination> & Pick<Destination, 'platform' | 'chatId'>): Destination {
  return {
    key: `${overrides.platform}:${overrides.chatId}`,
    active: true,
    paused: false,
    categories: { cyberattack: true, outage: true },
    keywords: [],
    exclusions: [],
    lang: 'fr',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}
