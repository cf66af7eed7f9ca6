import { describe, expect, it } from 'vitest';
import { decideFollowUp, nextEditAt, shouldEditNow, textChanges } from '../../src/core/followup.js';
import type { JoiningItem, StoryState } from '../../src/core/followup.js';
import type { Classification } from '../../src/core/types.js';

function cls(overrides: Partial<Classification> = {}, actors: string[] = []): Classification {
  return {
    category: 'cyberattack', score: 0.9, subtype: 'ransomware', cause: 'confirmed', severity: 2, evidence: [],
    entities: { victim: 'mairie de Vierzon', actors }, ...overrides,
  };
}

const attackStory: StoryState = {
  classification: cls(),
  sources: [{ itemId: 'i1', source: 'Berry Infos', title: 'Vierzon : la mairie victime d’une cyberattaque' }],
  text: "Vierzon : la mairie victime d'une cyberattaque. Les services municipaux sont à l'arrêt depuis dimanche.",
};

const outageStory: StoryState = {
  classification: cls({ category: 'outage', subtype: 'service_down', cause: null }),
  sources: [{ itemId: 'o1', source: 'Limousin Direct', title: 'Creuse : une panne informatique paralyse le département' }],
  text: "Creuse : une panne informatique paralyse les services du département. L'origine de la panne n'est pas connue.",
};

const joining = (text: string, c: Classification = cls(), source = 'Centre Info', itemId = 'i2'): JoiningItem => ({ itemId, source, classification: c, text });

describe('decideFollowUp', () => {
  it('edits the alert for a plain new source ("Également rapporté par")', () => {
    const d = decideFollowUp(attackStory, joining('Cyberattaque contre la ville de Vierzon : une plainte déposée. Le maire appelle à la patience.'));
    expect(d).toEqual({ action: 'edit', note: 'new source: Centre Info' });
  });

  it('does nothing for an outlet already listed, or the same item again', () => {
    expect(decideFollowUp(attackStory, joining('Vierzon : plainte déposée.', cls(), 'berry infos', 'i9')).action).toBe('none');
    expect(decideFollowUp(attackStory, joining('Vierzon : plainte déposée.', cls(), 'Autre', 'i1')).action).toBe('none');
  });

  it('replies when an outage is confirmed to be a cyberattack', () => {
    const d = decideFollowUp(outageStory, joining('Le département de la Creuse confirme être victime d’une cyberattaque.', cls()));
    expect(d).toMatchObject({ action: 'reply', change: 'cause_confirmed' });
  });

  it('does not call a suspected attack a confirmation', () => {
    const d = decideFollowUp(outageStory, joining('La piste d’une cyberattaque n’est pas écartée.', cls({ cause: 'suspected' })));
    expect(d.action).toBe('edit');
  });

  it('replies when the attack hypothesis is denied', () => {
    const d = decideFollowUp(outageStory, joining('Il ne s’agit pas d’une cyberattaque, assure le département.', cls({ category: 'outage', cause: 'denied' })));
    expect(d).toMatchObject({ action: 'reply', change: 'cause_denied' });
  });

  it('replies when the service is restored, in its usual French wordings', () => {
    for (const text of [
      'Le réseau mobile a été rétabli en fin de journée.',
      'Retour à la normale pour les abonnés.',
      'Le site est de nouveau accessible depuis midi.',
      'Les services fonctionnent à nouveau.',
    ]) {
      expect(decideFollowUp(outageStory, joining(text, cls({ category: 'outage', cause: null }))), text).toMatchObject({ action: 'reply', change: 'restored' });
    }
  });

  it('does not take "toujours pas rétabli" for a restoration', () => {
    const d = decideFollowUp(outageStory, joining("Le service n'est toujours pas rétabli ce mardi.", cls({ category: 'outage', cause: null })));
    expect(d.action).toBe('edit');
  });

  it('replies on a claim of responsibility, worded or through a newly named actor', () => {
    expect(decideFollowUp(attackStory, joining('L’attaque a été revendiquée sur le darkweb.'))).toMatchObject({ action: 'reply', change: 'claimed' });
    expect(decideFollowUp(attackStory, joining('Un groupe menace la ville.', cls({}, ['Akira'])))).toMatchObject({
      action: 'reply', change: 'claimed', note: 'claimed: akira (Centre Info)',
    });
  });

  it('does not treat "aucune revendication" as a claim', () => {
    expect(decideFollowUp(attackStory, joining("À ce stade, aucune revendication n'a été publiée.")).action).toBe('edit');
  });

  it('replies when stolen data is published', () => {
    for (const text of [
      'Des données publiées par les pirates concernent les agents.',
      'Les fichiers volés ont été mis en ligne : des données personnelles exposées.',
      'Le groupe a ajouté la ville à son leak site.',
    ]) {
      expect(decideFollowUp(attackStory, joining(text)), text).toMatchObject({ action: 'reply', change: 'data_published' });
    }
  });

  it('reads the changes of a text as the phrase-with-three-words scan alone does, on 3,000 generated texts', () => {
    // The scan alone (what textChanges ran before it tested for a bare phrase first).
    const scan = (phrases: string[]) => new RegExp(`(?:^|\\s)((?:[a-z0-9']+\\s){0,3})(?:${phrases.join('|')})(?=$|\\s)`, 'g');
    const negations = new Set(['pas', 'jamais', 'aucune', 'aucun', 'non', 'not', 'no', 'sans', 'ni']);
    const mentions = (text: string, re: RegExp): boolean => [...text.matchAll(re)]
      .some((m) => !(m[1] ?? '').trim().split(/\s+/).some((w) => negations.has(w) || w.startsWith("n'")));
    const restored = scan(['retabli', 'retablie', 'de nouveau accessible', 'remis en service', 'back online']);
    const claimed = scan(['revendique', 'revendiquee', 'revendication', 'claimed the attack']);
    // Whole phrases of the lists above, negations, and words no other phrase of textChanges is made of.
    const fragments = ['retabli', 'retablie', 'de nouveau accessible', 'remis en service', 'back online', 'revendique',
      'revendiquee', 'revendication', 'claimed the attack', 'pas', "n'a", 'jamais', 'ni', 'le', 'service', 'est', 'ete',
      'mairie', 'groupe', 'lundi', "l'attaque", '2024'];
    let seed = 11;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      // Folded text as textChanges reads it: lower case, single spaces.
      const text = Array.from({ length: 1 + random(14) }, () => fragments[random(fragments.length)]).join(' ');
      const expected = [...(mentions(text, restored) ? ['restored'] : []), ...(mentions(text, claimed) ? ['claimed'] : [])];
      const got = textChanges(text).filter((c) => c === 'restored' || c === 'claimed');
      found += got.length;
      expect(got, text).toEqual(expected);
    }
    expect(found).toBeGreaterThan(500); // the generated texts hold plenty of changes, negated or not
  });

  it('ignores "mis en ligne" when no data is involved', () => {
    expect(textChanges('Un formulaire a été mis en ligne pour les usagers.')).toEqual([]);
  });

  it('does not announce twice a change already announced or already in the alert', () => {
    const announced: StoryState = { ...attackStory, announced: ['claimed'] };
    expect(decideFollowUp(announced, joining('L’attaque a été revendiquée.')).action).toBe('edit');
    const claimedFromStart: StoryState = { ...attackStory, text: 'Vierzon : attaque revendiquée par un groupe.' };
    expect(decideFollowUp(claimedFromStart, joining('L’attaque a été revendiquée.')).action).toBe('edit');
  });

  it('replies about the most important change when an item brings several', () => {
    const d = decideFollowUp(outageStory, joining('C’était bien une cyberattaque, revendiquée par Qilin ; le service est rétabli.', cls({}, ['Qilin'])));
    expect(d.change).toBe('cause_confirmed');
  });
});

describe('edit throttle', () => {
  it('allows an edit when none was made, or a minute has passed', () => {
    expect(shouldEditNow(undefined, 1_000)).toBe(true);
    expect(shouldEditNow(0, 60_000)).toBe(true);
    expect(shouldEditNow(0, 59_999)).toBe(false);
    expect(shouldEditNow(0, 5_000, 5_000)).toBe(true);
  });

  it('schedules the coalesced edit one interval after the last edit', () => {
    expect(nextEditAt(undefined, 1_000)).toBe(1_000);
    expect(nextEditAt(10_000, 30_000)).toBe(70_000);
    expect(nextEditAt(10_000, 80_000)).toBe(80_000);
  });

  it('turns a storm of 30 items in one minute into one immediate edit and one pending edit', () => {
    let lastEditAt: number | undefined;
    let pendingAt: number | undefined;
    let edits = 0;
    for (let t = 0; t < 60_000; t += 2_000) {
      if (shouldEditNow(lastEditAt, t)) {
        edits += 1;
        lastEditAt = t;
      } else {
        pendingAt = nextEditAt(lastEditAt, t);
      }
    }
    expect(edits).toBe(1);
    expect(pendingAt).toBe(60_000);
  });
});
