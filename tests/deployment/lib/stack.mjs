// The deployment as the tests see it: compose.yaml (interpolated), each build's Dockerfile as that
// build (its build arguments included) sees it, and which services are the .NET hosts. Loaded once
// per test file.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildOf, loadCompose } from './compose.mjs';
import { isDotnetHost, loadDockerfile } from './dockerfile.mjs';
import { repoRoot } from './paths.mjs';

const toPosix = (path) => path.split(sep).join('/');

/** { compose, services, builds: {service → build info}, hosts: [service names] } */
export function loadStack() {
  const compose = loadCompose();
  const services = compose.doc.services ?? {};
  const builds = {};
  for (const [name, service] of Object.entries(services)) {
    if (!service.build) continue;
    const { context, dockerfile, args } = buildOf(service);
    builds[name] = {
      context,
      dockerfile,
      dockerfileRelative: toPosix(relative(repoRoot, dockerfile)),
      args,
      // "docker/host.Dockerfile (orders, MODULE=Orders)": one Dockerfile may serve several builds.
      title: `${toPosix(relative(repoRoot, dockerfile))} (${[name, ...Object.entries(args).map(([k, v]) => `${k}=${v}`)].join(', ')})`,
      ...loadDockerfile(dockerfile, args),
    };
  }
  // The .NET hosts are the images whose final stage is the ASP.NET Core runtime.
  const hosts = Object.keys(builds).filter((name) => isDotnetHost(builds[name]));
  return { compose, services, builds, hosts };
}

/** The last HEALTHCHECK of a stage, as { flags, command } (undefined if none). */
export function healthcheckOf(stage) {
  const instruction = stage?.instructions.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (!instruction) return undefined;
  const command = instruction.rest.replace(/^CMD\s+/i, '');
  return { flags: instruction.flags, command, none: /^NONE$/i.test(instruction.rest) };
}

/** Files of the repository (posix, relative), without .git and dependency/build folders. */
export function repoFiles(root = repoRoot) {
  const skip = new Set(['.git', 'node_modules', 'bin', 'obj', 'dist']);
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(toPosix(relative(root, path)));
    }
  };
  walk(root);
  return files;
}

/** Docker's COPY glob (filepath.Match: *, ?, [...]) as a RegExp over a whole relative path. */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      source += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export const isGlob = (path) => /[*?[]/.test(path);

export function isDirectory(path) {
  return existsSync(path) && statSync(path).isDirectory();
}
