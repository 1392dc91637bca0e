// The README is a front door and the rest of the documentation sits in docs/, linked both ways; a moved file or a
// renamed heading breaks those links silently. Every relative link of every Markdown file in the repository must
// name a file or folder that exists and, with a #fragment, a heading of that file (GitHub's anchor rules).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../lib/paths.mjs';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'bin', 'obj', 'artifacts', 'test-output', 'dist']);

function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : markdownFiles(join(dir, entry.name));
    return entry.name.endsWith('.md') ? [join(dir, entry.name)] : [];
  });
}

/** Fenced blocks and code spans hold examples, not links. */
function prose(text) {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

const anchorsByFile = new Map();

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(file) {
  if (!anchorsByFile.has(file)) anchorsByFile.set(file, readAnchors(file));
  return anchorsByFile.get(file);
}

function readAnchors(file) {
  const seen = new Map();
  const anchors = new Set();
  for (const [, heading] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.*)$/gm)) {
    const slug = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function relativeLinksOf(file) {
  return [...prose(readFileSync(file, 'utf8')).matchAll(/\[[^\]\n]*\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

function brokenLinksOf(file) {
  return relativeLinksOf(file).flatMap((target) => {
    const [path, fragment] = target.split('#');
    const destination = path ? resolve(dirname(file), decodeURI(path)) : file;
    if (!existsSync(destination)) return [`${target}: no such file`];
    if (fragment === undefined) return [];
    if (!destination.endsWith('.md') || !anchorsOf(destination).has(fragment)) return [`${target}: no such heading`];
    return [];
  });
}

describe('documentation links', () => {
  const files = markdownFiles(repoRoot);

  it('the front door and docs/ are found and link to each other', () => {
    const readme = join(repoRoot, 'README.md');
    assert.ok(files.includes(readme), 'README.md not found');
    const fromReadme = relativeLinksOf(readme);
    assert.ok(fromReadme.some((target) => target.startsWith('docs/')), 'README.md links to nothing in docs/');
    const docs = files.filter((file) => file.startsWith(join(repoRoot, 'docs')));
    assert.ok(
      docs.some((file) => relativeLinksOf(file).some((target) => target.includes('README.md'))),
      'nothing in docs/ links back to the README',
    );
  });

  // A file without relative links has nothing to check here.
  for (const file of files.filter((f) => relativeLinksOf(f).length > 0)) {
    it(`every relative link in ${relative(repoRoot, file)} resolves`, () => {
      assert.deepEqual(brokenLinksOf(file), []);
    });
  }
});
