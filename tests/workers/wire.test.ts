import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/core/errors.js';
import { fromWire, toWire } from '../../src/workers/wire.js';

describe('wire', () => {
  it('carries a value unchanged', async () => {
    expect(fromWire(await toWire(() => ({ n: 1, list: ['é'] })), 'task')).toEqual({ n: 1, list: ['é'] });
  });

  it('rebuilds a FeedError with its feed, kind, status and message', async () => {
    const wire = await toWire(() => { throw new FeedError('zataz', 'invalid_xml', 'invalid XML: line 3', { status: 200 }); });
    expect(JSON.parse(JSON.stringify(wire))).toEqual(wire);
    let error: unknown;
    try {
      fromWire(wire, 'parsing');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedError);
    expect(error).toMatchObject({ feedId: 'zataz', kind: 'invalid_xml', status: 200, message: 'feed zataz: invalid XML: line 3' });
  });

  it('turns any other failure into an Error naming the task', async () => {
    const wire = await toWire(async () => { throw new TypeError('boom'); });
    expect(() => fromWire(wire, 'analysing items')).toThrow('analysing items failed on a worker thread: boom');
  });
});
