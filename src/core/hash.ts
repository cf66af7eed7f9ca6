/** Small non-cryptographic hashes over UTF-16 code units, deterministic on every platform. Pure. */

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
