/** saxes' CDATA state in slices: installed on saxes 6 (what it reads is checked against the slow reader in xml-tree.test.ts). */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { withFastCData } from '../../src/feeds/saxes-cdata.js';

describe('withFastCData()', () => {
  it('takes the place of saxes 6\'s CDATA state (an upgrade that moves it is noticed here)', () => {
    expect(withFastCData(new SaxesParser({ position: false }))).toBe(true);
  });

  it('reads a CDATA section with "]" inside it, and its text comes out whole', () => {
    const parser = new SaxesParser({ position: false });
    withFastCData(parser);
    const seen: string[] = [];
    parser.on('cdata', (text) => seen.push(text));
    parser.write('<a><![CDATA[x ] y ]] z ]]]>').write('<![CDATA[é\n« b »]]></a>').close();
    expect(seen).toEqual(['x ] y ]] z ]', 'é\n« b »']);
  });
});
