#!/usr/bin/env node
// Prints the `dotnet publish ...` commands of the Dockerfiles in docker/, one per line, exactly as
// written there, so a test can run them natively (no Docker engine needed). The paths in them are
// relative to the repository root (the Dockerfiles' working directory mirrors the repository), so
// run them from there. No dependencies: works without `npm ci`.
//
//   node tests/deployment/dockerfile-publish-commands.mjs [--with-restore] [--output-root DIR]
//
//   --with-restore     also print each Dockerfile's `dotnet restore ...` line, before its publish
//                      (the publish lines use --no-restore)
//   --output-root DIR  replace the image's output folder (-o /app) with DIR/<image>, e.g.
//                      DIR/orders for docker/orders.Dockerfile, so nothing is written to /app
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dotnetCommands } from './lib/dockerfile.mjs';
import { dockerDir } from './lib/paths.mjs';

const args = process.argv.slice(2);
const withRestore = args.includes('--with-restore');
const rootAt = args.indexOf('--output-root');
const outputRoot = rootAt >= 0 ? args[rootAt + 1] : undefined;
if (rootAt >= 0 && !outputRoot) {
  process.stderr.write('--output-root needs a folder\n');
  process.exit(2);
}

const dockerfiles = readdirSync(dockerDir).filter((name) => name.endsWith('.Dockerfile')).sort();
for (const name of dockerfiles) {
  const image = name.slice(0, -'.Dockerfile'.length);
  for (let command of dotnetCommands(join(dockerDir, name), withRestore ? ['restore', 'publish'] : ['publish'])) {
    if (outputRoot) command = command.replace(/(\s(?:-o|--output))(?:\s+|=)\S+/, `$1 ${join(outputRoot, image)}`);
    process.stdout.write(`${command}\n`);
  }
}
