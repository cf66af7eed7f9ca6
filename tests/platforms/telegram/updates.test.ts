import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/platforms/telegram/updates.js';

describe('parseCommand', () => {
  it('splits the name, the bot it is addressed to and the arguments', () => {
    expect(parseCommand('/latest@VigieTestBot 5 hôpital')).toEqual({ name: 'latest', target: 'VigieTestBot', args: '5 hôpital' });
    expect(parseCommand('/subscribe  "mairie de Marseille", ransom*\n-exercice ')).toEqual({
      name: 'subscribe', args: '"mairie de Marseille", ransom*\n-exercice',
    });
    expect(parseCommand('/aide')).toEqual({ name: 'aide', args: '' });
  });

  it('keeps accented names for the command layer to resolve', () => {
    expect(parseCommand('/dernières 3')).toEqual({ name: 'dernières', args: '3' });
  });

  it('returns undefined for text that is not a command', () => {
    expect(parseCommand('bonjour /help')).toBeUndefined();
    expect(parseCommand('/')).toBeUndefined();
    expect(parseCommand('//help')).toBeUndefined();
    expect(parseCommand('/help@')).toBeUndefined();
    expect(parseCommand(`/${'x'.repeat(65)}`)).toBeUndefined();
  });

  it('caps the argument text at 4096 characters', () => {
    expect(parseCommand(`/subscribe ${'a'.repeat(10_000)}`)!.args).toHaveLength(4096);
  });
});
