/**
 * A fresh clone with nothing beside it must pass its tests: no file in the repository may read a
 * path outside it (issue #11). Fixtures the tests need live in test/fixtures/ (see its README).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OutsidePath } from './outside-paths.js';
import { outsidePaths, outsidePathsIn, repositoryFiles } from './outside-paths.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const up = (levels: number, rest: string) => [...Array<string>(levels).fill('..'), rest].join('/');

/** Paths that look like they leave the root but do not, each with the reason. */
const EXCEPTIONS: { file: string; contains: string; why: string }[] = [
  { file: 'test/feeds/parse-feed.test.ts', contains: up(3, 'config/sample-feed.xml'), why: 'fixture() resolves it from test/fixtures/feeds/, three levels below the root' },
  { file: 'eslint.config.js', contains: `patterns: ['${up(1, '*')}']`, why: 'a no-restricted-imports pattern (src/text imports nothing from a parent folder), not a path anything reads' },
  { file: 'eslint.config.js', contains: `patterns: ['${up(2, '*')}']`, why: 'a no-restricted-imports pattern (src/shared/http imports nothing outside src/shared), not a path anything reads' },
];

const excepted = (o: OutsidePath) => EXCEPTIONS.some((e) => e.file === o.file && o.text.includes(e.contains));
const describeAll = (found: OutsidePath[]) => found.map((o) => `${o.file}:${o.line} ${o.why}: ${o.text}`).join('\n');

describe('the repository stands alone', () => {
  it('scans the code, the tests, the bench, the config and the CI script', () => {
    const files = repositoryFiles(repoRoot);
    for (const expected of ['package.json', 'vitest.config.ts', 'test/helpers/sample-article.ts', 'test/feeds/corpus.int.test.ts', 'bench/format.bench.ts', 'cli/main.ts', '.ci/run']) {
      expect(files).toContain(expected);
    }
    expect(files.some((f) => f.startsWith('test/fixtures/'))).toBe(false);
  });

  it('no file reads a path outside the repository', () => {
    const found = outsidePaths(repoRoot).filter((o) => !excepted(o));
    expect(describeAll(found)).toBe('');
  });

  it('every exception still names a line that exists (a stale one would hide nothing)', () => {
    const all = outsidePaths(repoRoot);
    for (const e of EXCEPTIONS) expect(all.some((o) => o.file === e.file && o.text.includes(e.contains)), e.file).toBe(true);
  });
});

describe('the outside-path scanner', () => {
  const shared = `${up(1, 'shared')}/x.txt`;

  it('finds the shared folder by name, however it is joined, but not a shared folder of ours', () => {
    const ours = (dir: string) => dir === 'src/shared';
    expect(outsidePathsIn('src/media/m.ts', `import { f } from '${up(1, 'shared')}/http/f.js';`, ours)).toEqual([]);
    expect(outsidePathsIn('src/publishers/x/m.ts', `import { f } from '${up(2, 'shared')}/http/f.js';`, ours)).toEqual([]);
    expect(outsidePathsIn('test/media/m.ts', `import { f } from '${up(1, 'shared')}/http/f.js';`, ours)).toHaveLength(1);
    expect(outsidePathsIn('test/helpers/a.ts', `readFileSync('${shared}')`)).not.toEqual([]);
    expect(outsidePathsIn('test/helpers/a.ts', `const p = path.resolve(here, '${up(2, '')}${shared}');`)).not.toEqual([]);
    expect(outsidePathsIn('README.md', `lives in \`/work/${'shared'}/corpora\``)).not.toEqual([]);
  });

  it('finds a climb above the root from the file, and from the root itself', () => {
    const [found] = outsidePathsIn('test/feeds/b.ts', `const p = new URL('${up(3, 'corpora/x.xml')}', import.meta.url);`);
    expect(found?.why).toMatch(/climbs 3 folders from test\/feeds/);
    expect(outsidePathsIn('bench/c.ts', `path.resolve(repoRoot, '${up(1, 'corpora')}')`)).toHaveLength(1);
    expect(outsidePathsIn('bench/c.ts', `path.join(process.cwd(), '${'..'}')`)).toHaveLength(1);
    expect(outsidePathsIn('Dockerfile', `COPY ${up(1, 'data')} /app/data`)).toHaveLength(1);
  });

  it('leaves paths that stay inside alone', () => {
    const inside = [
      `import { x } from '${up(2, 'src/x.js')}';`,
      `const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '${up(1, '..')}');`,
      `path.resolve(repoRoot, 'test/fixtures/articles/a.txt')`,
      `const shared = 0; // shared identity, src/shared/logger.ts`,
    ];
    for (const line of inside) expect(outsidePathsIn('test/feeds/d.ts', line), line).toEqual([]);
    // src/ and workers/ also run from dist/, one level deeper.
    expect(outsidePathsIn('src/web/routes/e.ts', `new URL('${up(4, 'src/web/public/')}', import.meta.url)`)).toEqual([]);
    expect(outsidePathsIn('src/web/routes/e.ts', `new URL('${up(5, 'x/')}', import.meta.url)`)).toHaveLength(1);
  });
});
