/**
 * saxes' CDATA state in slices: saxes reads a CDATA section one character at a time, and a feed's
 * descriptions are mostly CDATA. Only for parsers that do not track positions (see withFastCData).
 */
import { SaxesParser } from 'saxes';

/** saxes 6's internals that the CDATA fast path reads and writes (see withFastCData). */
interface SaxesInternals {
  chunk: string;
  i: number;
  prevI: number;
  text: string;
  state: number;
  stateTable?: ((this: SaxesInternals) => void)[];
  sCData(this: SaxesInternals): void;
  sCDataEnding(this: SaxesInternals): void;
}

/** saxes 6's states inside a CDATA section, and after a "]" in one. */
const S_CDATA = 20;
const S_CDATA_ENDING = 21;
const saxes = SaxesParser.prototype as unknown as SaxesInternals;
const saxesCData = saxes.sCData;

/**
 * What saxes reads otherwise than as plain text in a CDATA section: a character it refuses (a
 * control character, U+FFFE, U+FFFF, a lone surrogate) or normalises (a carriage return).
 */
const CDATA_UNPLAIN = /[\0-\x08\x0b-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What CDATA_UNPLAIN can match, and any surrogate: one class, read several times faster; most text holds none. */
const MAY_BE_UNPLAIN = /[\0-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]/;

/**
 * saxes' CDATA state, taking the text up to the next "]" (or the chunk's end) in one slice where
 * saxes reads it a character at a time (a feed's descriptions are mostly CDATA). Text holding
 * anything but plain characters goes to saxes' own loop, which reads it as always (and reports
 * what it refuses): the section's text and the parser's state come out the same either way.
 */
function fastCData(this: SaxesInternals): void {
  const { chunk, i } = this;
  const close = chunk.indexOf(']', i);
  const stop = close < 0 ? chunk.length : close;
  const text = chunk.slice(i, stop);
  if (MAY_BE_UNPLAIN.test(text) && CDATA_UNPLAIN.test(text)) {
    saxesCData.call(this);
    return;
  }
  this.text += text;
  this.prevI = stop;
  this.i = close < 0 ? stop : close + 1;
  if (close >= 0) this.state = S_CDATA_ENDING;
}

/**
 * Puts fastCData in place of saxes' CDATA state in `parser` when its state table is the one of
 * saxes 6, and says whether it did (another version keeps its own state). The parser must not track
 * positions: fastCData does not count lines and columns.
 */
export function withFastCData(parser: SaxesParser): boolean {
  const table = (parser as unknown as SaxesInternals).stateTable;
  if (table?.[S_CDATA] !== saxesCData || table[S_CDATA_ENDING] !== saxes.sCDataEnding) return false;
  table[S_CDATA] = fastCData;
  return true;
}
