/**
 * Reads one response for undici's dispatcher: its head, and for a 2xx its body, decompressed
 * (gzip, deflate, br) and capped in size as it arrives; any other body is drained unread so the
 * connection can serve the next request. It settles once, on the whole response or the first error.
 */
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { FeedError } from '../core/errors.js';

/** Response headers, read by name (case-insensitive), null when absent. */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** One complete response: its head, and its body (decompressed) only for a 2xx status. */
export interface Exchange {
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  chunks: Buffer[];
  bytes: number;
}

/** undici's handler of one request: collects the head and the body, settles once. */
export class ResponseReader implements Dispatcher.DispatchHandlers {
  /** True once the response was read whole or failed. */
  settled = false;
  /** Unregisters the request's cancel hook (set by the caller). */
  off: () => void = () => undefined;
  private abortRequest: ((error?: Error) => void) | undefined;
  private cancelled: unknown;
  private status = 0;
  private statusText = '';
  private headers: ResponseHeaders = NO_HEADERS;
  private keep = false;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  /** The decoders of the body's Content-Encoding, first to last; empty when it came plain. */
  private decoding: (Readable & NodeJS.WritableStream)[] = [];

  constructor(
    private readonly feedId: string,
    private readonly maxBytes: number,
    private readonly resolve: (exchange: Exchange) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** Stops the request (the caller aborted, or the timeout passed). */
  cancel(reason: unknown): void {
    this.cancelled = reason;
    this.fail(reason instanceof Error ? reason : new Error('request cancelled', { cause: reason }));
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortRequest = abort;
    if (this.settled) abort(new Error('request cancelled', { cause: this.cancelled }));
  }

  onHeaders(status: number, raw: Buffer[], _resume: () => void, statusText: string): boolean {
    if (this.settled || status < 200) return true;
    this.status = status;
    this.statusText = statusText;
    this.headers = headersOf(raw);
    this.keep = status >= 200 && status < 300;
    if (!this.keep) return true;
    const encoding = this.headers.get('content-encoding');
    const declared = Number(this.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > this.maxBytes && encoding === null) {
      this.fail(this.tooLarge());
      return false;
    }
    // An unknown encoding is passed through as it came (the decoder then judges the bytes).
    this.decoding = (decoders(encoding) ?? []).map((make) => make());
    const last = this.decoding.at(-1);
    if (last !== undefined) {
      for (let i = 0; i + 1 < this.decoding.length; i++) this.decoding[i]!.pipe(this.decoding[i + 1]!);
      for (const step of this.decoding) step.once('error', (error) => this.fail(error));
      last.on('data', (chunk: Buffer) => this.take(chunk));
      last.once('end', () => this.finish());
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled || !this.keep) return true;
    const first = this.decoding[0];
    if (first === undefined) this.take(chunk);
    else first.write(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    const first = this.decoding[0];
    if (this.keep && first !== undefined) first.end();
    else this.finish();
  }

  onError(error: Error): void {
    this.fail(error);
  }

  private take(chunk: Buffer): void {
    if (this.settled) return;
    this.bytes += chunk.byteLength;
    if (this.bytes > this.maxBytes) this.fail(this.tooLarge());
    else this.chunks.push(chunk);
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.off();
    this.resolve({ status: this.status, statusText: this.statusText, headers: this.headers, chunks: this.chunks, bytes: this.bytes });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.off();
    for (const step of this.decoding) step.destroy();
    this.abortRequest?.(error instanceof Error ? error : new Error(String(error)));
    this.reject(error);
  }

  private tooLarge(): FeedError {
    return new FeedError(this.feedId, 'too_large', `body larger than ${this.maxBytes} bytes`, { status: this.status });
  }
}

const NO_HEADERS: ResponseHeaders = { get: () => null, has: () => false };

/** Case-insensitive reads of undici's raw header list (name, value, …); repeated headers are joined with ", ". */
function headersOf(raw: readonly Buffer[]): ResponseHeaders {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    const before = values.get(name);
    values.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  const get = (name: string): string | null => values.get(name.toLowerCase()) ?? null;
  return { get, has: (name) => values.has(name.toLowerCase()) };
}

/** The decoders of a Content-Encoding, in the order to apply them; undefined when one is unknown. */
function decoders(encoding: string | null): (() => Readable & NodeJS.WritableStream)[] | undefined {
  if (encoding === null) return [];
  const out: (() => Readable & NodeJS.WritableStream)[] = [];
  for (const token of encoding.toLowerCase().split(',').map((t) => t.trim()).filter(Boolean).reverse()) {
    if (token === 'gzip' || token === 'x-gzip') out.push(createGunzip);
    else if (token === 'deflate') out.push(createInflate);
    else if (token === 'br') out.push(createBrotliDecompress);
    else if (token !== 'identity') return undefined;
  }
  return out;
}
