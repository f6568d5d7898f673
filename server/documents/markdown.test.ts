import { describe, expect, it } from 'vitest';
import { createContext } from './context.js';
import { resolveLimits } from './limits.js';
import { atxHeading, parseMarkdown } from './markdown.js';

const md = (text: string) => parseMarkdown(text, createContext(resolveLimits()));

describe('parseMarkdown', () => {
  it('follows headings and keeps the heading path', () => {
    const { title, sections } = md(
      [
        '# Nursing',
        'Applies to all wards.',
        '',
        '## Hand hygiene',
        'Wash for 20 seconds.',
        '',
        'Dry with a paper towel.',
        '### Gloves',
        'Change gloves between patients.',
        '## Falls',
        'Assess on admission.',
        '# HR',
        'Leave requests.',
      ].join('\n'),
    );
    expect(title).toBe('Nursing');
    expect(sections).toEqual([
      { text: 'Applies to all wards.', heading: 'Nursing', path: ['Nursing'] },
      {
        text: 'Wash for 20 seconds.\n\nDry with a paper towel.',
        heading: 'Hand hygiene',
        path: ['Nursing', 'Hand hygiene'],
      },
      {
        text: 'Change gloves between patients.',
        heading: 'Gloves',
        path: ['Nursing', 'Hand hygiene', 'Gloves'],
      },
      { text: 'Assess on admission.', heading: 'Falls', path: ['Nursing', 'Falls'] },
      { text: 'Leave requests.', heading: 'HR', path: ['HR'] },
    ]);
  });

  it('keeps text before the first heading as a section without a path', () => {
    expect(md('Preface line.\n\n# One\nBody.').sections[0]).toEqual({ text: 'Preface line.' });
  });

  it('reads setext headings and drops empty sections', () => {
    const { sections } = md('Policy\n======\n\nScope\n-----\nEveryone.\n');
    expect(sections).toEqual([{ text: 'Everyone.', heading: 'Scope', path: ['Policy', 'Scope'] }]);
  });

  it('does not take "#" lines inside fenced code for headings', () => {
    const { sections } = md('# Script\nRun:\n\n```bash\n# not a heading\necho hi\n```\nAfter.');
    expect(sections).toHaveLength(1);
    expect(sections[0]?.text).toBe('Run:\n\n# not a heading\necho hi\n\nAfter.');
  });

  it('skips YAML front matter', () => {
    const { sections } = md('---\ntitle: x\nowner: y\n---\n# Real\nText.');
    expect(sections).toEqual([{ text: 'Text.', heading: 'Real', path: ['Real'] }]);
  });

  it('parses ATX edge cases per CommonMark', () => {
    expect(atxHeading('#5 bolt')).toBeUndefined();
    expect(atxHeading('####### seven')).toBeUndefined();
    expect(atxHeading('    # indented code')).toBeUndefined();
    expect(atxHeading('   ### Three ###  ')).toEqual({ level: 3, text: 'Three' });
    expect(atxHeading('# C# ')).toEqual({ level: 1, text: 'C#' });
    expect(atxHeading('#')).toEqual({ level: 1, text: '' });
  });

  it('stays linear on a hostile line of a million "#" and spaces', () => {
    const line = `# ${'# '.repeat(500_000)}x`;
    const { sections } = md(`${line}\nbody`);
    expect(sections[0]?.heading?.endsWith('x')).toBe(true);
  });
});
