import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetParam, decodeFeedBody, decodeUtf8WithFallback, repairMojibake } from '../../src/feeds/decode.js';

const TEXT = 'Cyberattaque à l’hôpital : « données exfiltrées », coût 40 000 € — œuvre d’un groupe';
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const cp1252 = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'windows-1252'));
const xml = (decl: string, body: string): string => `${decl}<rss version="2.0"><channel><title>${body}</title></channel></rss>`;

describe('decodeFeedBody: where the charset comes from', () => {
  it('uses the charset of the Content-Type header first', () => {
    const decoded = decodeFeedBody(cp1252(xml('<?xml version="1.0"?>', TEXT)), 'text/xml; charset=windows-1252');
    expect(decoded.text).toContain(TEXT);
    expect(decoded).toMatchObject({ charset: 'windows-1252', from: 'header' });
  });

  it('prefers the header over a contradicting XML prolog', () => {
    const body = cp1252(xml('<?xml version="1.0" encoding="UTF-8"?>', 'Sécurité'));
    expect(decodeFeedBody(body, 'application/rss+xml; charset="ISO-8859-1"').text).toContain('Sécurité');
  });

  it('uses the XML prolog when the header has no charset', () => {
    const decoded = decodeFeedBody(cp1252(xml('<?xml version="1.0" encoding="ISO-8859-1"?>', 'Hôpital de Châteaubriant')), 'application/rss+xml');
    expect(decoded.text).toContain('Hôpital de Châteaubriant');
    expect(decoded.from).toBe('prolog');
  });

  it('reads ISO-8859-1 as windows-1252, so curly quotes, € and œ survive', () => {
    const decoded = decodeFeedBody(cp1252(xml('', TEXT)), 'text/xml; charset=iso-8859-1');
    expect(decoded.text).toContain(TEXT);
  });

  it('falls back to windows-1252 when nothing is declared and the bytes are not UTF-8', () => {
    const decoded = decodeFeedBody(cp1252(xml('<?xml version="1.0"?>', TEXT)), undefined);
    expect(decoded.text).toContain(TEXT);
    expect(decoded).toMatchObject({ charset: 'windows-1252', from: 'default' });
  });

  it('reads undeclared valid UTF-8 as UTF-8', () => {
    expect(decodeFeedBody(utf8(xml('', TEXT)), undefined)).toMatchObject({ charset: 'utf-8', from: 'default' });
  });

  it('reads UTF-8 bytes as UTF-8 even when labelled ISO-8859-1', () => {
    const decoded = decodeFeedBody(utf8(xml('<?xml version="1.0" encoding="ISO-8859-1"?>', TEXT)), undefined);
    expect(decoded.text).toContain(TEXT);
    expect(decoded.charset).toBe('utf-8');
  });

  it('decodes each stray Latin-1 byte of a mostly UTF-8 document as windows-1252', () => {
    const body = Buffer.concat([Buffer.from('<t>Grève à Nantes</t>', 'utf8'), Buffer.from('<t>Contrôleurs aériens</t>', 'latin1')]);
    const decoded = decodeFeedBody(new Uint8Array(body), 'text/xml; charset=utf-8');
    expect(decoded.text).toBe('<t>Grève à Nantes</t><t>Contrôleurs aériens</t>');
    expect(decoded.charset).toBe('utf-8+windows-1252');
  });

  it('honours a UTF-8 byte order mark and strips it', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<rss>été</rss>')]);
    expect(decodeFeedBody(body, 'text/xml; charset=iso-8859-1')).toMatchObject({ text: '<rss>été</rss>', from: 'bom' });
  });

  it('decodes UTF-16 documents with a byte order mark', () => {
    const body = new Uint8Array(iconv.encode('<rss>Sécurité</rss>', 'utf-16le', { addBOM: true }));
    expect(decodeFeedBody(body, undefined).text).toBe('<rss>Sécurité</rss>');
  });

  it('falls back to UTF-8 detection for an unknown charset label', () => {
    expect(decodeFeedBody(utf8('<rss>été</rss>'), 'text/xml; charset=x-unknown').text).toBe('<rss>été</rss>');
  });
});

describe('repairMojibake', () => {
  it('repairs UTF-8 that was decoded as windows-1252 once', () => {
    const broken = Buffer.from(TEXT, 'utf8').toString('latin1').replace(/[\u0080-\u009f]/g, (c) => iconv.decode(Buffer.from([c.charCodeAt(0)]), 'windows-1252'));
    expect(broken).toContain('Ã');
    expect(repairMojibake(broken).text).toBe(TEXT);
  });

  it('repairs text encoded wrongly twice', () => {
    const once = iconv.decode(Buffer.from('été', 'utf8'), 'windows-1252');
    const twice = iconv.decode(Buffer.from(once, 'utf8'), 'windows-1252');
    expect(repairMojibake(twice).text).toBe('été');
  });

  it('counts repairs and leaves correct French text untouched', () => {
    expect(repairMojibake('lâ€™hÃ´pital')).toEqual({ text: 'l’hôpital', count: 2 });
    const french = 'À Évry, Ça ira ; « Ô Canada » — 3° étage, ÉTÉ, Ç©';
    expect(repairMojibake(french).text).toBe(french);
  });
});

describe('decodeUtf8WithFallback and charsetParam', () => {
  it('rejects overlong and surrogate sequences as UTF-8 and maps their bytes individually', () => {
    const { text } = decodeUtf8WithFallback(new Uint8Array([0x61, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x62]));
    expect(text).toBe('aÀ¯í\u00a0€b');
  });

  it('reads the charset parameter in any case and with quotes', () => {
    expect(charsetParam('text/xml; Charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(charsetParam('application/rss+xml')).toBeUndefined();
    expect(charsetParam(undefined)).toBeUndefined();
  });
});
