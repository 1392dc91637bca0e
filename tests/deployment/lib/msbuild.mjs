// Just enough MSBuild for the Dockerfile checks: a project's ProjectReference closure, its
// assembly name, and the Directory.*.props/targets files that MSBuild would import for it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

const toPosix = (path) => path.split(sep).join('/');

/** Project file → repository-relative paths of it and every project it references, transitively. */
export function projectClosure(repoRoot, projectPath) {
  const seen = new Set();
  const visit = (relativePath) => {
    if (seen.has(relativePath)) return;
    seen.add(relativePath);
    const absolute = join(repoRoot, relativePath);
    if (!existsSync(absolute)) throw new Error(`project not found: ${relativePath}`);
    const xml = readFileSync(absolute, 'utf8');
    for (const match of xml.matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
      const target = resolve(dirname(absolute), match[1].replaceAll('\\', '/'));
      visit(toPosix(relative(repoRoot, target)));
    }
  };
  visit(projectPath);
  return [...seen];
}

/** <AssemblyName> of a project, or its file name as MSBuild defaults it. */
export function assemblyName(repoRoot, projectPath) {
  const xml = readFileSync(join(repoRoot, projectPath), 'utf8');
  return /<AssemblyName>([^<]+)<\/AssemblyName>/.exec(xml)?.[1].trim() ?? basename(projectPath).replace(/\.\w+proj$/, '');
}

/**
 * The Directory.Build.props, Directory.Build.targets and Directory.Packages.props that MSBuild
 * imports for a project: for each name, the nearest one from the project's folder up to the root,
 * and the one above it too when that file imports it (`GetPathOfFileAbove('<name>', …)`).
 */
export function directoryFiles(repoRoot, projectPath) {
  const found = [];
  for (const name of ['Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props']) {
    for (let dir = dirname(projectPath); ; dir = dirname(dir)) {
      const candidate = dir === '.' ? name : `${dir}/${name}`;
      if (existsSync(join(repoRoot, candidate))) {
        found.push(candidate);
        if (!readFileSync(join(repoRoot, candidate), 'utf8').includes(`GetPathOfFileAbove('${name}'`)) break;
      }
      if (dir === '.') break;
    }
  }
  return found;
}
