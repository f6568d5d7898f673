import { describe, expect, it } from 'vitest';
import { createContext } from './context.js';
import { parseHtml } from './html.js';
import { resolveLimits } from './limits.js';

const html = (text: string) => parseHtml(text, createContext(resolveLimits()));
const allText = (r: ReturnType<typeof html>) => JSON.stringify(r);

describe('parseHtml', () => {
  it('splits at headings, keeps the path and takes <title>', () => {
    const r = html(`<!doctype html><html><head><title> Ward  manual </title><style>p{color:red}</style></head>
      <body><h1>Nursing</h1><p>Intro.</p><h2>Hand <em>hygiene</em></h2><p>Wash.</p><h2>Falls</h2><p>Assess.</p></body></html>`);
    expect(r.title).toBe('Ward manual');
    expect(r.sections).toEqual([
      { text: 'Intro.', heading: 'Nursing', path: ['Nursing'] },
      { text: 'Wash.', heading: 'Hand hygiene', path: ['Nursing', 'Hand hygiene'] },
      { text: 'Assess.', heading: 'Falls', path: ['Nursing', 'Falls'] },
    ]);
  });

  it('falls back to the first h1 for the title', () => {
    expect(html('<h1>Claims</h1><p>x</p>').title).toBe('Claims');
  });

  it('separates block elements, list items, rows and cells', () => {
    const r = html(
      '<div>First<p>Second</p>Third</div><ul><li>one</li><li>two</li></ul>' +
        '<table><tr><th>Drug</th><th>Dose</th></tr><tr><td><p>Aspirin</p></td><td>75 mg</td></tr></table>' +
        'a<br>b<pre>  keep\n  lines</pre>inline <b>bold</b> <i>text</i>',
    );
    expect(r.sections[0]?.text).toBe(
      'First\n\nSecond\n\nThird\n\none\ntwo\n\nDrug | Dose\nAspirin | 75 mg\n\na\nb\n\nkeep\nlines\n\ninline bold text',
    );
  });

  it('turns source line breaks into spaces outside <pre>', () => {
    expect(html('<p>wash\n   your\thands</p>').sections[0]?.text).toBe('wash your hands');
  });

  it('drops scripts, styles, templates, noscript and event handler values', () => {
    const r = html(
      '<p>Safe text.</p><script>alert(1)</script><SCRIPT type="module">alert(2)</SCRIPT>' +
        '<img src=x onerror="alert(3)"><a href="javascript:alert(4)" onclick="alert(5)">link</a>' +
        '<style>body{background:url(javascript:alert(6))}</style><template><p>alert(7)</p></template>' +
        '<noscript>alert(8)</noscript><svg><script>alert(9)</script><text>alert(10)</text></svg>' +
        '<iframe srcdoc="<script>alert(11)</script>">alert(12)</iframe><div hidden>alert(13)</div>' +
        '<!-- alert(14) --><body onload="alert(15)"></body>',
    );
    const out = allText(r);
    expect(r.sections[0]?.text).toBe('Safe text.\n\nlink');
    expect(out).not.toMatch(/alert|onerror|onclick|javascript/);
  });

  it('reads markup tricks the way a browser does', () => {
    // "<scr<script>" is one element named "scr<script" (the tokenizer allows '<' in tag names),
    // so a browser shows "ipt>alert(1)" as text and runs nothing: a regex stripper would
    // have produced a live <script> here.
    const r = html('<p>before</p><scr<script>ipt>alert(1)</script><p>after</p>');
    expect(r.sections[0]?.text).toBe('before\n\nipt>alert(1)\n\nafter');
    // Real script content is dropped however the tag is spelled.
    expect(allText(html('<p>a</p><ScRiPt\n>alert(1)</sCrIpT\n><p>b</p>'))).not.toContain('alert');
    // A comment that never closes swallows the rest, as in a browser.
    expect(html('<p>x</p><!-- <p>alert(2)</p>').sections[0]?.text).toBe('x');
    // Entities are decoded; an encoded tag stays text and is never parsed again.
    expect(html('<p>&lt;script&gt;alert(3)&lt;/script&gt; &amp; more</p>').sections[0]?.text).toBe(
      '<script>alert(3)</script> & more',
    );
  });

  it('survives 100,000 nested elements without a stack overflow', () => {
    const depth = 100_000;
    const r = html(`${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`);
    expect(r.sections[0]?.text).toBe('deep');
  });

  it('handles a row of 200,000 cells in linear time', () => {
    const r = html(`<table><tr>${'<td>x</td>'.repeat(200_000)}</tr></table>`);
    expect(r.sections[0]?.text.length).toBe(200_000 + 3 * (200_000 - 1));
  });
});
