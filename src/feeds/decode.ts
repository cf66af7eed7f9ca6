/**
 * Bytes of a feed to text: charset from the BOM, the HTTP header, the XML prolog, else UTF-8 with a
 * windows-1252 fallback per invalid byte; then repair of double-encoded UTF-8 ("Ã©" → "é").
 */
import iconv from 'iconv-lite';

/** The decoded text and how it was decoded (for logs). */
export interface DecodedBody {
  text: string;
  /** Charset actually used ("utf-8", "windows-1252", "utf-8+windows-1252" for mixed bytes, …). */
  charset: string;
  /** Where the charset came from. */
  from: 'bom' | 'header' | 'prolog' | 'default';
  /** Double-encoded sequences repaired. */
  mojibakeRepairs: number;
}

const LATIN1_LABELS = new Set([
  'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'cp819', 'ibm819', 'us-ascii', 'ascii',
  'windows-1252', 'cp1252', 'x-cp1252',
]);
const WIN1252 = Array.from({ length: 128 }, (_, i) => iconv.decode(Buffer.from([0x80 + i]), 'windows-1252'));
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decodes a feed body; `contentType` is the response's Content-Type header. */
export function decodeFeedBody(body: Uint8Array, contentType: string | undefined): DecodedBody {
  const bom = bomCharset(body);
  if (bom !== undefined) {
    const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), bom.charset, { stripBOM: true });
    return withRepairs(text, bom.charset, 'bom');
  }
  const header = charsetParam(contentType);
  const prolog = header === undefined ? prologCharset(body) : undefined;
  const declared = normaliseLabel(header ?? prolog);
  const from = header !== undefined ? 'header' : prolog !== undefined ? 'prolog' : 'default';
  if (declared === undefined || declared === 'utf-8') {
    const { text, charset } = decodeUtf8WithFallback(body);
    return withRepairs(text, charset, from);
  }
  // A label that cannot be right: UTF-16/32 on bytes without any NUL (ASCII markup would have them),
  // or any other charset on bytes that are valid UTF-8 with non-ASCII (seen on French regional
  // feeds: text in a legacy charset is essentially never valid UTF-8). The bytes are trusted.
  if (/^utf-?(16|32)/.test(declared)) {
    if (!body.subarray(0, 512).includes(0)) return withRepairs(decodeUtf8WithFallback(body).text, 'utf-8', from);
  } else if (hasHighBytes(body) && isValidUtf8(body)) {
    return withRepairs(lenientUtf8.decode(body), 'utf-8', from);
  }
  const charset = LATIN1_LABELS.has(declared) ? 'windows-1252' : declared;
  return withRepairs(iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), charset), charset, from);
}

function withRepairs(text: string, charset: string, from: DecodedBody['from']): DecodedBody {
  const repaired = repairMojibake(text);
  return { text: repaired.text, charset, from, mojibakeRepairs: repaired.count };
}

function bomCharset(body: Uint8Array): { charset: string } | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8' };
  if (body[0] === 0xff && body[1] === 0xfe && body[2] === 0x00 && body[3] === 0x00) return { charset: 'utf-32le' };
  if (body[0] === 0x00 && body[1] === 0x00 && body[2] === 0xfe && body[3] === 0xff) return { charset: 'utf-32be' };
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x00 && body[3] === 0x00) return { charset: 'utf-32le' }; // "<" without BOM
  if (body[0] === 0x00 && body[1] === 0x00 && body[2] === 0x00 && body[3] === 0x3c) return { charset: 'utf-32be' };
  if (body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le' };
  if (body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be' };
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f) return { charset: 'utf-16le' }; // "<?" without BOM
  if (body[0] === 0x00 && body[1] === 0x3c && body[3] === 0x3f) return { charset: 'utf-16be' };
  return undefined;
}

/** The `charset` parameter of a Content-Type header value, lower-cased. */
export function charsetParam(contentType: string | undefined): string | undefined {
  // Quoted labels, single or double ("charset='us-ascii'"), are read without their quotes.
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

function prologCharset(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 512)).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase();
}

function normaliseLabel(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const label = raw.replace(/["']/g, '');
  if (label === 'utf8' || label === 'utf-8' || label === 'unicode-1-1-utf-8') return 'utf-8';
  if (LATIN1_LABELS.has(label)) return label;
  return iconv.encodingExists(label) ? label : undefined;
}

/** UTF-8 when valid; otherwise each byte that is not part of a valid UTF-8 sequence is read as windows-1252. */
export function decodeUtf8WithFallback(body: Uint8Array): { text: string; charset: string } {
  try {
    return { text: strictUtf8.decode(body), charset: 'utf-8' };
  } catch {
    // Mixed or single-byte content: fall through to the per-byte decoder.
  }
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  let valid = 0;
  while (i < body.length) {
    const byte = body[i] ?? 0;
    if (byte < 0x80) {
      i += 1;
      continue;
    }
    const length = utf8SequenceLength(body, i);
    if (length > 0) {
      valid += 1;
      i += length;
      continue;
    }
    parts.push(lenientUtf8.decode(body.subarray(runStart, i)), WIN1252[byte - 0x80] ?? '\ufffd');
    i += 1;
    runStart = i;
  }
  parts.push(lenientUtf8.decode(body.subarray(runStart)));
  return { text: parts.join(''), charset: valid > 0 ? 'utf-8+windows-1252' : 'windows-1252' };
}

function utf8SequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i] ?? 0;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const v = b[i + k];
    return v !== undefined && v >= lo && v <= hi;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (lead === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (lead === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (lead === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

function isValidUtf8(body: Uint8Array): boolean {
  try {
    strictUtf8.decode(body);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(body: Uint8Array): boolean {
  for (const byte of body) if (byte >= 0x80) return true;
  return false;
}

// Characters that windows-1252 maps from the bytes 0x80–0xBF (UTF-8 continuation bytes).
const CONT = '[\\u0080-\\u00BF\\u20AC\\u201A\\u0192\\u201E\\u2026\\u2020\\u2021\\u02C6\\u2030\\u0160\\u2039\\u0152\\u017D\\u2018\\u2019\\u201C\\u201D\\u2022\\u2013\\u2014\\u02DC\\u2122\\u0161\\u203A\\u0153\\u017E\\u0178]';
const MOJIBAKE = new RegExp(`[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`, 'g');
const ENCODE_1252 = new Map<string, number>(
  Array.from({ length: 256 }, (_, b): [string, number] => [b < 0x80 ? String.fromCharCode(b) : WIN1252[b - 0x80] ?? '', b]),
);

/**
 * Repairs UTF-8 that was decoded as windows-1252/Latin-1 and re-encoded ("Ã©tÃ©" → "été",
 * "lâ€™hÃ´pital" → "l’hôpital"). A sequence is replaced only when its bytes are valid UTF-8 for one
 * Latin or punctuation character, so genuine text is left alone.
 */
export function repairMojibake(text: string): { text: string; count: number } {
  let count = 0;
  let current = text;
  for (let pass = 0; pass < 2; pass += 1) {
    let changed = 0;
    current = current.replace(MOJIBAKE, (seq) => {
      const bytes: number[] = [];
      for (const ch of seq) bytes.push(ENCODE_1252.get(ch) ?? (ch.charCodeAt(0) <= 0xff ? ch.charCodeAt(0) : -1));
      if (bytes.includes(-1)) return seq;
      let decoded: string;
      try {
        decoded = strictUtf8.decode(Uint8Array.from(bytes));
      } catch {
        return seq;
      }
      if (!/^[\u00A0-\u017F\u2010-\u206F\u20AC\u2122]$/u.test(decoded)) return seq;
      changed += 1;
      return decoded;
    });
    count += changed;
    if (changed === 0) break;
  }
  return { text: current, count };
}
