import { describe, expect, it } from 'vitest';

import { ignorePatterns, isIgnored, partMatcher, repositoryAddress, sourceIgnoreFilePatterns } from '../src/load/source-ignore.js';

// source-controller matches a GitRepository's spec.ignore with go-git's gitignore package: the last
// matching pattern decides, and a pattern matches a path or any directory above it.
describe('what a GitRepository\'s spec.ignore leaves out of its artifact', async () => {
  const matchPart = await partMatcher();
  const ignored = (ignore: string, paths: string[], isDir = false) => paths.filter((path) => isIgnored(ignorePatterns(ignore), path, isDir, matchPart));

  it('"/*" then "!/kubernetes": everything but kubernetes/, top-level files too', () => {
    expect(ignored('# exclude all\n/*\n# include gitops dirs\n!/kubernetes\n', ['kubernetes/apps/a/ks.yaml', 'archive/x/ks.yaml', 'README.md', 'templates/ks.yaml']))
      .toEqual(['archive/x/ks.yaml', 'README.md', 'templates/ks.yaml']);
  });

  it('re-includes a directory below an excluded one, as go-git does (git itself would not)', () => {
    expect(ignored('/*\n!/kubernetes/cluster-0\n', ['kubernetes/cluster-0/apps/ks.yaml', 'kubernetes/nas-1/apps/ks.yaml', '_archive/ks.yaml']))
      .toEqual(['kubernetes/nas-1/apps/ks.yaml', '_archive/ks.yaml']);
  });

  it('a pattern without a slash matches any part of the path; "dir/" only a directory', () => {
    expect(ignored('*.md\narchive/\n', ['docs/a.md', 'apps/archive/ks.yaml', 'apps/archive', 'apps/ks.yaml'])).toEqual(['docs/a.md', 'apps/archive/ks.yaml']);
    expect(ignored('archive/\n', ['apps/archive'], true)).toEqual(['apps/archive']);
  });

  it('"**" spans directories; blank lines, comments and trailing spaces are nothing', () => {
    expect(ignored('\n# a comment\n/apps/**/test   \n', ['apps/a/b/test/x.yaml', 'apps/test/x.yaml', 'apps/a/x.yaml', 'test/x.yaml'])).toEqual(['apps/a/b/test/x.yaml', 'apps/test/x.yaml']);
  });

  it('a dot file matches "*", as Go\'s filepath.Match does', () => {
    expect(ignored('/*\n', ['.sops.yaml'])).toEqual(['.sops.yaml']);
  });
});

describe('one part of a pattern, as Go\'s filepath.Match reads it', async () => {
  const matchPart = await partMatcher();

  it.each([
    ['*.md', 'README.md', true], ['*.md', 'md', false], ['?pps', 'apps', true], ['a[p-q]ps', 'apps', true], ['a[^p]ps', 'apps', false],
    ['[ab]*', 'apps', true], ['\\*', '*', true], ['\\*', 'a', false], ['*', '.sops.yaml', true],
    // What a glob library reads otherwise: a group, a negation, a POSIX class, a brace.
    ['(apps)', 'apps', false], ['(apps)', '(apps)', true], ['!x', 'x', false], ['!x', '!x', true],
    ['[[:alpha:]]pps', 'apps', false], ['{apps,x}', 'apps', false],
    // Malformed: an error in Go, which go-git takes for no match; an empty pattern (a line of only `/`) matches nothing.
    ['a[', 'a[', false], ['[]a]', 'a', false], ['a\\', 'a\\', false], ['', '', false], ['', 'apps', false],
    // A range out of order matches nothing.
    ['[z-a]pps', 'apps', false],
  ])('%j against %j: %s', (pattern, name, matches) => {
    expect(matchPart(pattern, name)).toBe(matches);
  });

  it('a line that is only "/" or "!" is a pattern that matches nothing (it used to throw)', () => {
    expect(isIgnored(ignorePatterns('/\n!\n'), 'apps/ks.yaml', false, matchPart)).toBe(false);
  });

  it('drops one CR at the end of every line, the last one too, as Go\'s line scanner does', () => {
    expect(isIgnored(ignorePatterns('# x\r\n/apps/\r'), 'apps/ks.yaml', false, matchPart)).toBe(true);
  });
});

describe('what the repository\'s .sourceignore files leave out (fluxcd/pkg sourceignore.LoadIgnorePatterns)', async () => {
  const matchPart = await partMatcher();

  it('a file below the root speaks of the paths below its directory, from there; the last matching pattern decides', () => {
    const patterns = sourceIgnoreFilePatterns([
      { dir: 'apps', text: '/test\n*.md\n' },
      { dir: '', text: '# root\n/*\n!/apps\n!/clusters\n' },
      { dir: 'apps/b', text: '!README.md\n' },
    ]);
    // Loaded as source-controller loads them: the root's file, then apps', then apps/b's.
    expect(patterns.map((pattern) => pattern.origin)).toEqual(['.sourceignore', '.sourceignore', '.sourceignore', 'apps/.sourceignore', 'apps/.sourceignore', 'apps/b/.sourceignore']);
    const ignored = (paths: string[]) => paths.filter((path) => isIgnored(patterns, path, false, matchPart));
    expect(ignored(['apps/test/ks.yaml', 'apps/x/test/ks.yaml', 'test/ks.yaml', 'apps/a/README.md', 'apps/b/README.md', 'clusters/main/ks.yaml', 'docs/x.yaml']))
      .toEqual(['apps/test/ks.yaml', 'test/ks.yaml', 'apps/a/README.md', 'docs/x.yaml']);
  });
});

describe('repositoryAddress: the forms one Git repository is written in compare equal', () => {
  it.each([
    ['https://github.com/example/home-ops.git', 'github.com/example/home-ops'],
    ['https://github.com/Example/Home-Ops/', 'github.com/example/home-ops'],
    ['ssh://git@github.com/example/home-ops', 'github.com/example/home-ops'],
    ['ssh://git@github.com:22/example/home-ops.git', 'github.com/example/home-ops'],
    ['git@github.com:example/home-ops.git', 'github.com/example/home-ops'],
    ['https://gitlab.example.org/group/sub/repo.git', 'gitlab.example.org/group/sub/repo'],
  ])('%s is %s', (url, address) => {
    expect(repositoryAddress(url)).toBe(address);
  });

  it('another project stays another address', () => {
    expect(repositoryAddress('https://github.com/kubernetes-sigs/gateway-api')).not.toBe(repositoryAddress('https://github.com/example/home-ops'));
  });
});
