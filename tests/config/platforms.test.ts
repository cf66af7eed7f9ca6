import { describe, expect, it } from 'vitest';
import { chatPlatforms, fallbackOnly } from '../../src/config/platforms.js';

describe('platform settings', () => {
  const settings = { telegram: { token: 'x' }, discord: { token: 'y' }, console: {} };

  it('fallbackOnly() keeps the console\'s settings alone, and nothing when it has none', () => {
    expect(fallbackOnly(settings)).toEqual({ console: {} });
    expect(fallbackOnly({ telegram: { token: 'x' } })).toEqual({});
  });

  it('chatPlatforms() names the configured chat platforms, never the console', () => {
    expect(chatPlatforms(settings)).toEqual(['telegram', 'discord']);
  });
});
