// A small Dockerfile reader: enough of the syntax for the checks here (instructions with line
// continuations, stages, COPY sources and destinations, exec-form JSON). No dependencies, so
// dockerfile-publish-commands.mjs runs without `npm ci`.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** Instructions of a Dockerfile: [{ keyword, args, line, flags, rest }] (comments dropped). */
export function parseDockerfile(text) {
  const instructions = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    // A trailing backslash continues the instruction; comment lines inside it are skipped.
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ');
      i++;
      if (/^\s*#/.test(lines[i])) { line += ' '; continue; }
      line += lines[i];
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line);
    if (!match) throw new Error(`line ${start + 1}: cannot parse ${line}`);
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    // Leading --flag[=value] options (COPY --from=, FROM --platform=, HEALTHCHECK --interval=).
    const flags = {};
    let rest = args;
    for (let flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest); flag; flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest)) {
      flags[flag[1]] = flag[2] ?? 'true';
      rest = rest.slice(flag[0].length);
    }
    instructions.push({ keyword, args, line: start + 1, flags, rest });
  }
  return instructions;
}

/** Exec form (JSON array) or shell form of RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD → array or string. */
export function commandOf(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try { return JSON.parse(trimmed); } catch { /* not JSON: shell form */ }
  }
  return trimmed;
}

/** Stages: [{ name, image, platform, instructions, workdirAt(i) }]. */
export function stagesOf(instructions) {
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.rest.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, platform: instruction.flags.platform, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1).instructions.push(instruction);
    }
  }
  return stages;
}

/** The working directory in effect before instruction `index` of a stage. */
export function workdirBefore(stage, index) {
  let dir = '/';
  for (const instruction of stage.instructions.slice(0, index)) {
    if (instruction.keyword === 'WORKDIR') dir = posix.resolve(dir, instruction.rest);
  }
  return dir;
}

/** COPY sources and destination: { sources, dest, from }. Exec (JSON) form is understood too. */
export function copyOf(instruction) {
  const form = commandOf(instruction.rest);
  const parts = Array.isArray(form) ? form : form.split(/\s+/);
  return { sources: parts.slice(0, -1), dest: parts.at(-1), from: instruction.flags.from };
}

/** Shell commands of a RUN instruction split on && and ; (enough for the Dockerfiles here). */
export function runCommands(instruction) {
  const form = commandOf(instruction.rest);
  const text = Array.isArray(form) ? form.join(' ') : form;
  return text.split(/&&|;/).map((command) => command.trim().replace(/\s+/g, ' ')).filter(Boolean);
}

/** Every `dotnet <verb> ...` command (restore, publish, ...) in a Dockerfile, in order. */
export function dotnetCommands(path, verbs = ['publish']) {
  const instructions = parseDockerfile(readFileSync(path, 'utf8'));
  return instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .flatMap(runCommands)
    .filter((command) => verbs.some((verb) => command.startsWith(`dotnet ${verb} `)));
}
