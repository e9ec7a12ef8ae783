import { describe, expect, it } from 'vitest';
import { domainOf, renderTemplate } from '../../src/drafts/template.js';
import type { TemplateValues } from '../../src/drafts/template.js';

const values = (over: Partial<TemplateValues> = {}): TemplateValues => ({
  title: 'Title',
  summary: 'Summary.',
  url: 'https://example.com/a  b',
  hashtags: '#One #Two',
  feed: 'Desk',
  author: '',
  category: '',
  domain: 'example.com',
  ...over,
});

describe('renderTemplate', () => {
  it('fills placeholders in one pass and keeps the URL byte for byte', () => {
    expect(renderTemplate('{title} {url} {url}', values({ title: '{url}' }))).toBe('{url} https://example.com/a  b https://example.com/a  b');
  });

  it('removes connectors and separators left by empty placeholders, not text from values', () => {
    expect(renderTemplate('{title} by {author} via {feed}', values())).toBe('Title via Desk');
    expect(renderTemplate('{title} — {category}', values())).toBe('Title');
    expect(renderTemplate('{title} {summary}', values({ title: 'Made in', summary: '' }))).toBe('Made in');
  });

  it('drops lines that only held empty placeholders and squeezes blank lines', () => {
    expect(renderTemplate('{title}\n\n{author}\n\n{category}\n\n{url}', values())).toBe('Title\n\nhttps://example.com/a  b');
  });

  it('leaves unknown placeholders alone', () => {
    expect(renderTemplate('{title} {unknown}', values())).toBe('Title {unknown}');
  });
});

describe('domainOf', () => {
  it('returns the bare host without www.', () => {
    expect(domainOf('https://www.dawn.com/news/1')).toBe('dawn.com');
    expect(domainOf('https://urdu.example.pk/x')).toBe('urdu.example.pk');
    expect(domainOf('nope')).toBe('');
  });
});
