// Runs a command line tool as a child process: an argument array (never a shell string), its
// output split into lines as it comes, optional stdin text, and cancellation that ends the
// whole process group (docker's credential helpers and build contexts included) and resolves
// only once the child is gone.
import { spawn } from 'child_process';

export interface ProcessInfo {
  pid: number;
  command: string;
  args: string[];
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (e.g. a registry password). */
  stdin?: string;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  /** Told about the child once it runs (tests check that cancelled children are gone). */
  onStart?: (info: ProcessInfo) => void;
}

export interface RunResult {
  code: number | null;
  /** The signal that ended the child, if any. */
  signal: NodeJS.Signals | null;
  /** The last lines of combined output (at most 200). */
  lines: string[];
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** The program was not found (ENOENT) or could not be executed (EACCES). */
export class CommandNotFoundError extends Error {
  constructor(
    readonly command: string,
    readonly code: string,
  ) {
    super(`${command}: ${code === 'ENOENT' ? 'command not found' : 'cannot be executed'}`);
    this.name = 'CommandNotFoundError';
  }
}

const KILL_GRACE_MS = 3000;
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function runProcess(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const windows = process.platform === 'win32';
    // Its own process group on POSIX, so that cancelling ends its children too.
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: !windows,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const lines: string[] = [];
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const pending = { stdout: '', stderr: '' };
    const emit = (raw: string): void => {
      // Colour codes (the legacy builder colours RUN output) would hide the text from the parsers.
      const line = raw.replace(ANSI_ESCAPE, '');
      lines.push(line);
      if (lines.length > 200) {
        lines.shift();
      }
      opts.onLine?.(line);
    };
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const parts = (pending[stream] + chunk.toString('utf8')).split(/\r?\n|\r/);
      pending[stream] = parts.pop() ?? '';
      parts.forEach(emit);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) {
        return;
      }
      try {
        if (windows) {
          spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        } else {
          process.kill(-child.pid, sig);
        }
      } catch (e) {
        // ESRCH: the group is already gone, which is what we want; otherwise end at least the child.
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') {
          child.kill(sig);
        }
      }
    };
    const abort = (): void => {
      cancelled = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', abort);
      clearTimeout(killTimer);
      if (err.code === 'ENOENT' || err.code === 'EACCES') {
        reject(new CommandNotFoundError(command, err.code));
      } else {
        reject(err);
      }
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) {
        opts.onStart?.({ pid: child.pid, command, args });
      }
    });
    // EPIPE when the child exits before reading stdin is reported through 'close' below.
    child.stdin.on('error', () => undefined);
    if (opts.stdin !== undefined) {
      child.stdin.end(opts.stdin);
    } else {
      child.stdin.end();
    }
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', abort);
      clearTimeout(killTimer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (pending[stream]) {
          emit(pending[stream]);
        }
      }
      if (cancelled) {
        // Whatever the child left in its group goes with it.
        killGroup('SIGKILL');
        reject(new CancelledError());
        return;
      }
      resolve({ code, signal, lines });
    });
  });
}

/** "exit code 1" / "killed by SIGKILL", for messages. */
export function exitText(result: RunResult): string {
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
}
