// Turns the text Docker (or Podman) prints into progress and failures: build steps for both
// builders (the legacy one's "Step 3/7 :" and BuildKit's "#5 [2/4] RUN …" in plain progress
// mode), the failing Dockerfile line of a broken build, layer progress and the digest of a push.
import { parseInstructions } from './dockerfile';

export interface BuildStep {
  /** 1-based step of `total` (BuildKit: across all stages seen so far). */
  index: number;
  total: number;
  instruction: string;
}

export interface BuildFailure {
  /** One line saying what went wrong, e.g. "The command '/bin/sh -c npm ci' returned a non-zero code: 1". */
  message: string;
  /** The failing instruction, e.g. "RUN npm ci". */
  instruction?: string;
  /** 1-based line of the failing instruction in the Dockerfile. */
  line?: number;
}

const LEGACY_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const BUILDKIT_STEP = /^#\d+ \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
const LEGACY_FAILURES = [
  /^The command '.*' returned a non-zero code: \d+$/,
  /^(COPY|ADD) failed: .*/,
  /^Error response from daemon: .*/,
  /^unable to prepare context: .*/,
  /^failed to (?:solve|compute cache key|read dockerfile|parse).*/i,
  /^error (?:checking context|from sender): .*/,
];

export class BuildOutputParser {
  private legacyStep?: BuildStep;
  private readonly buildkitTotals = new Map<string, number>();
  private readonly buildkitSeen = new Set<string>();
  private lastBuildkitInstruction?: string;
  private failureMessage?: string;
  private buildkitLine?: number;
  private readonly tail: string[] = [];

  /** Feeds one output line; returns the new step when the line starts one. */
  feed(raw: string): BuildStep | undefined {
    const line = raw.replace(/\r$/, '');
    this.tail.push(line);
    if (this.tail.length > 30) {
      this.tail.shift();
    }
    const legacy = LEGACY_STEP.exec(line);
    if (legacy) {
      this.legacyStep = { index: Number(legacy[1]), total: Number(legacy[2]), instruction: legacy[3] };
      return this.legacyStep;
    }
    const kit = BUILDKIT_STEP.exec(line);
    if (kit) {
      const stage = kit[1] ?? '';
      const key = `${stage} ${kit[2]}`;
      this.buildkitTotals.set(stage, Number(kit[3]));
      this.lastBuildkitInstruction = kit[4];
      if (!this.buildkitSeen.has(key)) {
        this.buildkitSeen.add(key);
        const total = [...this.buildkitTotals.values()].reduce((a, b) => a + b, 0);
        return { index: this.buildkitSeen.size, total, instruction: kit[4] };
      }
      return undefined;
    }
    const kitError = /^(?:ERROR|error): (?:failed to build: )?(?:failed to solve: )?(.*)$/.exec(line);
    if (kitError && !this.failureMessage) {
      this.failureMessage = kitError[1];
      return undefined;
    }
    const kitLine = /^Dockerfile(?:\.\S+)?:(\d+)$/.exec(line.trim());
    if (kitLine) {
      this.buildkitLine = Number(kitLine[1]);
      return undefined;
    }
    if (!this.failureMessage && LEGACY_FAILURES.some((re) => re.test(line.trim()))) {
      this.failureMessage = line.trim();
    }
    return undefined;
  }

  /** The failure of a build that exited non-zero, located in `dockerfileText` where possible. */
  failure(dockerfileText: string | undefined, exitDetail: string): BuildFailure {
    const message =
      this.failureMessage ??
      this.tail
        .filter((l) => l.trim())
        .slice(-1)[0]
        ?.trim() ??
      exitDetail;
    if (this.buildkitLine !== undefined) {
      return { message, line: this.buildkitLine, instruction: this.lastBuildkitInstruction };
    }
    if (this.legacyStep && dockerfileText !== undefined) {
      // The legacy builder numbers every instruction of the Dockerfile, all stages included.
      const instruction = parseInstructions(dockerfileText)[this.legacyStep.index - 1];
      return { message, line: instruction?.line, instruction: this.legacyStep.instruction };
    }
    return { message, instruction: this.legacyStep?.instruction ?? this.lastBuildkitInstruction };
  }

  /** The last lines printed, for the error message. */
  lastLines(count: number): string[] {
    return this.tail.filter((l) => l.trim()).slice(-count);
  }
}

export interface PushProgress {
  layersDone: number;
  layersTotal: number;
}

/** Follows `docker push` (and `podman push`) output: layers known and done, and the digest. */
export class PushOutputParser {
  private readonly layers = new Map<string, boolean>();
  digest?: string;
  private errorLine?: string;

  feed(raw: string): PushProgress | undefined {
    const line = raw.replace(/\r$/, '').trim();
    const digest = /\bdigest: (sha256:[0-9a-f]{64})\b/.exec(line);
    if (digest) {
      this.digest = digest[1];
      return undefined;
    }
    const docker = /^([0-9a-f]{12,64}): (Preparing|Waiting|Pushing|Pushed|Layer already exists|Mounted from .*|Retrying.*)/.exec(line);
    const podman = /^Copying blob (?:sha256:)?([0-9a-f]{12,64})(?: (done|skipped.*))?/.exec(line);
    const layer = docker?.[1] ?? podman?.[1];
    if (layer) {
      const status = docker?.[2] ?? podman?.[2] ?? '';
      const done = /^(Pushed|Layer already exists|Mounted from|done|skipped)/.test(status);
      const before = this.layers.get(layer);
      this.layers.set(layer, before === true || done);
      if (before !== this.layers.get(layer)) {
        return this.progress();
      }
      return undefined;
    }
    if (/^(denied|unauthorized|error|Error|name unknown|no basic auth credentials|Get "|received unexpected HTTP status)/.test(line)) {
      this.errorLine ??= line;
    }
    return undefined;
  }

  progress(): PushProgress {
    return { layersDone: [...this.layers.values()].filter(Boolean).length, layersTotal: this.layers.size };
  }

  /** What went wrong in a push that exited non-zero. */
  failureMessage(exitDetail: string): string {
    return this.errorLine ?? exitDetail;
  }
}

export type DockerProblem = 'not-installed' | 'daemon-down' | 'permission' | 'other';

/** Why `docker version` failed, from its output (the CLI answers even when the daemon does not). */
export function classifyDockerVersionFailure(output: string): DockerProblem {
  if (/permission denied.*docker\.sock|Got permission denied/i.test(output)) {
    return 'permission';
  }
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|daemon.*not running|connection refused|Cannot connect to Podman|unable to connect to Podman/i.test(
      output,
    )
  ) {
    return 'daemon-down';
  }
  return 'other';
}
