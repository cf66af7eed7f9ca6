/**
 * Read coalescing: the reads a backend is asked for in one turn of the event loop (a delivery
 * batch fetching its alerts and destination with `Promise.all`, say) become one backend read.
 */

/** Raw stored values of a set of keys (absent keys may be left out). */
export type ReadRows = (keys: string[]) => Promise<Map<string, unknown>>;

interface Request {
  keys: string[];
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** Queues reads until the current microtask queue is drained, then reads every key once. */
export class ReadBatcher {
  private pending: Request[] | undefined;

  constructor(private readonly readRows: ReadRows) {}

  /** The raw values of `keys`, in order (undefined when absent); rejects when the batch's read fails. */
  read(keys: string[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (this.pending === undefined) {
        this.pending = [];
        queueMicrotask(() => void this.flush());
      }
      this.pending.push({ keys, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending ?? [];
    this.pending = undefined;
    try {
      const rows = await this.readRows(batch.length === 1 ? batch[0]!.keys : [...new Set(batch.flatMap((r) => r.keys))]);
      for (const request of batch) request.resolve(request.keys.map((key) => rows.get(key)));
    } catch (error) {
      for (const request of batch) request.reject(error);
    }
  }
}
