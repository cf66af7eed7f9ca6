import { describe, expect, it } from 'vitest';
import { configuredChanges } from '../../../src/pipeline/commands/configured.js';
import { makeDestination } from '../../helpers/builders.js';

const NOW = 1_800_000_000_000;

describe('configuredChanges', () => {
  it('registers a listed destination with the settings from configuration', () => {
    const [dest] = configuredChanges('webhook', [], [{ chatId: 'soc', keywords: ['hôpital'], exclusions: ['exercice'], lang: 'en', fingerprint: 'f1' }], NOW);
    expect(dest).toMatchObject({ key: 'webhook:soc', active: true, keywords: ['hôpital'], exclusions: ['exercice'], lang: 'en', groupId: 'f1', updatedAt: NOW });
  });

  it('writes nothing when the store already matches, and deactivates what is no longer listed', () => {
    const kept = makeDestination({ platform: 'webhook', chatId: 'soc', groupId: 'f1' });
    const dropped = makeDestination({ platform: 'webhook', chatId: 'old' });
    const changes = configuredChanges('webhook', [kept, dropped], [{ chatId: 'soc', fingerprint: 'f1' }], NOW);
    expect(changes).toEqual([{ ...dropped, active: false, updatedAt: NOW }]);
  });

  it('keeps a destination found gone off until its fingerprint changes; one without a fingerprint comes back', () => {
    const gone = makeDestination({ platform: 'webhook', chatId: 'soc', groupId: 'f1', active: false });
    expect(configuredChanges('webhook', [gone], [{ chatId: 'soc', fingerprint: 'f1' }], NOW)).toEqual([]);
    expect(configuredChanges('webhook', [gone], [{ chatId: 'soc', fingerprint: 'f2' }], NOW)[0]).toMatchObject({ active: true, groupId: 'f2' });
    const console = makeDestination({ platform: 'console', chatId: 'stdout', active: false, digest: { time: '08:00', timeZone: 'Europe/Paris' } });
    expect(configuredChanges('console', [console], [{ chatId: 'stdout' }], NOW)[0]).toMatchObject({ active: true, digest: { time: '08:00' } });
  });
});
