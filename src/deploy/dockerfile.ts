// Reads what the deploy needs from a Dockerfile without building it: the instructions with
// their line numbers (to point at the line a legacy build failed on) and the ports the built
// image EXPOSEs (to compare with the App Runner service port before anything is built).

export interface Instruction {
  /** Upper-case keyword, e.g. 'RUN'. */
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface ExposedPort {
  from: number;
  to: number;
  protocol: 'tcp' | 'udp';
  line: number;
}

export interface ExposeInfo {
  ports: ExposedPort[];
  /** EXPOSE arguments that could not be read as ports (e.g. an ARG without default). */
  unresolved: string[];
  /** The final stage starts from an external image, whose own EXPOSE is not known here. */
  inheritsFromImage: boolean;
}

/** Splits a Dockerfile into instructions, honouring the escape directive and line continuations. */
export function parseInstructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  // Parser directives are only read at the very top, before any comment, blank line or instruction.
  for (const line of lines) {
    const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(line);
    if (!m) {
      break;
    }
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) {
      escape = m[2];
    }
  }
  const out: Instruction[] = [];
  let current: { parts: string[]; line: number } | undefined;
  const finish = (): void => {
    const m = /^(\S+)\s*(.*)$/s.exec(current!.parts.join(' ').trim());
    if (m) {
      out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: current!.line });
    }
    current = undefined;
  };
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    // Comments and empty lines may sit between continuation lines; Docker drops them.
    if (trimmed === '' || trimmed.startsWith('#')) {
      return;
    }
    const continued = trimmed.endsWith(escape);
    current ??= { parts: [], line: i + 1 };
    current.parts.push(continued ? trimmed.slice(0, -1) : trimmed);
    if (!continued) {
      finish();
    }
  });
  if (current) {
    finish();
  }
  return out;
}

interface Stage {
  name?: string;
  base: string;
  exposes: Instruction[];
  vars: Map<string, string>;
}

/** The ports the final stage exposes (inherited from earlier stages it is built FROM). */
export function exposedPorts(text: string): ExposeInfo {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of parseInstructions(text)) {
    const stage = stages[stages.length - 1];
    switch (ins.keyword) {
      case 'FROM': {
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        const asIndex = words.findIndex((w) => w.toLowerCase() === 'as');
        stages.push({
          base: substitute(words[0] ?? '', globalArgs) ?? words[0] ?? '',
          name: asIndex >= 0 ? words[asIndex + 1]?.toLowerCase() : undefined,
          exposes: [],
          vars: new Map(),
        });
        break;
      }
      case 'ARG':
      case 'ENV':
        for (const [k, v] of assignments(ins.keyword, ins.args)) {
          const target = stage ? stage.vars : globalArgs;
          if (v !== undefined) {
            target.set(k, v);
          } else if (ins.keyword === 'ARG' && stage && globalArgs.has(k)) {
            stage.vars.set(k, globalArgs.get(k)!); // `ARG X` in a stage re-imports the global default
          }
        }
        break;
      case 'EXPOSE':
        stage?.exposes.push(ins);
        break;
    }
  }
  const info: ExposeInfo = { ports: [], unresolved: [], inheritsFromImage: false };
  const seen = new Set<Stage>();
  let stage: Stage | undefined = stages[stages.length - 1];
  while (stage && !seen.has(stage)) {
    seen.add(stage);
    for (const ins of stage.exposes) {
      for (const word of ins.args.split(/\s+/).filter(Boolean)) {
        const port = parsePort(substitute(word, stage.vars), ins.line);
        if (port) {
          info.ports.push(port);
        } else {
          info.unresolved.push(word);
        }
      }
    }
    const base = stage.base.toLowerCase();
    const index = stages.indexOf(stage);
    const parent: Stage | undefined =
      stages.slice(0, index).find((s) => s.name === base) ?? (/^\d+$/.test(base) ? stages[Number(base)] : undefined);
    if (!parent && base !== 'scratch') {
      info.inheritsFromImage = true;
    }
    stage = parent;
  }
  return info;
}

export type PortCheck =
  | { kind: 'match' }
  | { kind: 'no-expose'; message: string }
  | { kind: 'unknown'; message: string }
  | { kind: 'mismatch'; message: string; exposed: number[] };

/** Compares the Dockerfile's EXPOSE with the port App Runner sends traffic and health checks to. */
export function checkPort(info: ExposeInfo, servicePort: number): PortCheck {
  const tcp = info.ports.filter((p) => p.protocol === 'tcp');
  if (tcp.some((p) => servicePort >= p.from && servicePort <= p.to)) {
    return { kind: 'match' };
  }
  if (info.unresolved.length > 0) {
    return {
      kind: 'unknown',
      message: `The Dockerfile exposes ${info.unresolved.join(', ')}, which cannot be resolved here; make sure the app listens on port ${servicePort}.`,
    };
  }
  if (tcp.length === 0) {
    return {
      kind: 'no-expose',
      message: `The Dockerfile has no EXPOSE${info.inheritsFromImage ? ' (its base image may have one)' : ''}; App Runner sends traffic and health checks to port ${servicePort}, so the app must listen there.`,
    };
  }
  const exposed = tcp.map((p) => p.from);
  const listed = tcp.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(', ');
  return {
    kind: 'mismatch',
    exposed,
    message: `The Dockerfile exposes port ${listed} (line ${tcp[0].line}), but the service sends traffic and health checks to port ${servicePort}. The deployment will fail its health check unless the app listens on ${servicePort} (App Runner sets PORT=${servicePort}).`,
  };
}

function parsePort(word: string | undefined, line: number): ExposedPort | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp))?$/i.exec(word ?? '');
  if (!m) {
    return undefined;
  }
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (from < 1 || to > 65535 || to < from) {
    return undefined;
  }
  return { from, to, protocol: (m[3]?.toLowerCase() as 'tcp' | 'udp') ?? 'tcp', line };
}

/** Replaces $VAR and ${VAR} (and ${VAR:-default}); undefined when a variable has no value. */
function substitute(word: string, vars: Map<string, string>): string | undefined {
  let missing = false;
  const out = word.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_all, braced: string, fallback: string | undefined, bare: string) => {
      const value = vars.get(braced ?? bare) ?? fallback;
      if (value === undefined) {
        missing = true;
        return '';
      }
      return value;
    },
  );
  return missing ? undefined : out;
}

/** `ARG A=1 B`, `ENV A=1 B=2`, and the legacy `ENV A 1`. */
function assignments(keyword: string, args: string): Array<[string, string | undefined]> {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=]*)$/.exec(args);
  if (keyword === 'ENV' && legacy && !args.includes('=')) {
    return [[legacy[1], unquote(legacy[2].trim())]];
  }
  const out: Array<[string, string | undefined]> = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (let m = re.exec(args); m; m = re.exec(args)) {
    out.push([m[1], m[2] === undefined ? undefined : unquote(m[2])]);
  }
  return out;
}

function unquote(value: string): string {
  if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
    return value.slice(1, -1);
  }
  return value;
}
