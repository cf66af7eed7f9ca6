import { describe, expect, it } from 'vitest';
import { doctypeEnd, feedStart, rootElement } from '../../src/feeds/scan.js';

describe('doctypeEnd', () => {
  it('ends a DOCTYPE without internal subset at its ">"', () => {
    const text = '<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x.dtd"><rss/>';
    expect(text.slice(doctypeEnd(text, 0))).toBe('<rss/>');
  });

  it('ends an internal subset at "]" followed by ">" after blanks', () => {
    const text = '<!DOCTYPE r [ <!ELEMENT r ANY> ] \n><r/>';
    expect(text.slice(doctypeEnd(text, 0))).toBe('<r/>');
  });

  it('ends a broken internal subset at the first start tag, in linear time', () => {
    const text = `<!DOCTYPE rss [${'[a]'.repeat(100_000)}[ <rss version="2.0"></rss>`;
    expect(text.slice(doctypeEnd(text, 0))).toBe('<rss version="2.0"></rss>');
  });

  it('answers -1 for an unclosed DOCTYPE', () => {
    expect(doctypeEnd('<!DOCTYPE rss [ <!ELEMENT', 0)).toBe(-1);
    expect(doctypeEnd('<!DOCTYPE rss', 0)).toBe(-1);
  });
});

describe('rootElement', () => {
  it('skips the declaration, comments, processing instructions and a DOCTYPE', () => {
    const text = '\uFEFF <?xml version="1.0"?>\n<!-- généré --><?xml-stylesheet href="a.xsl"?><!DOCTYPE html PUBLIC "x" "y"><rss version="2.0">';
    expect(rootElement(text)).toEqual({ name: 'rss', index: text.indexOf('<rss') });
  });

  it('is undefined when text or an unclosed prolog comes first', () => {
    expect(rootElement('Notice: oops <rss>')).toBeUndefined();
    expect(rootElement('<?xml version="1.0"?><!-- jamais fermé <rss>')).toBeUndefined();
  });
});

describe('feedStart', () => {
  it('is 0 for a feed, and skips junk before <?xml, <rss or <feed', () => {
    expect(feedStart('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>')).toBe(0);
    const junk = '<br />\n<b>Warning</b>: include(x.php) failed<br />\n';
    expect(feedStart(`${junk}<?xml version="1.0"?><rss/>`)).toBe(junk.length);
    expect(feedStart(`${junk}<rdf:RDF xmlns:rdf="r"/>`)).toBe(junk.length);
  });

  it('is undefined for an HTML page, even one that mentions <rss in a script', () => {
    expect(feedStart('<!DOCTYPE html><html><body><script>var s = "<rss";</script></body></html>')).toBeUndefined();
  });
});
