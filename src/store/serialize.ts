/**
 * keyv's value format (`@keyv/serialize`: JSON where strings starting with ":" are escaped with a
 * second ":" and Buffers are ":base64:…" strings), written and read with the native JSON functions
 * whenever the escaping plays no part: the rows stay byte for byte the ones keyv writes, several
 * times faster than keyv's recursive serializer and JSON reviver.
 */

/**
 * Where the escaping could matter in JSON text: a string value starting with ":" follows `[`, `,`
 * or `:` (or opens the text), a Buffer serialises as `{"type":"Buffer",…}`, and keyv drops (where
 * JSON writes null) a function inside an array. Matches inside string contents only cost the slow path.
 */
const MAY_DIFFER = /^":|[[,:]":|"type":"Buffer"|[[,]null[,\]]/;

/** keyv's own functions, used whenever the fast path could differ from them. */
export interface KeyvSerializers {
  serialize: (data: unknown) => string | Promise<string>;
  deserialize: (text: string) => unknown;
}

/** Nesting past which a value is left to the text test (JSON and keyv both fail on cycles). */
const MAX_DEPTH = 64;

/**
 * What a value's shape says of its two serialisations: 'same' when it is plain data (plain objects,
 * arrays without holes, strings, numbers, booleans, null) with no string value starting with ":",
 * so JSON.stringify writes what keyv writes; 'escaped' when it is such data but a string needs
 * keyv's escape; 'unknown' for anything else (Buffers, dates and other toJSON, functions, class
 * instances), left to the text test. Reads the fields, never the characters of the strings.
 */
function shapeOf(value: unknown, depth = 0): 'same' | 'escaped' | 'unknown' {
  switch (typeof value) {
    case 'string': return value.charCodeAt(0) === 58 /* ":" */ ? 'escaped' : 'same';
    case 'number': case 'boolean': case 'undefined': return 'same';
    case 'object': break;
    default: return 'unknown';
  }
  if (value === null) return 'same';
  // JSON.stringify and keyv both call a toJSON (dates, Buffers, an object's own method) first.
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return 'unknown';
  const proto = Object.getPrototypeOf(value) as unknown;
  let found: 'same' | 'escaped' = 'same';
  if (proto === Array.prototype) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i += 1) {
      // A hole: keyv skips it where JSON writes null.
      if (!(i in list)) return 'unknown';
      const shape = shapeOf(list[i], depth + 1);
      if (shape === 'unknown') return shape;
      if (shape === 'escaped') found = shape;
    }
    return found;
  }
  if (proto !== Object.prototype && proto !== null) return 'unknown';
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const field = record[key];
    // Both leave out a property holding undefined or a function.
    if (field === undefined || typeof field === 'function') continue;
    const shape = shapeOf(field, depth + 1);
    if (shape === 'unknown') return shape;
    if (shape === 'escaped') found = shape;
  }
  return found;
}

/** Whether parsed JSON may hold a string value starting with ":" (keyv's reviver changes those); true past MAX_DEPTH. */
function holdsEscape(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.charCodeAt(0) === 58;
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) return value.some((v) => holdsEscape(v, depth + 1));
  for (const key in value) if (holdsEscape((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** Serializers that give exactly what `slow` gives (keyv's defaults), natively when they can. */
export function fastSerializers(slow: KeyvSerializers): KeyvSerializers {
  return {
    serialize(data) {
      const shape = shapeOf(data);
      if (shape === 'escaped') return slow.serialize(data);
      let json: string | undefined;
      try {
        json = JSON.stringify(data);
      } catch {
        // keyv decides what becomes of a value JSON refuses (or throws the same way).
      }
      if (json === undefined) return slow.serialize(data);
      return shape === 'same' || !MAY_DIFFER.test(json) ? json : slow.serialize(data);
    },
    deserialize(text) {
      const parsed: unknown = JSON.parse(text);
      return holdsEscape(parsed) ? slow.deserialize(text) : parsed;
    },
  };
}
