/** Scratch of `StoryIndex` queries: per-entry counters kept between queries instead of allocated per query. */

/**
 * Per-entry scratch of a query, reused from one query to the next (a query touches a few entries, it
 * never clears all of them): shared-stem counts, and the entries kept for a full comparison.
 */
export class Tally {
  count = new Int32Array(64);
  /** Last query term that counted each entry: one term counts once even when met twice. */
  private lastTerm = new Int32Array(64);
  /** Query (or holder count) that last saw each entry; stale values are ignored. */
  private seenBy = new Int32Array(64);
  private heldBy = new Int32Array(64);
  private query = 0;
  private holderRound = 0;
  touched: number[] = [];
  keep = new Set<number>();

  /** Starts a query over `size` entries. */
  reset(size: number): void {
    if (this.count.length < size) {
      const grown = Math.max(size, this.count.length * 2);
      this.count = new Int32Array(grown);
      this.lastTerm = new Int32Array(grown);
      this.seenBy = new Int32Array(grown);
      this.heldBy = new Int32Array(grown);
    }
    this.query++;
    this.touched = [];
    this.keep = new Set<number>();
  }

  /** Counts entry `i` once for term number `term`; false when it was already counted for it. */
  hit(i: number, term: number): boolean {
    if (this.seenBy[i] !== this.query) {
      this.seenBy[i] = this.query;
      this.count[i] = 0;
      this.lastTerm[i] = -1;
      this.touched.push(i);
    }
    if (this.lastTerm[i] === term) return false;
    this.lastTerm[i] = term;
    this.count[i] = (this.count[i] as number) + 1;
    return true;
  }

  /** The stems entry `i` was counted for in this query (0 when never met). */
  counted(i: number): number {
    return this.seenBy[i] === this.query ? (this.count[i] as number) : 0;
  }

  /** Whether more than `limit` distinct entries are in `lists` (stops counting past it). */
  moreThan(lists: readonly (readonly number[])[], limit: number): boolean {
    if (lists.reduce((n, l) => n + l.length, 0) <= limit) return false;
    const round = ++this.holderRound;
    let holders = 0;
    for (const list of lists) {
      for (const i of list) {
        if (this.heldBy[i] === round) continue;
        this.heldBy[i] = round;
        if (++holders > limit) return true;
      }
    }
    return false;
  }
}
