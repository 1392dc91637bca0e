// A small Dockerfile reader: enough of the syntax for the checks here (instructions with line
// continuations, stages, ARG and ENV with the builder's ${NAME} substitution, COPY sources and
// destinations, exec-form JSON). No dependencies, so dockerfile-publish-commands.mjs runs without
// `npm ci`.
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** Instructions of a Dockerfile as written: [{ keyword, args, line, flags, rest }] (comments dropped). */
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
    instructions.push(instructionOf(match[1].toUpperCase(), match[2].trim(), start + 1));
  }
  return instructions;
}

function instructionOf(keyword, args, line) {
  // Leading --flag[=value] options (COPY --from=, FROM --platform=, HEALTHCHECK --interval=).
  const flags = {};
  let rest = args;
  for (let flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest); flag; flag = /^--([\w-]+)(?:=(\S+))?\s*/.exec(rest)) {
    flags[flag[1]] = flag[2] ?? 'true';
    rest = rest.slice(flag[0].length);
  }
  return { keyword, args, line, flags, rest };
}

/**
 * Instructions in which the builder itself replaces $NAME / ${NAME} with ARG and ENV values (the
 * Dockerfile reference, "Environment replacement"). RUN, CMD, ENTRYPOINT and HEALTHCHECK are left
 * as written: a shell expands their variables, if anything does, when the command runs.
 */
const SUBSTITUTED = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/**
 * The Dockerfile as one build with these build arguments sees it. Instructions the builder
 * substitutes in are substituted, and so are shell-form RUN commands, with the ARG and ENV values
 * their shell sees (that is how `${NAME}` in a RUN line gets its value). ARG scoping is Docker's:
 * an ARG before the first FROM is for FROM lines only, unless a stage declares it again; a stage's
 * ARGs end with it; ENV wins over an ARG of the same name. Each instruction gets `source` (its args
 * as written) and `undeclared` (names no ARG or ENV of this Dockerfile declares, left as written:
 * their value, if any, comes from the base image, which is not known here). A ${NAME:?} or
 * ${NAME?} that would stop the build is listed in `errors`. `stages`: [{ name, image, platform,
 * instructions, env }], env holding the stage's ENV values at its end.
 */
export function resolveDockerfile(instructions, buildArgs = {}) {
  const errors = [];
  const globalArgs = new Map();
  let args = globalArgs;
  let env = new Map();
  const stages = [];
  const resolved = [];
  for (const written of instructions) {
    // FROM lines see the global ARGs only.
    const [stageArgs, stageEnv] = written.keyword === 'FROM' ? [globalArgs, new Map()] : [args, env];
    const lookup = (name) => {
      if (stageEnv.has(name)) return { value: stageEnv.get(name) };
      return stageArgs.has(name) ? { value: stageArgs.get(name) } : undefined;
    };
    // ARG and ENV values are expanded once more on their own (below): report each name and error once.
    const undeclared = [];
    const expand = (text) => substitute(text, lookup, {
      undeclared: (name) => undeclared.includes(name) || undeclared.push(name),
      error: (message) => errors.includes(`line ${written.line}: ${message}`) || errors.push(`line ${written.line}: ${message}`),
    });
    const shellForm = written.keyword === 'RUN' && !Array.isArray(commandOf(written.rest));
    const current = SUBSTITUTED.has(written.keyword) || shellForm
      ? { ...instructionOf(written.keyword, expand(written.args), written.line), source: written.args, undeclared }
      : { ...written, source: written.args, undeclared };
    if (current.keyword === 'FROM') {
      const [image, as, name] = current.rest.split(/\s+/);
      // A new stage: its own ARGs, and the ENV of the stage it is built FROM, if that is one of ours.
      args = new Map();
      env = new Map(stages.find((stage) => stage.name === image)?.env ?? []);
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        platform: current.flags.platform,
        instructions: [],
        env,
      });
    } else if (current.keyword === 'ARG') {
      for (const [name, fallback] of assignments(written.args, { legacy: false })) {
        // The value: the build's argument, else the default written here (substituted), else the
        // global ARG's value when this redeclares one; declared without any, the ARG is unset.
        const value = name in buildArgs ? buildArgs[name]
          : fallback !== undefined ? unquote(expand(fallback))
            : args !== globalArgs && globalArgs.has(name) ? globalArgs.get(name) : undefined;
        args.set(name, value);
      }
    } else if (current.keyword === 'ENV') {
      // Every value of one ENV instruction is substituted with the variables as they were before it.
      for (const [name, value] of assignments(written.args, { legacy: true })) env.set(name, unquote(expand(value ?? '')));
    }
    resolved.push(current);
    if (current.keyword !== 'FROM') stages.at(-1)?.instructions.push(current);
  }
  return { instructions: resolved, stages, errors };
}

/** NAME=value pairs of ARG (NAME alone has no value) and ENV (legacy form: ENV NAME value words). */
function assignments(text, { legacy }) {
  if (legacy && !/^[^\s=]+=/.test(text)) {
    const [, name, value] = /^(\S+)\s*(.*)$/.exec(text);
    return [[name, value]];
  }
  const words = text.match(/(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g) ?? [];
  return words.map((word) => {
    const at = word.indexOf('=');
    return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
  });
}

const unquote = (value) => value.replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (whole, double, single) => single ?? double.replace(/\\(.)/g, '$1'));

/**
 * Docker's (and a POSIX shell's) $NAME, ${NAME}, ${NAME:-word}, ${NAME:+word}, ${NAME:?word} and
 * ${NAME?word}; nothing inside '…' is replaced, and \$ is a literal $. lookup(name) returns
 * { value } for a declared name (value undefined while it is unset) and undefined for a name not
 * declared, which is left as written and reported to on.undeclared.
 */
export function substitute(text, lookup, on = {}) {
  const pattern = /'[^']*'|\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?]|:)((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  return text.replace(pattern, (whole, braced, op, word = '', bare) => {
    if (whole.startsWith("'") || whole === '\\$') return whole;
    const name = braced ?? bare;
    const found = lookup(name);
    if (found === undefined) {
      on.undeclared?.(name);
      return whole;
    }
    const { value } = found;
    const expandWord = () => substitute(word, lookup, on);
    switch (op) {
      case undefined: return value ?? '';
      case ':-': return value ? value : expandWord();
      case ':+': return value ? expandWord() : '';
      case ':?':
      case '?':
        if (value === undefined || (op === ':?' && value === '')) {
          on.error?.(`${name}: ${word || (value === undefined ? 'is not allowed to be unset' : 'is not allowed to be empty')}`);
          return '';
        }
        return value;
      default: throw new Error(`unsupported substitution ${whole}`);
    }
  });
}

/** Exec form (JSON array) or shell form of RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD → array or string. */
export function commandOf(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try { return JSON.parse(trimmed); } catch { /* not JSON: shell form */ }
  }
  return trimmed;
}

/**
 * A Dockerfile as one build sees it: { instructions, stages, final, errors } (see resolveDockerfile);
 * a missing file reads as an empty Dockerfile, for the caller to report.
 */
export function loadDockerfile(path, buildArgs = {}) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const { instructions, stages, errors } = resolveDockerfile(parseDockerfile(text), buildArgs);
  return { instructions, stages, final: stages.at(-1), errors };
}

/** A .NET host image: its final stage is the ASP.NET Core runtime. */
export const isDotnetHost = (dockerfile) => dockerfile.final?.image.startsWith('mcr.microsoft.com/dotnet/aspnet:') ?? false;

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

/**
 * What a container of the stage runs as its process 1: the last ENTRYPOINT followed by the last
 * CMD, as an argument list. A shell form runs under /bin/sh -c. A `bash|sh -c 'exec …' $0 args…`
 * entrypoint is followed through: the shell expands the stage's ENV (only ENV: build arguments are
 * gone at run time) and "$@", then exec replaces it with the command, which so becomes process 1.
 * Any other script leaves the shell as process 1, and the list returned is the shell's.
 */
export function containerProcess(stage) {
  const last = (keyword) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);
  const asList = (form) => (Array.isArray(form) ? form : ['/bin/sh', '-c', form]);
  const entrypoint = last('ENTRYPOINT') ? commandOf(last('ENTRYPOINT').rest) : [];
  const cmd = last('CMD') ? asList(commandOf(last('CMD').rest)) : [];
  // A shell-form ENTRYPOINT ignores CMD.
  const argv = Array.isArray(entrypoint) ? [...entrypoint, ...cmd] : asList(entrypoint);
  const [program, option, script, , ...positional] = argv;
  if (!/^(\/(usr\/)?bin\/)?(ba)?sh$/.test(program ?? '') || option !== '-c') return argv;
  const exec = /^\s*exec\s+([^;&|<>`]*)$/.exec(script ?? '');
  if (!exec) return argv;
  return shellWords(exec[1], (name) => {
    if (!stage.env.has(name)) throw new Error(`the entrypoint uses $${name}, which no ENV of the stage sets`);
    return stage.env.get(name);
  }, positional);
}

/** Words of a simple shell command: '…', "…" with $NAME/${NAME} and "$@", bare words and $NAME. */
function shellWords(text, valueOf, positional) {
  const words = [];
  const token = /\s*(?:"\$@"|((?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"])+))/g;
  for (let match = token.exec(text); match && match[0].trim() !== ''; match = token.exec(text)) {
    if (match[1] === undefined) { words.push(...positional); continue; }
    const expandVariables = (part) =>
      part.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, bare) => valueOf(braced ?? bare));
    const word = match[1].replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|([^'"]+)/g, (_, single, double, plain) =>
      single ?? expandVariables(double ?? plain).replace(/\\(.)/g, '$1'));
    // An unquoted variable that expands to nothing is no word at all.
    if (word !== '' || /['"]/.test(match[1])) words.push(word);
  }
  return words;
}

/** Every `dotnet <verb> ...` command (restore, publish, ...) of a loaded Dockerfile, in order. */
export function dotnetCommands(dockerfile, verbs = ['publish']) {
  return dockerfile.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .flatMap(runCommands)
    .filter((command) => verbs.some((verb) => command.startsWith(`dotnet ${verb} `)));
}
