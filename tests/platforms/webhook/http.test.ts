import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/core/errors.js';
import { postJson, redactUrl, responseError, retryAfterMs } from '../../../src/platforms/webhook/http.js';

describe('webhook HTTP', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('0.5', 0)).toBe(500);
    const now = Date.parse('2026-03-14T09:00:00Z');
    expect(retryAfterMs('Sat, 14 Mar 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('maps statuses: 429 retryable with a default wait, 404/410 gone, 3xx and 4xx refused, 5xx retryable', () => {
    expect(responseError('webhook:a', 429, '', undefined)).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    expect(responseError('webhook:a', 410, 'channel_is_archived', undefined)).toMatchObject({ retryable: false, gone: true });
    expect(responseError('webhook:a', 302, '', undefined)).toMatchObject({ retryable: false, gone: false });
    expect(responseError('webhook:a', 403, 'invalid_token', undefined)).toMatchObject({ retryable: false, gone: false });
    expect(responseError('webhook:a', 500, '', undefined)).toMatchObject({ retryable: true, gone: false });
  });

  it('hides the URL and its path wherever they appear', () => {
    const url = 'https://hooks.example/services/T0/B0/SECRET?x=1';
    expect(redactUrl(`failed: ${url}`, url)).toBe('failed: <webhook url>');
    expect(redactUrl('POST /services/T0/B0/SECRET?x=1 refused', url)).toBe('POST <webhook path> refused');
  });

  it('turns an unreachable outlet into a retryable error that names no part of the URL', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/hooks/VERYSECRET`;
    const error = await postJson('webhook:a', url, { text: 'x' }, { timeoutMs: 2000, signal: new AbortController().signal, now: Date.now })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(true);
    expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) })).not.toContain('VERYSECRET');
  });
});
