import { describe, expect, it } from 'vitest';
import { collapse, htmlToLine, htmlToText } from '../../src/core/html.js';

describe('htmlToText', () => {
  it('strips tags and keeps the text of inline elements', () => {
    expect(htmlToText('Les urgences ont été <strong>délestées</strong> vers <a href="/x">Lille</a>.')).toBe(
      'Les urgences ont été délestées vers Lille.',
    );
  });

  it('turns paragraphs, line breaks and list items into separate lines', () => {
    const html = '<p>Premier paragraphe.</p><p>Second<br>avec saut.</p><ul><li>un</li><li>deux</li></ul>';
    expect(htmlToText(html)).toBe('Premier paragraphe.\nSecond\navec saut.\nun\ndeux');
  });

  it('separates table cells with spaces instead of gluing them', () => {
    expect(htmlToText('<table><tr><td>Orange</td><td>SFR</td></tr><tr><td>Free</td></tr></table>')).toBe('Orange SFR\nFree');
  });

  it('drops script, style, noscript and figure captions (photo credits)', () => {
    const html = '<p>Texte utile.</p><script>var a = "<p>faux</p>";</script><style>p{color:red}</style>'
      + '<noscript>Activez JavaScript</noscript><figure><img src="a.jpg"><figcaption>© AFP</figcaption></figure>';
    expect(htmlToText(html)).toBe('Texte utile.');
  });

  it('decodes named, decimal and hexadecimal entities', () => {
    expect(htmlToText('l&rsquo;h&ocirc;pital &#171;&nbsp;ferm&eacute;&nbsp;&#xBB; &amp; co')).toBe('l’hôpital « fermé » & co');
  });

  it('decodes entities that were escaped twice by the feed', () => {
    expect(htmlToText('L&amp;#039;ANSSI enqu&amp;ecirc;te')).toBe("L'ANSSI enquête");
  });

  it('collapses runs of spaces, tabs and non-breaking spaces and removes empty lines', () => {
    expect(htmlToText('  Panne \t\u00a0 géante\n\n\n   chez   l’hébergeur  ')).toBe('Panne géante\nchez l’hébergeur');
  });

  it('removes zero-width characters and soft hyphens', () => {
    expect(htmlToText('rançon\u00adgiciel\u200b signalé\ufeff')).toBe('rançongiciel signalé');
  });

  it('leaves a lone "<" that starts no tag as text', () => {
    expect(htmlToText('moins de 5 % des postes < 10 ans')).toBe('moins de 5 % des postes < 10 ans');
  });

  it('returns an empty string for empty input and markup without text', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<p> </p><br/><img src="x.png">')).toBe('');
  });

  it('keeps unknown entity-like text untouched', () => {
    expect(htmlToText('R&D et AT&T; &foo;')).toBe('R&D et AT&T; &foo;');
  });
});

describe('htmlToLine and collapse', () => {
  it('htmlToLine puts every block on one line', () => {
    expect(htmlToLine('<p>Cyberattaque</p><p>à Lyon</p>')).toBe('Cyberattaque à Lyon');
  });

  it('collapse normalises Windows line endings', () => {
    expect(collapse('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('collapse gives every run of spaces one space and every run holding a line break one line break, trimmed', () => {
    // Lines trimmed, empty ones dropped, spaces within a line made one: what collapse promises, written plainly.
    const reference = (text: string): string => text.split('\n').map((line) => line.replace(/[\t\f\v \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim())
      .filter((line) => line.length > 0).join('\n');
    const alphabet = [' ', ' ', ' ', 'a', 'é', 'b', '\n', '\t', '\u00a0', '\u2009', '\u3000', '\f'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % n;
    };
    for (let k = 0; k < 5000; k++) {
      let text = '';
      for (let i = next(14); i > 0; i--) text += alphabet[next(alphabet.length)];
      expect(collapse(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
