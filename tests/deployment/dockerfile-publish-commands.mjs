#!/usr/bin/env node
// Prints the `dotnet publish ...` commands of the .NET host images, one per line, one build per host
// (lib/host-builds.mjs: src/Hosts/<Module> → docker/host.Dockerfile with MODULE=<Module>, which
// test/compose.test.mjs holds compose.yaml to), in service order, as each build runs them: the
// Dockerfile's RUN line with that build's arguments in place of ${NAME}, so a test can run them
// natively (no Docker engine needed). The paths in them are relative to the repository root (the
// Dockerfile's working directory mirrors the repository), so run them from there. No dependencies:
// works without `npm ci` (scripts/lib/hosts.sh runs it to publish the hosts).
//
//   node tests/deployment/dockerfile-publish-commands.mjs [--with-restore] [--output-root DIR]
//
//   --with-restore     also print each build's `dotnet restore ...` line, before its publish
//                      (the publish lines use --no-restore)
//   --output-root DIR  replace the image's output folder (-o /app) with DIR/<service>, e.g.
//                      DIR/orders for src/Hosts/Orders, so nothing is written to /app
//
// Exits 1, printing nothing, when a build would fail on a variable (${NAME:?} unset), a command
// keeps a $NAME that no ARG or ENV of its Dockerfile declares, or a build has no publish line.
import { join } from 'node:path';
import { dotnetCommands, loadDockerfile } from './lib/dockerfile.mjs';
import { hostBuilds } from './lib/host-builds.mjs';

const args = process.argv.slice(2);
const withRestore = args.includes('--with-restore');
const rootAt = args.indexOf('--output-root');
const outputRoot = rootAt >= 0 ? args[rootAt + 1] : undefined;
if (rootAt >= 0 && !outputRoot) {
  process.stderr.write('--output-root needs a folder\n');
  process.exit(2);
}

const lines = [];
const problems = [];
for (const build of hostBuilds()) {
  const dockerfile = loadDockerfile(build.dockerfile, build.args);
  problems.push(...dockerfile.errors.map((error) => `${build.service}: ${error}`));
  const commands = dotnetCommands(dockerfile, withRestore ? ['restore', 'publish'] : ['publish']);
  if (!commands.some((command) => command.startsWith('dotnet publish '))) problems.push(`${build.service}: no dotnet publish in ${build.dockerfile}`);
  for (let command of commands) {
    if (command.includes('$')) problems.push(`${build.service}: ${command} uses a variable its Dockerfile does not declare`);
    if (outputRoot) command = command.replace(/(\s(?:-o|--output))(?:\s+|=)\S+/, `$1 ${join(outputRoot, build.service)}`);
    lines.push(command);
  }
}
if (problems.length > 0) {
  process.stderr.write(problems.map((problem) => `dockerfile-publish-commands: ${problem}\n`).join(''));
  process.exit(1);
}
process.stdout.write(lines.map((line) => `${line}\n`).join(''));
