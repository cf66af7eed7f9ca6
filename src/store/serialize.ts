/**
 * keyv's value format (`@keyv/serialize`: JSON where strings starting with ":" are escaped with a
 * second ":" and Buffers are ":base64:…" strings), written and read with the native JSON functions
 * whenever the text shows that the escaping plays no part: the rows stay byte for byte the ones
 * keyv writes, several times faster than keyv's recursive serializer and JSON reviver.
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

/** Serializers that give exactly what `slow` gives (keyv's defaults), natively when they can. */
export function fastSerializers(slow: KeyvSerializers): KeyvSerializers {
  return {
    serialize(data) {
      let json: string | undefined;
      try {
        json = JSON.stringify(data);
      } catch {
        // keyv decides what becomes of a value JSON refuses (or throws the same way).
      }
      return json !== undefined && !MAY_DIFFER.test(json) ? json : slow.serialize(data);
    },
    deserialize(text) {
      return MAY_DIFFER.test(text) ? slow.deserialize(text) : JSON.parse(text);
    },
  };
}
