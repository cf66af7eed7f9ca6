/** A phrase trie over stemmed words, built once; matching walks a token stream in one pass. */

/** A phrase found in a stream: its payloads and the stream positions it covers (end exclusive). */
export interface TrieMatch<T> {
  start: number;
  end: number;
  payloads: readonly T[];
}

interface Node<T> {
  next: Map<string, Node<T>>;
  /** Reached through a `*` gap (skips up to gapMax words before continuing). */
  gap?: Node<T>;
  payloads?: T[];
}

const newNode = <T>(): Node<T> => ({ next: new Map() });

/**
 * What a scan without any match returns, shared (callers read a scan's result, never change it).
 * Not frozen: a frozen array's elements kind would make the loops over matches polymorphic.
 */
const NO_MATCHES: readonly TrieMatch<never>[] = [];

/** Phrase trie; phrases are arrays of stems, `*` being a gap of up to `gapMax` words. */
export class PhraseTrie<T> {
  private readonly root: Node<T> = newNode();
  constructor(private readonly gapMax: number) {}

  /** Adds a phrase; payloads of identical phrases accumulate. */
  add(stems: readonly string[], payload: T): void {
    let node = this.root;
    for (const s of stems) {
      if (s === '*') {
        node.gap ??= newNode();
        node = node.gap;
        continue;
      }
      let child = node.next.get(s);
      if (!child) {
        child = newNode();
        node.next.set(s, child);
      }
      node = child;
    }
    (node.payloads ??= []).push(payload);
  }

  /** Longest phrase starting at `start` (undefined when none; of equally long ones, the first `allAt` finds). */
  longestAt(stream: readonly string[], start: number): TrieMatch<T> | undefined {
    this.bestEnd = -1;
    this.bestPayloads = undefined;
    this.longest(this.root, stream, start, start);
    const payloads = this.bestPayloads;
    this.bestPayloads = undefined;
    return payloads === undefined ? undefined : { start, end: this.bestEnd, payloads };
  }

  // The longest match so far of longestAt (its walk, without a list of every match).
  private bestEnd = -1;
  private bestPayloads: readonly T[] | undefined;

  /** `walk`, keeping only the first longest match instead of listing them all. */
  private longest(from: Node<T>, stream: readonly string[], start: number, pos: number): void {
    let node: Node<T> | undefined = from;
    let p = pos;
    while (node) {
      if (node.payloads && p > start && p > this.bestEnd) {
        this.bestEnd = p;
        this.bestPayloads = node.payloads;
      }
      if (node.gap && p > start) {
        for (let skip = 0; skip <= this.gapMax && p + skip < stream.length; skip += 1) {
          const after = node.gap.next.get(stream[p + skip] as string);
          if (after) this.longest(after, stream, start, p + skip + 1);
        }
      }
      if (p >= stream.length) return;
      node = node.next.get(stream[p] as string);
      p += 1;
    }
  }

  /** Every phrase starting at `start`. */
  allAt(stream: readonly string[], start: number, out: TrieMatch<T>[]): void {
    this.walk(this.root, stream, start, start, out);
  }

  /** Follows `stream` from `pos` down the trie; plain edges iteratively, `*` gaps recursively. */
  private walk(from: Node<T>, stream: readonly string[], start: number, pos: number, out: TrieMatch<T>[]): void {
    let node: Node<T> | undefined = from;
    let p = pos;
    while (node) {
      if (node.payloads && p > start) out.push({ start, end: p, payloads: node.payloads });
      if (node.gap && p > start) {
        for (let skip = 0; skip <= this.gapMax && p + skip < stream.length; skip += 1) {
          const after = node.gap.next.get(stream[p + skip] as string);
          if (after) this.walk(after, stream, start, p + skip + 1, out);
        }
      }
      if (p >= stream.length) return;
      node = node.next.get(stream[p] as string);
      p += 1;
    }
  }

  /** Whether a phrase starts with `stem`. */
  opens(stem: string): boolean {
    return this.root.next.has(stem);
  }

  /**
   * Non-overlapping longest matches, left to right. `opens`, when given, says with bit `bit` at each
   * position whether `this.opens(stream[i])` (known in advance, it saves a lookup).
   */
  scanLongest(stream: readonly string[], opens?: readonly number[], bit = 0): readonly TrieMatch<T>[] {
    let out: TrieMatch<T>[] | undefined; // made at the first match: most streams have none
    for (let i = 0; i < stream.length;) {
      const open = opens === undefined ? this.root.next.has(stream[i] as string) : ((opens[i] as number) & bit) !== 0;
      const m = open ? this.longestAt(stream, i) : undefined;
      if (m) {
        (out ??= []).push(m);
        i = m.end;
      } else {
        i += 1;
      }
    }
    return out ?? NO_MATCHES;
  }

  /** Every match, overlaps included (`opens` and `bit` as for scanLongest). */
  scanAll(stream: readonly string[], opens?: readonly number[], bit = 0): readonly TrieMatch<T>[] {
    let out: TrieMatch<T>[] | undefined; // made at the first phrase opening: most streams have none
    for (let i = 0; i < stream.length; i += 1) {
      const open = opens === undefined ? this.root.next.has(stream[i] as string) : ((opens[i] as number) & bit) !== 0;
      if (open) this.allAt(stream, i, (out ??= []));
    }
    return out ?? NO_MATCHES;
  }
}
