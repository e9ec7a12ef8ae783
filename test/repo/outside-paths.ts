/**
 * Finds paths in the repository's own files that reach outside it, for stands-alone.test.ts.
 * A fresh clone has nothing beside it, so a test, the bench or the demo that reads `../…` above
 * the repo root passes only on the machine it was written on.
 *
 * Three rules, each a heuristic over text (no file here is executed):
 * 1. the old shared folder by name: under /work, or a relative `shared` folder that is not one
 *    of the repository's own (src/shared is ours; one beside the clone is not);
 * 2. a relative path (`../../x`) that climbs above the root from the file's own folder (for
 *    src/, workers/ and cli/, also from its compiled copy under dist/, where the build puts it);
 * 3. a `..` joined onto the repository root (resolving `..` against repoRoot or the cwd).
 * The patterns are built from pieces so this file never matches itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface OutsidePath {
  file: string;
  line: number;
  text: string;
  why: string;
}

const UP = '\\.\\.';
const SHARED = 'shared';
const SHARED_ABSOLUTE = new RegExp(`/work/${SHARED}\\b`);
/** One or more `..` then the shared folder: fine when it lands on a folder of ours (src/shared), not otherwise. */
const SHARED_RELATIVE = new RegExp(`(?:^|[^\\w.])((?:${UP}/)+${SHARED})(?![\\w-])`, 'g');
/** A run of `..` segments starting a path: `../..`, `../../x`, `'..'`. */
const CLIMB = new RegExp(`(?:^|[\\s'"\`(=:,[])(${UP}(?:/${UP})*)(?=[/'"\`\\s)\\]]|$)`, 'g');
const ROOT_JOINED = new RegExp(`\\b(?:repoRoot|REPO_ROOT|projectRoot|rootDir|ROOT|root|process\\.cwd\\(\\))\\s*,\\s*['"\`]${UP}(?=[/'"\`])`);

/** Text files that can name a path: code, config, scripts and docs (not fixtures, which are data). */
const SCANNED = /\.(?:[cm]?[jt]s|json|ya?ml|md|sh)$|(?:^|\/)(?:Dockerfile|run)$/;
const NOT_SCANNED = [/^test\/fixtures\//, /^package-lock\.json$/, /^node_modules\//, /^dist\//];
/** Where a repository without git metadata (an unpacked tarball) is walked instead. */
const WALKED_DIRS = ['src', 'workers', 'cli', 'test', 'bench', 'config', '.ci'];
const WALKED_FILES = ['package.json', 'vitest.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'eslint.config.js', 'Dockerfile', 'docker-compose.yml', 'README.md'];

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) walk(root, rel, out);
    else out.push(rel);
  }
}

/** The repository's files, relative to its root: what git tracks, or a walk when git is absent. */
export function repositoryFiles(root: string): string[] {
  let files: string[];
  try {
    files = execFileSync('git', ['-C', root, 'ls-files', '-z'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).split('\0').filter(Boolean);
  } catch {
    files = WALKED_FILES.filter((f) => existsSync(path.join(root, f)));
    for (const dir of WALKED_DIRS) if (existsSync(path.join(root, dir))) walk(root, dir, files);
  }
  return files.filter((f) => SCANNED.test(f) && !NOT_SCANNED.some((p) => p.test(f)) && existsSync(path.join(root, f)));
}

/** How many folders a relative path may climb from this file before it leaves the root. */
function allowedClimb(file: string): number {
  const depth = path.posix.dirname(file) === '.' ? 0 : path.posix.dirname(file).split('/').length;
  return /^(?:src|workers|cli)\//.test(file) ? depth + 1 : depth;
}

/** Every place in one file's text that reaches outside the repository; `isRepoDir` says which folders are ours. */
export function outsidePathsIn(file: string, content: string, isRepoDir: (dir: string) => boolean = () => false): OutsidePath[] {
  const found: OutsidePath[] = [];
  const lines = content.split('\n');
  lines.forEach((text, i) => {
    const at = (why: string) => found.push({ file, line: i + 1, text: text.trim().slice(0, 160), why });
    if (SHARED_ABSOLUTE.test(text)) at('names the shared folder outside the repository');
    for (const match of text.matchAll(SHARED_RELATIVE)) {
      const target = path.posix.join(path.posix.dirname(file), match[1] ?? '');
      if (!isRepoDir(target)) at(`names a shared folder (${target}) that is not in the repository`);
    }
    if (ROOT_JOINED.test(text)) at('climbs above the repository root from the root itself');
    for (const match of text.matchAll(CLIMB)) {
      const levels = (match[1] ?? '').split('/').length;
      if (levels > allowedClimb(file)) at(`climbs ${levels} folders from ${path.posix.dirname(file)}/, above the repository root`);
    }
  });
  return found;
}

/** Every outside path in the repository's files. */
export function outsidePaths(root: string): OutsidePath[] {
  const isRepoDir = (dir: string) => !dir.startsWith('..') && existsSync(path.join(root, dir)) && statSync(path.join(root, dir)).isDirectory();
  return repositoryFiles(root).flatMap((file) => outsidePathsIn(file, readFileSync(path.join(root, file), 'utf8'), isRepoDir));
}
