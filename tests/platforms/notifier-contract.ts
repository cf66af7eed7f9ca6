/**
 * The Notifier contract: what every platform's notifier must do, run against each of them with the
 * real client talking to a local fake of the platform (see notifier-contract.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import type { Alert, Destination, Lang } from '../../src/core/types.js';
import { vocabulary } from '../../src/core/vocabulary/index.js';
import type { Notifier } from '../../src/ports.js';
import { makeAlert, makeItem } from '../helpers/builders.js';

/** A refusal the platform fake can be told to give to the next post. */
export type FailureKind = 'rate_limited' | 'gone' | 'server' | 'refused';

/** One notifier under test and a view of the platform it posts to. */
export interface NotifierHarness {
  notifier: Notifier;
  /** A new destination the platform accepts posts to. */
  destination(lang?: Lang): Destination;
  /** What each message posted there shows now (after edits), oldest first. */
  messages(destination: Destination): string[];
  /** The length of each message's main text, as the platform counts it against its limit. */
  lengths(destination: Destination): number[];
  /** Whether any message posted there could notify someone (mention parsing on, live @channel …). */
  couldPing(destination: Destination): boolean;
  /** Makes the next post to the destination fail (platforms that can refuse). */
  fail?(destination: Destination, kind: FailureKind): void;
  close(): Promise<void>;
}

const HOSTILE = '@everyone @here <@123456789012345678> <@&123456789012345678> <!channel> <!here> <!everyone> @channel @all [lien](tg://user?id=1)';

function withSource(alert: Alert, source: string): Alert {
  return { ...alert, sources: [...alert.sources, { itemId: `https://${source}.example/x`, source, title: alert.item.title, link: `https://${source}.example/x` }] };
}

async function refusal(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

/** What sets a notifier apart: whether it words alerts for people, whether its platform can refuse. */
export interface NotifierTraits {
  /** False for a data format (json) that carries codes, not words. */
  worded: boolean;
  /** False for the console, which cannot refuse a message. */
  refuses: boolean;
}

/** Registers the contract's tests for one notifier. */
export function notifierContract(name: string, traits: NotifierTraits, make: () => Promise<NotifierHarness>): void {
  describe(`Notifier contract: ${name}`, () => {
    let h: NotifierHarness;
    beforeEach(async () => { h = await make(); });
    afterEach(async () => { await h.close(); });

    it('send() posts one message showing the title and resolves a distinct message id each time', async () => {
      const dest = h.destination();
      const first = await h.notifier.send(dest, makeAlert({ id: 'c1' }));
      const second = await h.notifier.send(dest, makeAlert({ id: 'c2', item: makeItem({ title: 'Panne du réseau de la ville de Valmont' }) }));
      expect(first.messageId).not.toBe(second.messageId);
      expect(h.messages(dest)).toHaveLength(2);
      expect(h.messages(dest)[0]).toContain('Cyberattaque contre le centre hospitalier de Valmont');
      expect(h.messages(dest)[1]).toContain('Panne du réseau de la ville de Valmont');
    });

    it('shows a new source: by editing the message where it can, by a follow-up message where it cannot', async () => {
      const dest = h.destination();
      const alert = makeAlert({ id: 'c3' });
      const { messageId } = await h.notifier.send(dest, alert);
      const joined = withSource(alert, 'Gazette-du-Valmont');
      if (h.notifier.capabilities.edits) await h.notifier.edit(dest, messageId, joined);
      else await h.notifier.send(dest, joined, { followUp: 'sources' });
      expect(h.messages(dest)).toHaveLength(h.notifier.capabilities.edits ? 1 : 2);
      expect(h.messages(dest).join('\n')).toContain('Gazette-du-Valmont');
    });

    it('posts a change of the story: as a reply where it can, as a follow-up message where it cannot', async () => {
      const dest = h.destination();
      const { messageId } = await h.notifier.send(dest, makeAlert({ id: 'c4' }));
      const change = makeAlert({ id: 'c5', storyId: 'c4', item: makeItem({ title: 'Valmont : le groupe Akira revendique l’attaque' }) });
      const how = h.notifier.capabilities.replies ? { replyTo: messageId } : { followUp: 'story' as const };
      const reply = await h.notifier.send(dest, change, how);
      expect(reply.messageId).not.toBe(messageId);
      expect(h.messages(dest)).toHaveLength(2);
      expect(h.messages(dest)[1]).toContain('revendique');
    });

    it('keeps every message within the platform’s length limit, however long the feed text', async () => {
      const dest = h.destination();
      const long = makeItem({ title: `Cyberattaque ${'très '.repeat(800)}longue`, summary: 'Le serveur a été chiffré. '.repeat(2000) });
      let alert = makeAlert({ id: 'c6', item: long, summary: long.summary });
      for (let i = 0; i < 40; i += 1) alert = withSource(alert, `Journal-${i}-${'x'.repeat(40)}`);
      await h.notifier.send(dest, alert);
      await h.notifier.sendDigest(dest, Array.from({ length: 30 }, (_, i) => makeAlert({ id: `d${i}`, item: long })));
      expect(h.lengths(dest)).toHaveLength(2);
      for (const length of h.lengths(dest)) expect(length).toBeLessThanOrEqual(h.notifier.capabilities.maxMessageLength);
      expect(h.messages(dest)[0]).toContain('Cyberattaque très');
    });

    it('never lets feed text ping anyone (@everyone, @here, @channel, <!channel>, role and user mentions)', async () => {
      const dest = h.destination();
      await h.notifier.send(dest, makeAlert({ id: 'c7', item: makeItem({ title: HOSTILE, summary: HOSTILE }), summary: HOSTILE }));
      await h.notifier.sendDigest(dest, [makeAlert({ id: 'c8', item: makeItem({ title: HOSTILE }) })]);
      expect(h.couldPing(dest)).toBe(false);
    });

    it('sendDigest() posts one message listing every alert', async () => {
      const dest = h.destination();
      const titles = ['Rançongiciel à la mairie de Lunel-Viel', 'Panne chez l’hébergeur Nuage-Sud', 'Fuite de données au CHU de Valbonne'];
      const alerts = titles.map((title, i) => {
        const alert = makeAlert({ id: `g${i}`, item: makeItem({ title, link: `https://news.example/${i}` }) });
        return { ...alert, classification: { ...alert.classification, entities: { actors: [] } } };
      });
      await h.notifier.sendDigest(dest, alerts);
      expect(h.messages(dest)).toHaveLength(1);
      for (const title of titles) expect(h.messages(dest)[0]).toContain(title);
    });

    // A data format (json) carries codes, not words: the test does not apply to it.
    if (traits.worded) it('words the alert in the destination’s language', async () => {
      const fr = h.destination('fr');
      const en = h.destination('en');
      const base = makeAlert({ id: 'c9', item: makeItem({ title: 'Valmont : plus de téléphone ni d’internet' }) });
      const outage = { ...base, classification: { ...base.classification, category: 'outage' as const, subtype: 'telecom' as const, cause: null } };
      await h.notifier.send(fr, outage);
      await h.notifier.send(en, outage);
      // Case aside: the console shouts the category.
      const [french, english] = [h.messages(fr)[0]!.toLowerCase(), h.messages(en)[0]!.toLowerCase()];
      expect(french).toContain(vocabulary('fr').category('outage').toLowerCase());
      expect(french).toContain(vocabulary('fr').subtype('telecom')!.toLowerCase());
      expect(english).toContain(vocabulary('en').category('outage').toLowerCase());
      expect(english).toContain(vocabulary('en').subtype('telecom')!.toLowerCase());
      expect(english).not.toContain(vocabulary('fr').category('outage').toLowerCase());
    });

    // The console cannot refuse a message: the refusal tests apply to the other platforms.
    if (traits.refuses) it('maps refusals to outcomes: gone, server error retryable, refused permanent', async () => {
      const expectations: [FailureKind, (e: DeliveryError) => void][] = [
        ['gone', (e) => { expect(e.gone).toBe(true); expect(e.retryable).toBe(false); }],
        ['server', (e) => { expect(e.retryable).toBe(true); expect(e.gone).toBe(false); }],
        ['refused', (e) => { expect(e.retryable).toBe(false); expect(e.gone).toBe(false); }],
      ];
      for (const [kind, check] of expectations) {
        const dest = h.destination();
        h.fail!(dest, kind);
        const error = await refusal(h.notifier.send(dest, makeAlert({ id: `e-${kind}` })));
        expect(error.destinationKey).toBe(dest.key);
        check(error);
      }
    });

    if (traits.refuses) it('honours a 429: waits the delay asked and succeeds, or fails retryable with that delay', async () => {
      const dest = h.destination();
      h.fail!(dest, 'rate_limited');
      const started = Date.now();
      const outcome = await h.notifier.send(dest, makeAlert({ id: 'e-429' })).then(() => undefined, (e: unknown) => e);
      if (outcome === undefined) {
        expect(Date.now() - started).toBeGreaterThanOrEqual(900); // the client itself waited the second asked
        expect(h.messages(dest)).toHaveLength(1);
      } else {
        expect(outcome).toBeInstanceOf(DeliveryError);
        expect((outcome as DeliveryError).retryable).toBe(true);
        expect((outcome as DeliveryError).retryAfterMs).toBeGreaterThanOrEqual(1000);
      }
    });
  });
}
