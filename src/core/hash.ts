/**
 * Small non-cryptographic hashes, deterministic on every platform: 32-bit ones over UTF-16 code
 * units, and a 64-bit one over UTF-8 bytes for store keys. Pure.
 */

/** FNV-1a's starting state. */
export const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a's multiplier. */
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a's state after `text`, from state `h`, as a signed 32-bit integer (the bits of `fnv1a`,
 * which V8 keeps a small integer): hashes a text read in pieces without joining them.
 */
export function fnv1aOn(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** 32-bit FNV-1a hash of a string (UTF-16 code units). */
export function fnv1a(text: string): number {
  return fnv1aOn(FNV_OFFSET, text) >>> 0;
}

/** `fmix32` as a signed 32-bit integer (the same bits), which V8 keeps a small integer. */
export function fmix32i(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
export function fmix32(x: number): number {
  return fmix32i(x) >>> 0;
}

/** FNV-1a 64-bit hash of the UTF-8 bytes of `text`, as 16 lower-case hex digits. Stable across runs. */
export function fnv1a64(text: string): string {
  // The 64-bit state as four 16-bit limbs (l3 the highest), so that every product stays a small
  // integer; prime = 2^40 + 0x1b3, i.e. 0x1b3 at limb 0 and 0x100 at limb 2. UTF-8 is encoded as
  // it is read (a lone surrogate as U+FFFD, as TextEncoder writes it), without an encoded copy.
  let l0 = 0x2325;
  let l1 = 0x8422;
  let l2 = 0x9ce4;
  let l3 = 0xcbf2;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    let bytes: number; // the code point's UTF-8 bytes, the first in the lowest 8 bits
    let count: number;
    if (c < 0x80) {
      bytes = c;
      count = 1;
    } else if (c < 0x800) {
      bytes = (0xc0 | (c >> 6)) | ((0x80 | (c & 63)) << 8);
      count = 2;
    } else {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
        bytes = (0xf0 | (cp >> 18)) | ((0x80 | ((cp >> 12) & 63)) << 8) | ((0x80 | ((cp >> 6) & 63)) << 16) | ((0x80 | (cp & 63)) << 24);
        count = 4;
      } else {
        const u = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
        bytes = (0xe0 | (u >> 12)) | ((0x80 | ((u >> 6) & 63)) << 8) | ((0x80 | (u & 63)) << 16);
        count = 3;
      }
    }
    for (let k = 0; k < count; k += 1) {
      l0 ^= (bytes >>> (8 * k)) & 0xff;
      const t0 = l0 * 0x1b3;
      const t1 = l1 * 0x1b3 + (t0 >>> 16);
      const t2 = l2 * 0x1b3 + (l0 << 8) + (t1 >>> 16);
      const t3 = l3 * 0x1b3 + (l1 << 8) + (t2 >>> 16);
      l0 = t0 & 0xffff;
      l1 = t1 & 0xffff;
      l2 = t2 & 0xffff;
      l3 = t3 & 0xffff;
    }
  }
  return hex8((l3 << 16) | l2) + hex8((l1 << 16) | l0);
}

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}
