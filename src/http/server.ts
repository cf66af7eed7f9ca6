/**
 * The operations endpoint (node:http, off unless HTTP_PORT is set): `/healthz`, `/readyz`,
 * `/metrics` and the status page at `/`. Read-only: every other method is refused.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../ports.js';

/** One readiness check: resolves a reason when not ready, undefined when ready. */
export type ReadinessCheck = () => Promise<string | undefined>;

/** What the endpoint serves. */
export interface HttpDeps {
  host: string;
  port: number;
  /** Named checks; `/readyz` answers 503 with the failing ones' reasons. */
  readiness: Record<string, ReadinessCheck>;
  metrics(): Promise<{ body: string; contentType: string }>;
  statusPage(): Promise<string>;
  logger: Logger;
}

/** A listening endpoint. */
export interface HttpEndpoint {
  /** `http://host:port` actually bound (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown): void => send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);

/** Runs every readiness check (each bounded by `timeoutMs`); 200 when all pass, else 503 with the reasons. */
async function ready(res: ServerResponse, checks: Record<string, ReadinessCheck>, timeoutMs = 5000): Promise<void> {
  const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => { timer = setTimeout(resolve, timeoutMs, `no answer within ${timeoutMs} ms`); });
    try {
      return [name, await Promise.race([check(), late])] as const;
    } catch (error) {
      return [name, error instanceof Error ? error.message : String(error)] as const;
    } finally {
      clearTimeout(timer);
    }
  }));
  const failing = Object.fromEntries(results.filter(([, reason]) => reason !== undefined));
  const checked = Object.fromEntries(results.map(([name, reason]) => [name, reason === undefined ? 'ok' : 'failing']));
  if (Object.keys(failing).length === 0) json(res, 200, { status: 'ready', checks: checked });
  else json(res, 503, { status: 'not ready', checks: checked, reasons: failing });
}

async function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    json(res, 405, { error: 'method not allowed' });
    return;
  }
  switch (path) {
    case '/healthz': return json(res, 200, { status: 'ok' });
    case '/readyz': return ready(res, deps.readiness);
    case '/metrics': {
      const { body, contentType } = await deps.metrics();
      return send(res, 200, contentType, body);
    }
    case '/': return send(res, 200, 'text/html; charset=utf-8', await deps.statusPage());
    default: return json(res, 404, { error: 'not found', endpoints: ['/', '/healthz', '/readyz', '/metrics'] });
  }
}

/** Starts listening; rejects when the port is taken (the message names host and port). */
export async function startHttpEndpoint(deps: HttpDeps): Promise<HttpEndpoint> {
  const server: Server = createServer((req, res) => {
    route(req, res, deps).catch((error: unknown) => {
      deps.logger.error({ err: error, path: req.url }, 'http: request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`http: cannot listen on ${deps.host}:${deps.port}: ${(error as Error).message}`, { cause: error })));
    server.listen(deps.port, deps.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  deps.logger.info({ url }, 'http: listening');
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
