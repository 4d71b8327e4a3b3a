// The Docker CLI (or Podman's, which takes the same commands) as the deploy uses it. Registry
// logins go into a temporary config directory that is removed afterwards: the password is
// written to `login --password-stdin`, never put in an argument, and the user's own Docker
// config (and any credential store it names) never sees the token.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BuildFailure,
  BuildOutputParser,
  BuildStep,
  classifyDockerVersionFailure,
  DockerProblem,
  PushOutputParser,
  PushProgress,
} from './dockerOutput';
import { CommandNotFoundError, exitText, ProcessInfo, runProcess } from './processes';

export interface DockerEngine {
  /** 'podman' when the command is Podman (or Podman's docker shim). */
  flavor: 'docker' | 'podman';
  /** What `version` printed, for the output channel. */
  versionText: string;
  /** `docker build` is BuildKit's (buildx installed and not turned off): it takes --provenance. */
  buildx?: boolean;
}

/** Docker cannot be used: not found, daemon down, no permission, or another failure. */
export class DockerUnavailableError extends Error {
  constructor(
    readonly problem: DockerProblem | 'not-installed',
    message: string,
  ) {
    super(message);
    this.name = 'DockerUnavailableError';
  }
}

export class BuildFailedError extends Error {
  constructor(readonly failure: BuildFailure) {
    super(
      failure.line !== undefined
        ? `Dockerfile line ${failure.line}${failure.instruction ? ` (${failure.instruction})` : ''}: ${failure.message}`
        : failure.message,
    );
    this.name = 'BuildFailedError';
  }
}

export class DockerCommandError extends Error {
  constructor(
    readonly step: 'login' | 'tag' | 'push' | 'inspect',
    message: string,
  ) {
    super(message);
    this.name = 'DockerCommandError';
  }
}

export interface DockerOptions {
  /** The `apprunner.docker.path` setting: a command name on PATH or a full path. */
  command: string;
  /** Environment of every docker command (the extension host's, usually). */
  env: NodeJS.ProcessEnv;
  /** Every line docker prints (the deploy output channel). */
  onOutput?: (line: string) => void;
  onProcess?: (info: ProcessInfo) => void;
}

export interface BuildRequest {
  context: string;
  dockerfile: string;
  /** Local tag of the built image. */
  tag: string;
  platform: string;
  signal?: AbortSignal;
  onStep?: (step: BuildStep) => void;
}

/** A login into one registry, valid until dispose() removes its temporary config. */
export interface RegistrySession {
  /** The temporary config directory (DOCKER_CONFIG; Podman's auth file lives in it too). */
  readonly configDir: string;
  dispose(): Promise<void>;
}

export class DockerCli {
  private engine?: DockerEngine;

  constructor(private readonly opts: DockerOptions) {}

  get command(): string {
    return this.opts.command;
  }

  /** Checks that the CLI runs and its engine answers. */
  async probe(signal?: AbortSignal): Promise<DockerEngine> {
    let result;
    try {
      result = await runProcess(this.opts.command, ['version'], { env: this.env(), signal, onStart: this.opts.onProcess });
    } catch (e) {
      if (e instanceof CommandNotFoundError) {
        throw new DockerUnavailableError(
          'not-installed',
          `Docker was not found: "${this.opts.command}" ${e.code === 'ENOENT' ? 'is not on the PATH' : 'cannot be executed'}. Install Docker (or Podman), or set apprunner.docker.path to its full path.`,
        );
      }
      throw e;
    }
    const text = result.lines.join('\n');
    if (result.code !== 0) {
      const problem = classifyDockerVersionFailure(text);
      const messages: Record<DockerProblem, string> = {
        'daemon-down': `The Docker engine is not running (${this.opts.command} cannot connect to it). Start Docker, then deploy again.`,
        permission: `${this.opts.command} may not talk to the Docker engine (permission denied on its socket). Add your user to the docker group, or use rootless Docker or Podman.`,
        'not-installed': '',
        other: `"${this.opts.command} version" failed (${exitText(result)}): ${result.lines.slice(-1)[0] ?? ''}`,
      };
      throw new DockerUnavailableError(problem, messages[problem]);
    }
    const flavor = /podman/i.test(text) ? 'podman' : 'docker';
    this.engine = { flavor, versionText: text, buildx: flavor === 'docker' && (await this.hasBuildx(signal)) };
    return this.engine;
  }

  private async hasBuildx(signal?: AbortSignal): Promise<boolean> {
    if (this.opts.env.DOCKER_BUILDKIT === '0') {
      return false;
    }
    const result = await runProcess(this.opts.command, ['buildx', 'version'], { env: this.env(), signal, onStart: this.opts.onProcess });
    return result.code === 0;
  }

  /** Builds the image; returns its id (sha256:…). */
  async build(req: BuildRequest, dockerfileText: string | undefined): Promise<string> {
    const idDir = await fs.mkdtemp(path.join(os.tmpdir(), 'apprunner-build-'));
    const idFile = path.join(idDir, 'image-id');
    const parser = new BuildOutputParser();
    // BuildKit would attach provenance attestations, which turn the pushed image into an index.
    const provenance = this.engine?.buildx ? ['--provenance=false'] : [];
    try {
      // --force-rm: a failed build leaves no intermediate container behind (legacy builder).
      const result = await runProcess(
        this.opts.command,
        [
          'build',
          '--platform',
          req.platform,
          ...provenance,
          '-f',
          req.dockerfile,
          '-t',
          req.tag,
          '--iidfile',
          idFile,
          '--force-rm',
          req.context,
        ],
        {
          cwd: req.context,
          env: this.env(),
          signal: req.signal,
          onStart: this.opts.onProcess,
          onLine: (line) => {
            this.opts.onOutput?.(line);
            const step = parser.feed(line);
            if (step) {
              req.onStep?.(step);
            }
          },
        },
      );
      if (result.code !== 0) {
        throw new BuildFailedError(parser.failure(dockerfileText, exitText(result)));
      }
      return (await fs.readFile(idFile, 'utf8')).trim();
    } finally {
      await fs.rm(idDir, { recursive: true, force: true });
    }
  }

  /**
   * Logs in to `host` inside a new temporary config directory. The config starts with an
   * empty entry for the host, so the CLI writes the login there instead of a credential store
   * it would otherwise detect (osxkeychain, wincred, secretservice, pass).
   */
  async login(host: string, username: string, password: string, signal?: AbortSignal): Promise<RegistrySession> {
    const configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'apprunner-docker-'));
    const session: RegistrySession = { configDir, dispose: () => fs.rm(configDir, { recursive: true, force: true }) };
    try {
      await fs.chmod(configDir, 0o700);
      await this.prepareConfig(configDir, host);
      const result = await runProcess(
        this.opts.command,
        ['login', ...this.authArgs(configDir), '--username', username, '--password-stdin', host],
        {
          env: this.env(configDir),
          stdin: password,
          signal,
          onStart: this.opts.onProcess,
          onLine: this.opts.onOutput,
        },
      );
      if (result.code !== 0) {
        const last =
          result.lines.filter((l) => !/WARNING|credential helper|credential-store|stored unencrypted/i.test(l)).slice(-1)[0] ??
          exitText(result);
        throw new DockerCommandError('login', `Docker could not log in to ${host}: ${last}`);
      }
      return session;
    } catch (e) {
      await session.dispose();
      throw e;
    }
  }

  async tag(source: string, target: string, signal?: AbortSignal): Promise<void> {
    const result = await runProcess(this.opts.command, ['tag', source, target], {
      env: this.env(),
      signal,
      onStart: this.opts.onProcess,
      onLine: this.opts.onOutput,
    });
    if (result.code !== 0) {
      throw new DockerCommandError('tag', `docker tag ${target} failed (${exitText(result)}): ${result.lines.slice(-1)[0] ?? ''}`);
    }
  }

  /** Pushes `ref` with the session's login; returns the manifest digest the registry stored. */
  async push(
    ref: string,
    session: RegistrySession,
    onProgress?: (p: PushProgress) => void,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const parser = new PushOutputParser();
    const podman = this.engine?.flavor === 'podman';
    const digestFile = path.join(session.configDir, 'digest');
    const result = await runProcess(
      this.opts.command,
      ['push', ...this.authArgs(session.configDir), ...(podman ? ['--digestfile', digestFile] : []), ref],
      {
        env: this.env(session.configDir),
        signal,
        onStart: this.opts.onProcess,
        onLine: (line) => {
          this.opts.onOutput?.(line);
          const progress = parser.feed(line);
          if (progress) {
            onProgress?.(progress);
          }
        },
      },
    );
    if (result.code !== 0) {
      throw new DockerCommandError('push', `docker push ${ref} failed: ${parser.failureMessage(exitText(result))}`);
    }
    if (podman) {
      return (await fs.readFile(digestFile, 'utf8').catch(() => '')).trim() || undefined;
    }
    return parser.digest;
  }

  /** `os/architecture` of a local image, e.g. `linux/amd64`. */
  async imagePlatform(imageId: string, signal?: AbortSignal): Promise<string> {
    const result = await runProcess(this.opts.command, ['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', imageId], {
      env: this.env(),
      signal,
      onStart: this.opts.onProcess,
    });
    if (result.code !== 0) {
      throw new DockerCommandError(
        'inspect',
        `docker image inspect ${imageId} failed (${exitText(result)}): ${result.lines.slice(-1)[0] ?? ''}`,
      );
    }
    return result.lines.join('').trim();
  }

  /** The `repository@sha256:…` digests this image has in registries it was pushed to or pulled from. */
  async repoDigests(imageId: string, signal?: AbortSignal): Promise<string[]> {
    const result = await runProcess(this.opts.command, ['image', 'inspect', '--format', '{{json .RepoDigests}}', imageId], {
      env: this.env(),
      signal,
      onStart: this.opts.onProcess,
    });
    if (result.code !== 0) {
      throw new DockerCommandError(
        'inspect',
        `docker image inspect ${imageId} failed (${exitText(result)}): ${result.lines.slice(-1)[0] ?? ''}`,
      );
    }
    const parsed: unknown = JSON.parse(result.lines.join('').trim() || 'null');
    return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
  }

  private authArgs(configDir: string): string[] {
    return this.engine?.flavor === 'podman' ? ['--authfile', path.join(configDir, 'auth.json')] : [];
  }

  /** Plain build progress from BuildKit (ignored by the legacy builder); the login's config when given. */
  private env(configDir?: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.opts.env, BUILDKIT_PROGRESS: 'plain' };
    if (configDir) {
      env.DOCKER_CONFIG = configDir;
      env.REGISTRY_AUTH_FILE = path.join(configDir, 'auth.json');
    }
    return env;
  }

  /**
   * The temporary config keeps the user's Docker context (so the same engine is used) and
   * nothing else: no auths, credsStore or credHelpers are copied.
   */
  private async prepareConfig(configDir: string, host: string): Promise<void> {
    const userDir = this.opts.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
    const config: Record<string, unknown> = { auths: { [host]: {} } };
    const user = await fs.readFile(path.join(userDir, 'config.json'), 'utf8').then(
      (text) => JSON.parse(text) as Record<string, unknown>,
      () => undefined,
    );
    if (typeof user?.currentContext === 'string') {
      config.currentContext = user.currentContext;
      const contexts = path.join(userDir, 'contexts');
      if (
        await fs.stat(contexts).then(
          (s) => s.isDirectory(),
          () => false,
        )
      ) {
        await fs.symlink(contexts, path.join(configDir, 'contexts'), 'dir');
      }
    }
    await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
    if (this.engine?.flavor === 'podman') {
      await fs.writeFile(path.join(configDir, 'auth.json'), JSON.stringify({ auths: {} }), { mode: 0o600 });
    }
  }
}
