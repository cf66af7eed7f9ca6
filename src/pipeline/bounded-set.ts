import { fmix32, fnv1a } from '../core/hash.js';

/**
 * A set of strings holding at most `capacity` members, least recently used dropped first. Members
 * are kept as 64-bit digests (a 4-character string each) rather than as themselves: a poller
 * remembers up to 200,000 seen marks, and the marks (URLs) took about three times the memory.
 */
export class BoundedSet {
  private readonly members = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when the value is a member; a member found becomes the most recently used. */
  has(value: string): boolean {
    const key = digest(value);
    if (!this.members.has(key)) return false;
    // Items still in their feed are asked for every cycle: keep them, forget the ones gone.
    this.members.delete(key);
    this.members.add(key);
    return true;
  }

  /** Adds the value, evicting the least recently used member when full. */
  add(value: string): void {
    const key = digest(value);
    if (this.members.has(key)) return;
    if (this.members.size >= this.capacity) {
      const oldest = this.members.values().next().value;
      if (oldest !== undefined) this.members.delete(oldest);
    }
    this.members.add(key);
  }

  /** How many members it holds. */
  get size(): number {
    return this.members.size;
  }
}

/**
 * Two independent 32-bit hashes of the UTF-16 code units (FNV-1a, and a multiply-xorshift), each
 * finished by MurmurHash3's mixer, as four 16-bit characters. Two distinct values share a digest
 * with a chance of about 1 in 2^64 per pair: among 200,000 members, a new value is taken for one of
 * them about once in 10^14 tries.
 */
export function digest(value: string): string {
  const a = fmix32(fnv1a(value));
  let b = 0x9747b28c ^ value.length;
  for (let i = 0; i < value.length; i++) {
    b = Math.imul(b ^ value.charCodeAt(i), 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = fmix32(b);
  return String.fromCharCode(a >>> 16, a & 0xffff, b >>> 16, b & 0xffff);
}
