import { describe, expect, it } from 'vitest';
import { collapse, elementBoundary, htmlToText, parsedText } from '../../src/core/html.js';
import { seededRandom } from '../../src/core/cv.js';
import { simpleMarkupText } from '../../src/core/simple-markup.js';

const read = (html: string): string | undefined => simpleMarkupText(html, elementBoundary);

const NAMES = ['p', 'P', 'br', 'div', 'span', 'a', 'A', 'strong', 'em', 'i', 'img', 'hr', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'figure', 'section', 'td', 'table', 'figcaption', 'script', 'form', 'image', 'pre'];
const TEXTS = ['Panne', ' géante ', '\n', '\u00a0', '  ', 'l’hôpital', ' > ', '"', "'", '=', '/', 'a < b', '&amp;', '\r', 'x'];
const ATTRIBUTES = ['', ' href="https://a.example/x?y=1"', " title='a > b'", ' class=une/deux', ' hidden', ' data-x = "1" ', ' /', '/', ' a="b"c', " =x", ' q="x>y" r=\'z\''];

/** A random fragment of feed markup: text, start and end tags of common and uncommon elements, attributes, damage. */
function fragment(r: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  let html = '';
  const parts = 1 + Math.floor(r() * 14);
  for (let i = 0; i < parts; i++) {
    const kind = r();
    if (kind < 0.4) html += pick(TEXTS);
    else if (kind < 0.7) html += `<${pick(NAMES)}${pick(ATTRIBUTES)}>`;
    else if (kind < 0.95) html += `</${pick(NAMES)}${r() < 0.1 ? ' x="1"' : ''}>`;
    else html += pick(['<', '</', '<!-- c -->', '< p>', '</ p>', '</>', '<p', '<a href="x', '<![CDATA[x]]>']);
  }
  return html;
}

describe('simpleMarkupText', () => {
  it('reads exactly what htmlparser2 reads, whenever it answers (5,000 random fragments)', () => {
    const r = seededRandom(7);
    let answered = 0;
    for (let n = 0; n < 5000; n++) {
      const html = fragment(r);
      const simple = read(html);
      if (simple === undefined) continue;
      answered += 1;
      expect(simple, html).toBe(parsedText(html));
    }
    // The comparison must have been made on many fragments, not only on the ones it declines.
    expect(answered).toBeGreaterThan(1000);
  });

  it('answers for plain feed descriptions: paragraphs, links with attributes, emphasis, line breaks, lists', () => {
    const html = '<p><strong>Kermont, lundi 3, 8 h 15.</strong> La mairie est <a href="https://a.example/x?id=2" target=_blank>paralysée</a>.</p>'
      + '<p>Les services<br/>sont à l’arrêt.<img src="a.jpg" alt="x > y"></p><ul><li>un<li>deux</ul>';
    expect(read(html)).toBe(parsedText(html));
    expect(htmlToText(html)).toBe('Kermont, lundi 3, 8 h 15. La mairie est paralysée.\nLes services\nsont à l’arrêt.\nun\ndeux');
  });

  it('repeats htmlparser2’s repairs: implied ends, a stray </p> or </br>, ignored void ends, elements left open', () => {
    for (const html of ['<p>a<div>b</div>c', 'a</p>b', 'a</br>b', 'a</hr>b</img>c', '<strong><p>x</strong>y', '<a>x<a>y</a>z', '<h2>t<h3>u</h2>v', '<li>a<li>b</ul>c']) {
      expect(read(html), html).toBe(parsedText(html));
    }
  });

  it('declines entities, comments, CDATA, other elements and damaged tags, which htmlparser2 reads', () => {
    for (const html of ['a &amp; b', 'a<!-- x -->b', '<![CDATA[x]]>', '<table><tr><td>a</td></tr></table>', '<figcaption>© AFP</figcaption>', '<script>x</script>', 'a < b', '< p>x', '</ p>', 'a</>b', '<p', '<a href="x', 'x</p']) {
      expect(read(html), html).toBeUndefined();
      expect(htmlToText(html)).toBe(collapse(parsedText(html)));
    }
  });
});
