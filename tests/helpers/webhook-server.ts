/** A local HTTP server standing in for Slack, Mattermost, Teams or any webhook receiver. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface ReceivedPost {
  path: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  contentType: string | undefined;
}

/** An answer the receiver gives instead of 200 "ok". */
export interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** Records every POST; answers 200 "ok" unless an answer was scripted for that path. */
export class WebhookReceiver {
  readonly posts: ReceivedPost[] = [];
  /** Every request with the status it got and when (epoch ms). */
  readonly requests: { path: string; status: number; at: number }[] = [];
  private readonly scripted = new Map<string, ScriptedAnswer[]>();
  private readonly gone = new Set<string>();

  private constructor(private readonly server: Server, readonly baseUrl: string) {}

  /** Starts on 127.0.0.1 and a free port. */
  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* kept as text */ }
        const answer = receiver.gone.has(path) ? { status: 404, body: 'no_service' } : receiver.scripted.get(path)?.shift();
        receiver.requests.push({ path, status: answer?.status ?? 200, at: Date.now() });
        if (!answer || answer.status < 300) receiver.posts.push({ path, body, contentType: req.headers['content-type'] });
        res.writeHead(answer?.status ?? 200, { 'content-type': 'text/plain', ...answer?.headers }).end(answer?.body ?? 'ok');
      });
    });
    return receiver;
  }

  /** The full URL of a path on this receiver. */
  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** Answers the next requests to `path` with these answers, in order. */
  script(path: string, ...answers: ScriptedAnswer[]): void {
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...answers]);
  }

  /** From now on `path` answers 404 (a deleted webhook). */
  remove(path: string): void {
    this.gone.add(path);
  }

  /** Accepted posts to one path. */
  postsTo(path: string): ReceivedPost[] {
    return this.posts.filter((p) => p.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
