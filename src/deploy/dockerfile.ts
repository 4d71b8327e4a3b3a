// Reads what the deploy needs from a Dockerfile without building it: the instructions with
// their line numbers (to point at the line a legacy build failed on) and the ports the built
// image EXPOSEs (to compare with the App Runner service port before anything is built).
// dockerfile-ast does the parsing, so heredoc bodies (`RUN <<EOF … EOF`) are never read as instructions.
import { Arg, DockerfileParser, Env, From, Instruction as AstInstruction } from 'dockerfile-ast';

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

/** The Dockerfile's instructions, read by dockerfile-ast (escape directive, continuations, heredocs). */
export function parseInstructions(text: string): Instruction[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((ins) => ({
      keyword: ins.getKeyword().toUpperCase(),
      args: ins
        .getArguments()
        .map((a) => a.getValue())
        .join(' '),
      line: ins.getRange().start.line + 1,
    }));
}

interface Stage {
  name?: string;
  base: string;
  exposes: AstInstruction[];
  vars: Map<string, string>;
}

/** The ports the final stage exposes (inherited from earlier stages it is built FROM). */
export function exposedPorts(text: string): ExposeInfo {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const stage = stages[stages.length - 1];
    if (ins instanceof From) {
      const image = ins.getImageName() ?? '';
      stages.push({ base: substitute(image, globalArgs) ?? image, name: ins.getBuildStage()?.toLowerCase(), exposes: [], vars: new Map() });
    } else if (ins instanceof Arg || ins instanceof Env) {
      for (const property of ins.getProperties()) {
        const name = property.getName();
        const value = property.getValue();
        if (value !== null) {
          (stage ? stage.vars : globalArgs).set(name, value);
        } else if (ins instanceof Arg && stage && globalArgs.has(name)) {
          stage.vars.set(name, globalArgs.get(name)!); // `ARG X` in a stage re-imports the global default
        }
      }
    } else if (ins.getKeyword().toUpperCase() === 'EXPOSE') {
      stage?.exposes.push(ins);
    }
  }
  const info: ExposeInfo = { ports: [], unresolved: [], inheritsFromImage: false };
  const seen = new Set<Stage>();
  let stage: Stage | undefined = stages[stages.length - 1];
  while (stage && !seen.has(stage)) {
    seen.add(stage);
    for (const ins of stage.exposes) {
      for (const word of ins.getArguments().map((a) => a.getValue())) {
        const port = parsePort(substitute(word, stage.vars), ins.getRange().start.line + 1);
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
