// A Dockerfile written from a source-code service's apprunner.yaml, so that the service can become
// an image (ECS Express Mode runs images only). It does what App Runner's build does: the runtime's
// image at the runtime version, the source in /app, pre-build, build, post-build and pre-run
// commands with build.env visible to them only, then run.env, the port (PORT and network.env) and
// the start command. Secrets are never written into the image: the task definition supplies them.
// Pure: the adapter reads apprunner.yaml and writes the Dockerfile.
import { parseDocument } from 'yaml';
import { forPlainText } from '../shared/untrusted';
import { commandWords } from './plan';

interface BaseImage {
  /** The image for a runtime version that `versions` accepts, or for the runtime's default. */
  image(version: string | undefined): string;
  /** runtime-version values that name an image tag of the same family. */
  versions?: RegExp;
  /** Why this image, when it is not simply the language's official image. */
  note?: string;
}

const official =
  (name: string, defaultTag: string) =>
  (version: string | undefined): string =>
    `${name}:${version ?? defaultTag}`;

/** Docker Official Images of each App Runner runtime (src/config/runtimes.ts lists the runtimes; a unit test keeps both in step). */
export const BASE_IMAGES: Readonly<Record<string, BaseImage>> = {
  python3: { image: official('python', '3.8'), versions: /^3\.[78](\.\d+)?$/ },
  python311: { image: official('python', '3.11'), versions: /^3\.11(\.\d+)?$/ },
  nodejs12: { image: official('node', '12'), versions: /^12(\.\d+){0,2}$/ },
  nodejs14: { image: official('node', '14'), versions: /^14(\.\d+){0,2}$/ },
  nodejs16: { image: official('node', '16'), versions: /^16(\.\d+){0,2}$/ },
  nodejs18: { image: official('node', '18'), versions: /^18(\.\d+){0,2}$/ },
  nodejs22: { image: official('node', '22'), versions: /^22(\.\d+){0,2}$/ },
  corretto8: {
    image: () => 'maven:3-amazoncorretto-8',
    note: 'Amazon Corretto 8 with Maven, as App Runner’s build image had (use a gradle image if the build runs Gradle).',
  },
  corretto11: {
    image: () => 'maven:3-amazoncorretto-11',
    note: 'Amazon Corretto 11 with Maven, as App Runner’s build image had (use a gradle image if the build runs Gradle).',
  },
  dotnet6: {
    image: () => 'mcr.microsoft.com/dotnet/sdk:6.0',
    note: 'the .NET 6 SDK, since the build commands need it (the start command may run on mcr.microsoft.com/dotnet/aspnet:6.0 in a second stage).',
  },
  php81: { image: official('php', '8.1'), versions: /^8\.1(\.\d+)?$/ },
  ruby31: { image: official('ruby', '3.1'), versions: /^3\.1(\.\d+)?$/ },
  go1: { image: official('golang', '1.18'), versions: /^1\.18(\.\d+)?$/ },
};

/** App Runner's port when network.port is not set. */
const DEFAULT_PORT = 8080;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface DockerfileOptions {
  /** Maps the base image's name to another (tests build with a locally imported image); the product uses the name as it is. */
  baseImage?: (image: string) => string;
}

export type DockerfileResult = { ok: true; text: string; baseImage: string } | { ok: false; message: string };

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class ConfigProblem extends Error {}

/** A list of commands (strings; numbers and booleans as YAML wrote them); missing is empty. */
function commandList(value: Json, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigProblem(`${where} must be a list of commands.`);
  return value
    .map((c, i) => {
      if (typeof c === 'object' && c !== null) {
        throw new ConfigProblem(
          `${where}[${i + 1}] is a ${Array.isArray(c) ? 'list' : 'mapping'}, not a command: YAML reads an unquoted command with ": " in it as a mapping. Put the command in quotes.`,
        );
      }
      return c;
    })
    .filter((c) => c !== null && c !== undefined)
    .map((c) => String(c));
}

function nameValues(value: Json, where: string, valueKey: 'value' | 'value-from'): Array<{ name: string; value: string }> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigProblem(`${where} must be a list of {name, ${valueKey}} entries.`);
  return value.map((entry, i) => {
    if (!isRecord(entry) || entry.name === undefined || entry[valueKey] === undefined) {
      throw new ConfigProblem(`${where}[${i + 1}] must have a name and a ${valueKey}.`);
    }
    return { name: String(entry.name), value: String(entry[valueKey]) };
  });
}

/** A Dockerfile double-quoted word: `\`, `"` and `$` (variable substitution in ARG and ENV) escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/**
 * A RUN instruction for one command: the shell form when the command is one plain line, the exec
 * form through /bin/sh otherwise (a line break, a trailing backslash or a heredoc would change how
 * the Dockerfile is read).
 */
function runInstruction(command: string): string {
  const plain = !/[\r\n\u2028\u2029]|\\\s*$|<<|^\s*\[/.test(command);
  return plain ? `RUN ${command.trim()}` : `RUN ${execForm(['/bin/sh', '-c', command])}`;
}

/**
 * A JSON (exec form) argument list. `<` is written as \u003c so that no `<<` in a command can be
 * taken for the start of a heredoc.
 */
function execForm(words: string[]): string {
  return JSON.stringify(words).replace(/</g, '\\u003c');
}

/** A comment line: file content on one line, so nothing in it can end the comment. */
function comment(text: string): string {
  return `# ${forPlainText(text)}`;
}

/** The Dockerfile for `apprunnerYaml`, or what is wrong with the file (said so that the user can fix it). */
export function dockerfileFromApprunnerYaml(apprunnerYaml: string, options: DockerfileOptions = {}): DockerfileResult {
  try {
    return { ok: true, ...write(apprunnerYaml, options) };
  } catch (err) {
    if (err instanceof ConfigProblem) return { ok: false, message: `apprunner.yaml: ${err.message}` };
    throw err;
  }
}

function write(apprunnerYaml: string, options: DockerfileOptions): { text: string; baseImage: string } {
  const document = parseDocument(apprunnerYaml, { prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    throw new ConfigProblem(`it is not valid YAML (${syntax.message.split('\n')[0]}). Fix it (the editor marks the place) and try again.`);
  }
  const config: Json = document.toJS();
  if (!isRecord(config)) throw new ConfigProblem('it holds no settings (version, runtime, build and run).');

  const runtime = String(config.runtime ?? '');
  const base = BASE_IMAGES[runtime];
  if (!base) {
    throw new ConfigProblem(
      `runtime ${JSON.stringify(forPlainText(runtime, 60))} is not an App Runner runtime, so there is no build to turn into a Dockerfile. ` +
        `Use one of ${Object.keys(BASE_IMAGES).join(', ')} (or write the Dockerfile by hand).`,
    );
  }
  const build = config.build === undefined || config.build === null ? {} : config.build;
  if (!isRecord(build)) throw new ConfigProblem('build must be a mapping with commands (and env).');
  const commands = build.commands === undefined || build.commands === null ? {} : build.commands;
  if (!isRecord(commands)) {
    throw new ConfigProblem(
      'build.commands must be a mapping with pre-build, build and post-build lists (App Runner rejects it as it is).',
    );
  }
  const run = config.run;
  if (!isRecord(run)) throw new ConfigProblem('run is missing: it holds the start command (run.command).');
  if (run.command === undefined || run.command === null || String(run.command).trim() === '') {
    throw new ConfigProblem('run.command is missing: App Runner starts the app with it, and so will the container.');
  }
  const startCommand = String(run.command);

  const lines: string[] = [
    '# Written from apprunner.yaml by App Runner for VS Code: review it, then build and test it with "Deploy from Workspace".',
    '# The steps follow App Runner’s build: the source in /app, pre-build, build, post-build, pre-run, then the start command.',
  ];

  const requested = run['runtime-version'] === undefined || run['runtime-version'] === null ? undefined : String(run['runtime-version']);
  const version = requested !== undefined && base.versions?.test(requested) ? requested : undefined;
  const image = base.image(version);
  const baseImage = options.baseImage ? options.baseImage(image) : image;
  lines.push(comment(`Runtime ${runtime}${version ? ` ${version}` : ''}: ${image}${base.note ? `, ${base.note}` : '.'}`));
  if (requested !== undefined && !version) {
    lines.push(
      comment(`runtime-version ${requested} names no tag of this image: the runtime's default is used. Check the version you need.`),
    );
  }
  lines.push(`FROM ${baseImage}`, 'WORKDIR /app');

  const notes: string[] = [];
  const buildEnv = usableVariables(nameValues(build.env, 'build.env', 'value'), 'build.env', notes);
  if (buildEnv.length) {
    lines.push('', '# build.env: seen by the build and pre-run commands only (build arguments, not kept in the image).');
    for (const v of buildEnv) lines.push(`ARG ${v.name}=${quoted(v.value)}`);
  }
  lines.push('', 'COPY . .');
  const phases: Array<[string, string[]]> = [
    ['pre-build', commandList(commands['pre-build'], 'build.commands.pre-build')],
    ['build', commandList(commands.build, 'build.commands.build')],
    ['post-build', commandList(commands['post-build'], 'build.commands.post-build')],
    ['pre-run', commandList(run['pre-run'], 'run.pre-run')],
  ];
  for (const [phase, list] of phases) {
    if (list.length === 0) continue;
    lines.push('', `# ${phase}`, ...list.map(runInstruction));
  }

  const network = isRecord(run.network) ? run.network : {};
  const port = Number(network.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigProblem(`run.network.port ${JSON.stringify(forPlainText(String(network.port), 40))} is not a port (1-65535).`);
  }
  const runEnv = usableVariables(nameValues(run.env, 'run.env', 'value'), 'run.env', notes);
  const portNames = new Set(['PORT', ...(typeof network.env === 'string' && ENV_NAME.test(network.env) ? [network.env] : [])]);
  lines.push('', '# App Runner sets PORT (and run.network.env) to the port; ECS Express sends traffic to containerPort, the same number.');
  for (const name of portNames) if (!runEnv.some((v) => v.name === name)) lines.push(`ENV ${name}=${port}`);
  if (runEnv.length) {
    lines.push('# run.env');
    for (const v of runEnv) lines.push(`ENV ${v.name}=${quoted(v.value)}`);
  }
  lines.push(`EXPOSE ${port}`);

  const secrets = nameValues(run.secrets, 'run.secrets', 'value-from');
  if (secrets.length) {
    lines.push(
      '',
      '# Secrets are not part of the image: ECS Express injects them from the task definition (primaryContainer.secrets,',
      '# read with the execution role). The migration plan lists them; these are the ones apprunner.yaml names:',
      ...secrets.map((s) => comment(`  ${s.name} from ${s.value}`)),
    );
  }
  if (notes.length) lines.push('', ...notes.map(comment));
  lines.push('', `CMD ${execForm(commandWords(startCommand))}`, '');
  return { text: lines.join('\n'), baseImage };
}

/** Variables a Dockerfile can hold; the others are left to the task definition, with a note saying so. */
function usableVariables(variables: Array<{ name: string; value: string }>, where: string, notes: string[]) {
  return variables.filter((v) => {
    if (!ENV_NAME.test(v.name)) {
      notes.push(`${where} ${v.name} is not a variable name a Dockerfile accepts: set it in the task definition.`);
      return false;
    }
    if (/[\r\n]/.test(v.value)) {
      notes.push(`${where} ${v.name} has a line break, which a Dockerfile cannot hold: set it in the task definition.`);
      return false;
    }
    return true;
  });
}
