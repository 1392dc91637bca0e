// The Dockerfiles in docker/ and the root .dockerignore, checked against the repository, once per
// build in compose.yaml (one Dockerfile builds both .NET hosts, with its build arguments): every
// COPY finds its files, the .NET restore layer sees exactly the project files it needs, the
// images run unprivileged and carry no credentials. (`dotnet publish` itself is run natively by
// the caller: see dockerfile-publish-commands.mjs.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import dockerignore from '@balena/dockerignore';
import { environmentOf } from '../lib/compose.mjs';
import { commandOf, containerProcess, copyOf, runCommands, workdirBefore } from '../lib/dockerfile.mjs';
import { assemblyName, directoryFiles, projectClosure } from '../lib/msbuild.mjs';
import { deploymentDir, dockerDir, repoRoot } from '../lib/paths.mjs';
import { globToRegExp, healthcheckOf, isDirectory, isGlob, loadStack, repoFiles } from '../lib/stack.mjs';

const { compose, services, builds, hosts } = loadStack();
const ignore = dockerignore().add(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
const files = repoFiles();

/**
 * ENV of the base images that the Dockerfiles use and that this reader cannot see (it does not pull
 * images): the aspnet image's APP_UID is the UID of its non-root user ("app", 1654).
 */
const BASE_IMAGE_ENV = { 'mcr.microsoft.com/dotnet/aspnet:10.0': ['APP_UID'] };

/** What a COPY (from the build context) puts where: [{ repoPath, containerPath, directory }]. */
function copiedBy(stage, index) {
  const instruction = stage.instructions[index];
  const { sources, dest } = copyOf(instruction);
  const workdir = workdirBefore(stage, index);
  const target = posix.resolve(workdir, dest);
  const intoDirectory = dest.endsWith('/') || sources.length > 1 || isGlob(sources.join(''));
  return sources.flatMap((source) => {
    const clean = source.replace(/^\.\//, '').replace(/\/$/, '');
    if (isGlob(clean)) {
      const pattern = globToRegExp(clean);
      return files.filter((file) => pattern.test(file)).map((file) => ({
        repoPath: file, containerPath: posix.join(target, posix.basename(file)), directory: false,
      }));
    }
    if (clean === '.' || isDirectory(join(repoRoot, clean))) return [{ repoPath: clean, containerPath: target, directory: true }];
    return [{ repoPath: clean, containerPath: intoDirectory ? posix.join(target, posix.basename(clean)) : target, directory: false }];
  });
}

/** Index of the first RUN in a stage with a command starting with `prefix`, and that command. */
function findRun(stage, prefix) {
  for (const [index, instruction] of stage.instructions.entries()) {
    if (instruction.keyword !== 'RUN') continue;
    const command = runCommands(instruction).find((c) => c.startsWith(prefix));
    if (command) return { index, command };
  }
  return { index: -1 };
}

/** Project argument of a dotnet command, as a repository path (the workdir mirrors the repo). */
function projectOf(command, workdir) {
  const project = command.split(' ').find((word) => /\.\w+proj$/.test(word));
  return project && posix.relative(workdir, posix.resolve(workdir, project));
}

/** The port in a HEALTHCHECK command (…/dev/tcp/127.0.0.1/8080 or http://127.0.0.1:8080/…). */
function healthcheckPort(command) {
  const text = Array.isArray(command) ? command.join(' ') : command;
  return /\/dev\/tcp\/[^/]+\/(\d+)/.exec(text)?.[1] ?? /https?:\/\/[^/:]+:(\d+)\//.exec(text)?.[1];
}

/** appsettings.json and appsettings.Production.json of the project a host image publishes. */
function productionSettings(name) {
  const stage = builds[name].stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /dotnet publish/.test(i.rest)));
  const publish = findRun(stage, 'dotnet publish ');
  const projectDir = posix.dirname(projectOf(publish.command, workdirBefore(stage, publish.index)));
  return ['appsettings.json', 'appsettings.Production.json']
    .map((file) => join(repoRoot, projectDir, file)).filter((file) => existsSync(file));
}

/** JSON with the comments and trailing commas that .NET's configuration reader accepts. */
function readJsonc(file) {
  const text = readFileSync(file, 'utf8')
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(text);
}

/** Configuration keys are case-insensitive: compare them in lower case. */
function lowerKeys(value) {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key.toLowerCase(), lowerKeys(v)]));
}

for (const [name, build] of Object.entries(builds)) {
  describe(build.title, () => {
    it('builds from the repository root, so the root .dockerignore applies', () => {
      assert.equal(build.context, repoRoot);
    });

    it('copies only files that exist in the build context and are not ignored', () => {
      for (const stage of build.stages) {
        for (const [index, instruction] of stage.instructions.entries()) {
          if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
          if (instruction.flags.from) continue;
          assert.equal(instruction.keyword, 'COPY', `line ${instruction.line}: use COPY, not ADD`);
          const copied = copiedBy(stage, index);
          const { sources } = copyOf(instruction);
          for (const source of sources.filter((s) => !isGlob(s))) {
            const clean = source.replace(/\/$/, '');
            assert.ok(existsSync(join(repoRoot, clean)), `line ${instruction.line}: ${source} does not exist`);
            assert.equal(ignore.ignores(clean), false, `line ${instruction.line}: ${source} is excluded by .dockerignore`);
          }
          // BuildKit skips a glob matching nothing, but a COPY must copy something.
          assert.ok(copied.length > 0, `line ${instruction.line}: copies nothing`);
          for (const item of copied.filter((c) => !c.directory)) {
            assert.equal(ignore.ignores(item.repoPath), false, `line ${instruction.line}: ${item.repoPath} is excluded by .dockerignore`);
          }
        }
      }
    });

    it('declares every build argument compose passes, and has a value for every ARG it declares', () => {
      const declared = new Set(build.instructions.filter((i) => i.keyword === 'ARG')
        .flatMap((i) => i.rest.split(/\s+/).map((word) => word.split('=')[0])));
      // Docker only warns about a build argument no ARG consumes; here it is a mistake.
      for (const arg of Object.keys(build.args)) assert.ok(declared.has(arg), `compose passes ${arg}, which no ARG declares`);
      for (const arg of declared) {
        const defaulted = build.instructions.some((i) => i.keyword === 'ARG' && i.rest.split(/\s+/).some((word) => word.startsWith(`${arg}=`)));
        assert.ok(defaulted || arg in build.args, `ARG ${arg} has no default and compose passes no value`);
      }
    });

    it('uses only variables it declares (or its base image sets), and none that stops the build', () => {
      assert.deepEqual(build.errors, [], 'a ${NAME:?} the build would stop at');
      for (const instruction of build.instructions.filter((i) => i.keyword === 'FROM')) {
        assert.deepEqual(instruction.undeclared, [], `line ${instruction.line}: undeclared in FROM`);
      }
      for (const stage of build.stages) {
        const known = BASE_IMAGE_ENV[stage.image] ?? [];
        for (const instruction of stage.instructions) {
          const unknown = instruction.undeclared.filter((variable) => !known.includes(variable));
          assert.deepEqual(unknown, [], `line ${instruction.line}: ${instruction.keyword} ${instruction.source} uses a variable no ARG or ENV declares`);
        }
      }
    });

    it('runs the final stage as an unprivileged user', () => {
      const user = build.final.instructions.filter((i) => i.keyword === 'USER').at(-1)?.rest;
      if (user === undefined) {
        // nginx-unprivileged images run as UID 101 by default.
        assert.match(build.final.image, /unprivileged/, 'no USER, and the base image runs as root');
      } else {
        assert.doesNotMatch(user, /^(root|0)(:|$)/, `USER ${user}`);
      }
    });

    it('declares a health check in the image', () => {
      const healthcheck = healthcheckOf(build.final);
      assert.ok(healthcheck && !healthcheck.none, 'no HEALTHCHECK');
      const exposed = build.final.instructions.find((i) => i.keyword === 'EXPOSE')?.rest;
      assert.equal(healthcheckPort(commandOf(healthcheck.command)), exposed, 'HEALTHCHECK probes the EXPOSEd port');
    });

    it('bakes in no credentials', () => {
      const text = readFileSync(build.dockerfile, 'utf8');
      for (const instruction of build.instructions.filter((i) => ['ENV', 'ARG', 'LABEL'].includes(i.keyword))) {
        assert.doesNotMatch(instruction.rest, /pass|secret|token|key|ConnectionStrings/i, `line ${instruction.line}`);
      }
      for (const [key, value] of Object.entries(compose.env)) {
        if (/PASSWORD|USER/.test(key)) assert.equal(new RegExp(`\\b${value}\\b`).test(text), false, `contains the value of ${key}`);
      }
      // Build arguments end up in the image's history (docker history shows them).
      for (const [arg, value] of Object.entries(build.args)) {
        assert.doesNotMatch(arg, /pass|secret|token|key/i, `build argument ${arg}`);
        for (const [key, secret] of Object.entries(compose.env)) {
          if (/PASSWORD|USER/.test(key)) assert.notEqual(value, secret, `build argument ${arg} holds the value of ${key}`);
        }
      }
    });
  });
}

for (const name of hosts) {
  const build = builds[name];
  const stage = build.stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /dotnet publish/.test(i.rest)));

  describe(`${build.title}: .NET host`, () => {
    it('builds with the .NET 10 SDK and runs on the ASP.NET Core 10 runtime image', () => {
      assert.equal(stage?.image, 'mcr.microsoft.com/dotnet/sdk:10.0');
      assert.equal(build.final.image, 'mcr.microsoft.com/dotnet/aspnet:10.0');
    });

    it('restores from project and props files only, including every project the host references', () => {
      const restore = findRun(stage, 'dotnet restore ');
      assert.ok(restore.index >= 0, 'no dotnet restore');
      const workdir = workdirBefore(stage, restore.index);
      const project = projectOf(restore.command, workdir);
      assert.ok(project && existsSync(join(repoRoot, project)), `restored project ${project} does not exist`);
      const copied = stage.instructions.slice(0, restore.index)
        .flatMap((instruction, index) => (instruction.keyword === 'COPY' && !instruction.flags.from ? copiedBy(stage, index) : []));
      assert.deepEqual(copied.filter((c) => c.directory).map((c) => c.repoPath), [], 'directories copied before restore defeat the restore layer cache');
      const needed = projectClosure(repoRoot, project);
      needed.push(...new Set(needed.flatMap((p) => directoryFiles(repoRoot, p))));
      needed.push(...files.filter((file) => /^nuget\.config$/i.test(file)));
      for (const file of needed) {
        assert.ok(copied.some((c) => c.repoPath === file && c.containerPath === posix.join(workdir, file)), `${file} is not copied to ${posix.join(workdir, file)} before the restore`);
      }
      for (const item of copied) {
        assert.match(item.repoPath, /(\.csproj|\.props|\.targets|nuget\.config|\.editorconfig)$/i, `${item.repoPath} is not a restore input`);
      }
      // The other host's projects would only slow the restore down, and let its changes invalidate this layer.
      for (const item of copied.filter((c) => /\.\w+proj$/.test(c.repoPath))) {
        assert.ok(needed.includes(item.repoPath), `${item.repoPath} is copied, but ${project} does not reference it`);
      }
    });

    it('publishes the same host project, with --no-restore, after copying its sources', () => {
      const restore = findRun(stage, 'dotnet restore ');
      const publish = findRun(stage, 'dotnet publish ');
      assert.ok(publish.index > restore.index, 'dotnet publish must follow dotnet restore');
      const workdir = workdirBefore(stage, publish.index);
      const project = projectOf(publish.command, workdir);
      assert.equal(project, projectOf(restore.command, workdirBefore(stage, restore.index)));
      assert.match(publish.command, /\s--no-restore(\s|$)/);
      assert.match(publish.command, /\s-c Release(\s|$)/);
      const copied = stage.instructions.slice(0, publish.index)
        .flatMap((instruction, index) => (instruction.keyword === 'COPY' && !instruction.flags.from ? copiedBy(stage, index) : []));
      for (const dependency of projectClosure(repoRoot, project)) {
        const dir = posix.dirname(dependency);
        const covered = copied.some((c) => c.directory && (dir === c.repoPath || dir.startsWith(`${c.repoPath}/`) || c.repoPath === '.')
          && c.containerPath === posix.join(workdir, c.repoPath === '.' ? '' : c.repoPath));
        assert.ok(covered, `${dir}/ is not copied before the publish`);
      }
    });

    it('runs the assembly the host project builds, with dotnet as process 1 (so it gets SIGTERM)', () => {
      const publish = findRun(stage, 'dotnet publish ');
      const project = projectOf(publish.command, workdirBefore(stage, publish.index));
      assert.deepEqual(containerProcess(build.final), ['dotnet', `${assemblyName(repoRoot, project)}.dll`]);
      const output = /\s(?:-o|--output)[\s=](\S+)/.exec(publish.command)?.[1];
      const copy = build.final.instructions.find((i) => i.keyword === 'COPY' && i.flags.from === stage.name);
      assert.deepEqual(copyOf(copy).sources, [output], 'the final stage copies the publish output');
      const workdir = build.final.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.rest;
      assert.equal(posix.resolve(workdir, copyOf(copy).dest), posix.resolve(output), 'the app runs from its publish folder');
    });

    // In the container ASPNETCORE_ENVIRONMENT is Production: appsettings.json and
    // appsettings.Production.json apply, and a "Urls" (or Kestrel endpoint) there would override
    // ASPNETCORE_HTTP_PORTS, so the host would not listen where Traefik and the health check look.
    it('leaves the listening address to ASPNETCORE_HTTP_PORTS (no Urls or Kestrel endpoints in production settings)', () => {
      for (const file of productionSettings(name)) {
        const settings = lowerKeys(readJsonc(file));
        assert.equal(settings.urls, undefined, `${posix.relative(repoRoot, file)} sets Urls`);
        assert.equal(settings.kestrel?.endpoints, undefined, `${posix.relative(repoRoot, file)} sets Kestrel:Endpoints`);
      }
    });

    it('reads the connection strings compose provides', () => {
      const provided = Object.keys(environmentOf(services[name]))
        .filter((key) => key.startsWith('ConnectionStrings__')).map((key) => key.slice('ConnectionStrings__'.length)).sort();
      const [appsettings] = productionSettings(name);
      assert.ok(appsettings, 'no appsettings.json beside the host project');
      assert.deepEqual(Object.keys(readJsonc(appsettings).ConnectionStrings ?? {}).sort(), provided);
    });

    it('is health-checked with GET /health/ready on the port Kestrel listens on', () => {
      const healthcheck = healthcheckOf(build.final);
      const command = commandOf(healthcheck.command);
      assert.ok(Array.isArray(command), 'exec form');
      assert.match(command.join(' '), /GET \/health\/ready HTTP\/1\.1/);
      assert.equal(healthcheckPort(command), environmentOf(services[name]).ASPNETCORE_HTTP_PORTS);
    });
  });
}

describe('docker/web.Dockerfile: web UI', () => {
  const build = builds.web;
  const [buildStage] = build.stages;

  it('installs dependencies from the lockfile before copying the sources', () => {
    const npmCi = findRun(buildStage, 'npm ci');
    assert.ok(npmCi.index >= 0, 'npm ci');
    const before = buildStage.instructions.slice(0, npmCi.index)
      .flatMap((instruction, index) => (instruction.keyword === 'COPY' ? copiedBy(buildStage, index) : []));
    assert.deepEqual(before.map((c) => c.repoPath).sort(), ['web/package-lock.json', 'web/package.json']);
    assert.ok(findRun(buildStage, 'npm run build').index > npmCi.index, 'npm run build after npm ci');
  });

  it('runs the web project\'s own build, which writes dist/', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'web', 'package.json'), 'utf8'));
    assert.ok(pkg.scripts?.build, 'web/package.json has no build script');
    const viteConfig = ['vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs']
      .map((file) => join(repoRoot, 'web', file)).find((file) => existsSync(file));
    if (viteConfig) assert.doesNotMatch(readFileSync(viteConfig, 'utf8'), /outDir/, 'vite build.outDir moved away from dist/');
  });

  it('serves the build output with nginx: port 8080, SPA fallback to index.html', () => {
    const conf = readFileSync(join(dockerDir, 'web', 'nginx.conf'), 'utf8');
    assert.match(conf, /listen\s+8080;/);
    assert.match(conf, /try_files\s+\$uri\s+\$uri\/\s+\/index\.html;/);
    const copy = build.final.instructions.find((i) => i.keyword === 'COPY' && i.flags.from === buildStage.name);
    assert.deepEqual(copyOf(copy), { sources: ['/web/dist'], dest: '/usr/share/nginx/html', from: buildStage.name });
    assert.equal(build.final.instructions.find((i) => i.keyword === 'EXPOSE')?.rest, '8080');
  });
});

describe('.dockerignore (repository root)', () => {
  const cases = [
    ['docker/.env', true],
    ['src/Hosts/Orders/bin/Release/net10.0/x.dll', true],
    ['src/Modules/Orders/Orders/obj/project.assets.json', true],
    ['web/node_modules/react/index.js', true],
    ['web/dist/index.html', true],
    ['web/.env.local', true],
    ['.git/HEAD', true],
    ['tests/deployment/package.json', true],
    ['src/Hosts/Orders/Program.cs', false],
    ['web/package.json', false],
    ['Directory.Packages.props', false],
    ['docker/web/nginx.conf', false],
  ];
  for (const [path, excluded] of cases) {
    it(`${excluded ? 'keeps out' : 'lets in'} ${path}`, () => assert.equal(ignore.ignores(path), excluded));
  }
});

describe('dockerfile-publish-commands.mjs', () => {
  const run = (...args) => execFileSync(process.execPath, [join(deploymentDir, 'dockerfile-publish-commands.mjs'), ...args], { encoding: 'utf8' })
    .trimEnd().split('\n');
  const commandsOf = (name, prefixes) => {
    const stage = builds[name].stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /dotnet publish/.test(i.rest)));
    return prefixes.map((prefix) => findRun(stage, prefix).command);
  };

  it('prints the dotnet publish line of each .NET host build, with that build\'s arguments in place', () => {
    const output = run();
    assert.deepEqual(output, hosts.sort().flatMap((name) => commandsOf(name, ['dotnet publish '])));
    for (const line of output) assert.doesNotMatch(line, /\$/, 'a variable left for the shell to expand');
  });

  it('prints each build\'s dotnet restore before its publish with --with-restore', () => {
    assert.deepEqual(run('--with-restore'), hosts.sort().flatMap((name) => commandsOf(name, ['dotnet restore ', 'dotnet publish '])));
  });

  it('moves the output folder with --output-root', () => {
    const output = run('--output-root', 'out');
    assert.deepEqual(output.map((line) => /-o (\S+)/.exec(line)[1]), hosts.sort().map((name) => `out/${name}`));
  });
});
