// The local AWS emulator's HTTP server: one loopback port for every emulated service.
// Requests are routed by X-Amz-Target prefix (falling back to the SigV4 signing name);
// /_emulator/* is the control API tests use (reset, seed, faults, calls with their inputs and calls in flight, clock).
import * as http from 'http';
import type { AddressInfo } from 'net';
import { randomUUID } from 'crypto';
import { ContractViolation, formatViolation, ModelSet, ResponseCheck } from './contract';
import { encodeInitialResponse } from './eventstream';
import { Fault, HandlerResult, RequestContext, ServiceError, ServiceModule } from './types';

export interface EmulatorOptions {
  modules: ServiceModule[];
  port?: number;
  host?: string;
  /** Called for every request (after routing), for diagnostics. */
  log?: (line: string) => void;
  /**
   * The contract check (contract.ts): every answer is validated against botocore's models, by default
   * those exported to .models/botocore. `false` turns it off (only for tests of broken answers).
   */
  contract?: false | { modelsDir?: string };
  /** Called with each contract violation as it is found. */
  onViolation?: (violation: ContractViolation) => void;
}

export interface CallRecord {
  service: string;
  operation: string;
  region: string;
  account: string;
  at: number;
  /** The request's parameters (JSON body or form), so tests can read exactly what was sent. */
  input?: unknown;
}

export interface Emulator {
  url: string;
  port: number;
  server: http.Server;
  /** The contract violations recorded since start (also GET /_emulator/contract; a reset keeps them). */
  contractViolations(): ContractViolation[];
  /** Stops the server; rejects, listing them, when contract violations were recorded. */
  close(): Promise<void>;
}

const DEFAULT_ACCOUNT = '123456789012';

/** Access keys of the form `AKID<12 digits>` select that account; anything else is the default account. */
export function accountFor(accessKeyId: string | undefined): string {
  const m = /^AKID(\d{12})$/.exec(accessKeyId ?? '');
  return m ? m[1] : DEFAULT_ACCOUNT;
}

/** Reads access key, region and signing name from a SigV4 Authorization header. */
export function parseAuthorization(header: string | undefined): { accessKeyId?: string; region?: string; service?: string } {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header ?? '');
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : {};
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const modules = opts.modules;
  let faults: Fault[] = [];
  /** IAM actions (e.g. 'iam:ListRoles') the caller is not allowed: narrow permissions, as many developers have. */
  let denied = new Set<string>();
  let calls: CallRecord[] = [];
  /** AWS requests being answered now, and the most at once since the last reset of the calls. */
  let inFlight = 0;
  let maxInFlight = 0;
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  /** Answers held by latency faults, each until the emulator's clock reaches its time. */
  const held = new Set<{ dueAt: number; release: () => void }>();
  const holdUntil = (dueAt: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = {
        dueAt,
        release: () => {
          clearTimeout(timer);
          held.delete(entry);
          resolve();
        },
      };
      const timer = setTimeout(entry.release, Math.max(0, dueAt - now()));
      held.add(entry);
    });
  const models = opts.contract === false ? undefined : ModelSet.load(opts.contract?.modelsDir);
  let violations: ContractViolation[] = [];
  let checkedResponses = 0;
  const recordViolation = (v: ContractViolation): void => {
    violations.push(v);
    opts.onViolation?.(v);
  };
  const sockets = new Set<import('net').Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      handle(req, res, raw).catch((e) => {
        // A streaming answer may already have its headers out; then only closing is left.
        if (res.headersSent) {
          res.destroy();
          return;
        }
        writeJson(res, 500, { __type: 'InternalFailure', message: String(e && e.stack ? e.stack : e) });
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith('/_emulator/')) {
      // Bad control input (unparsable JSON, an invalid seed) is the caller's mistake: 400, not 500.
      try {
        return await control(url.pathname.slice('/_emulator/'.length), req.method ?? 'GET', raw ? JSON.parse(raw) : {}, res);
      } catch (e) {
        if (e instanceof ServiceError || e instanceof SyntaxError) {
          const [status, code] = e instanceof ServiceError ? [e.status, e.code] : [400, 'SerializationException'];
          return writeJson(res, status, { __type: code, message: e.message });
        }
        throw e;
      }
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const auth = parseAuthorization(req.headers['authorization'] as string | undefined);
    const mod = target ? modules.find((m) => target.startsWith(m.targetPrefix)) : modules.find((m) => m.signingName === auth.service);
    if (!mod) {
      return writeJson(res, 400, { __type: 'UnknownOperationException', message: `No emulated service for target '${target}'` });
    }
    // awsQuery services (IAM) send form parameters, the operation being the Action parameter.
    const form = mod.protocol === 'awsQuery' ? Object.fromEntries(new URLSearchParams(raw)) : undefined;
    const operation = target ? target.slice(mod.targetPrefix.length) : (form?.Action ?? '');
    const ctx: RequestContext = {
      account: accountFor(auth.accessKeyId),
      region: auth.region ?? 'us-east-1',
      operation,
      headers: req.headers,
      now: now(),
    };
    const call: CallRecord = { service: mod.name, operation, region: ctx.region, account: ctx.account, at: ctx.now };
    calls.push(call);
    // An answer a 'rewrite' fault shapes is off-contract on purpose (a hostile endpoint): not checked.
    if (models && !faults.some((f) => f.kind === 'rewrite' && matches(f, mod.name, operation))) {
      checkedResponses++;
      watchResponse(res, new ResponseCheck(models, mod, operation, recordViolation));
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    opts.log?.(`${mod.name}.${operation} ${ctx.region}`);

    const action = `${mod.signingName === 'monitoring' ? 'cloudwatch' : mod.signingName}:${operation}`;
    if (denied.has(action)) {
      return writeError(res, mod, accessDenied(mod, action, ctx));
    }
    const fault = takeFault(mod.name, operation);
    if (fault) {
      switch (fault.kind) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'latency':
          await holdUntil(ctx.now + (fault.latencyMs ?? 1000));
          // The answer is made when it is given.
          ctx.now = now();
          break;
        case 'throttle':
          return writeError(res, mod, new ServiceError('ThrottlingException', 'Rate exceeded', 400, 'Throttling'));
        case 'error500':
          return writeError(res, mod, internalError(mod));
        case 'error':
          return writeError(
            res,
            mod,
            new ServiceError(fault.code ?? 'InternalFailure', fault.message ?? 'Injected error', fault.status ?? 400),
          );
      }
    }

    let input: unknown = form;
    if (!form) {
      try {
        input = raw ? JSON.parse(raw) : {};
      } catch {
        return writeError(res, mod, new ServiceError('SerializationException', 'Request body is not valid JSON'));
      }
    }
    call.input = input;
    let result: HandlerResult;
    try {
      result = await mod.handle(input, ctx);
    } catch (e) {
      // A bug in a module still answers in the module's protocol, as AWS's InternalFailure.
      return writeError(
        res,
        mod,
        e instanceof ServiceError ? e : new ServiceError('InternalFailure', String((e as Error)?.stack ?? e), 500),
      );
    }
    if ('stream' in result) {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId() });
      const closers: Array<() => void> = [];
      res.on('close', () => closers.forEach((fn) => fn()));
      res.write(encodeInitialResponse());
      result.stream(res, (fn) => closers.push(fn));
      return;
    }
    if ('xml' in result) {
      return writeXml(res, 200, result.xml);
    }
    writeJson(res, 200, rewritten(mod.name, operation, result.body ?? {}), { 'content-type': jsonContentType(mod) });
  }

  function matches(f: Fault, service: string, operation: string): boolean {
    return (f.service === '*' || f.service === service) && (f.operation === '*' || f.operation === operation);
  }

  function rewritten(service: string, operation: string, body: unknown): unknown {
    const rules = faults.filter((f) => f.kind === 'rewrite' && f.from && matches(f, service, operation));
    if (rules.length === 0) {
      return body;
    }
    return JSON.parse(JSON.stringify(body), (_key, value: unknown) =>
      typeof value === 'string' ? rules.reduce((text, r) => text.split(r.from!).join(r.to ?? ''), value) : value,
    );
  }

  function takeFault(service: string, operation: string): Fault | undefined {
    const f = faults.find((x) => x.kind !== 'rewrite' && matches(x, service, operation));
    if (f && f.times !== undefined && --f.times <= 0) {
      faults = faults.filter((x) => x !== f);
    }
    return f;
  }

  async function control(path: string, method: string, body: any, res: http.ServerResponse): Promise<void> {
    const [head, ...rest] = path.split('/');
    switch (head) {
      case 'health':
        return writeJson(res, 200, { ok: true, services: modules.map((m) => m.name) });
      case 'reset':
        modules.forEach((m) => m.reset());
        faults = [];
        denied = new Set();
        calls = [];
        maxInFlight = inFlight;
        clockOffsetMs = 0;
        return writeJson(res, 200, { ok: true });
      case 'seed':
        for (const m of modules) {
          if (body[m.name] !== undefined) {
            m.seed?.(body[m.name], now());
          }
        }
        return writeJson(res, 200, { ok: true });
      case 'faults':
        if (method === 'DELETE') {
          faults = [];
        } else if (method === 'POST') {
          faults.push(...([] as Fault[]).concat(body));
        }
        return writeJson(res, 200, { faults });
      case 'deny':
        // POST {actions: ['iam:ListRoles']} replaces the denied actions; DELETE allows everything again.
        denied = new Set(method === 'POST' ? ([] as string[]).concat(body.actions ?? []) : method === 'DELETE' ? [] : denied);
        return writeJson(res, 200, { actions: [...denied] });
      case 'calls':
        if (method === 'DELETE') {
          calls = [];
          maxInFlight = inFlight;
        }
        return writeJson(res, 200, { calls, inFlight, maxInFlight });
      case 'contract':
        if (method === 'DELETE') {
          violations = [];
        }
        return writeJson(res, 200, {
          enabled: Boolean(models),
          botocoreVersion: models?.botocoreVersion,
          checkedResponses,
          violations: violations.map((v) => ({ ...v, text: formatViolation(v) })),
        });
      case 'clock':
        if (method === 'POST') {
          clockOffsetMs += Number(body.advanceMs ?? 0);
          [...held].filter((h) => h.dueAt <= now()).forEach((h) => h.release());
          modules.forEach((m) => m.clockChanged?.(now()));
        }
        return writeJson(res, 200, { now: now() });
    }
    const mod = modules.find((m) => m.name === head);
    const answer = mod?.control ? await mod.control(rest.join('/'), body, now()) : undefined;
    if (answer === undefined) {
      return writeJson(res, 404, { message: `unknown control path /_emulator/${path}` });
    }
    writeJson(res, 200, answer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    contractViolations: () => [...violations],
    close: async () => {
      await new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      });
      if (violations.length) {
        throw new Error(
          `The emulator broke AWS's contract (botocore ${models?.botocoreVersion}) ${violations.length} time(s):\n` +
            violations.map((v) => `  ${formatViolation(v)}`).join('\n'),
        );
      }
    },
  };
}

/** AccessDenied as each protocol answers it, naming the caller, the action and the resource as AWS does. */
function accessDenied(mod: ServiceModule, action: string, ctx: RequestContext): ServiceError {
  const resource =
    mod.signingName === 'iam' ? `arn:aws:iam::${ctx.account}:role/` : `arn:aws:${mod.signingName}:${ctx.region}:${ctx.account}:*`;
  const message = `User: arn:aws:iam::${ctx.account}:user/emulator is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
  return mod.protocol === 'awsQuery'
    ? new ServiceError('AccessDenied', message, 403)
    : new ServiceError('AccessDeniedException', message, 400);
}

/**
 * Shows the contract check what goes out on `res`: the status and headers, then the body (whole) or
 * the event-stream bytes as they are written.
 */
function watchResponse(res: http.ServerResponse, check: ResponseCheck): void {
  let status = 200;
  let headers: Record<string, string | number | string[] | undefined> = {};
  let stream: ReturnType<ResponseCheck['stream']> | undefined;
  const body: Buffer[] = [];
  const take = (chunk: unknown): void => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      const bytes = Buffer.from(chunk as Uint8Array);
      if (stream) {
        stream.data(bytes);
      } else {
        body.push(bytes);
      }
    }
  };
  const writeHead = res.writeHead.bind(res) as (...args: any[]) => http.ServerResponse;
  res.writeHead = ((code: number, ...rest: any[]) => {
    status = code;
    const given = rest.find((r) => typeof r === 'object' && r !== null) ?? {};
    headers = Object.fromEntries(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v as string]));
    if (status === 200 && String(headers['content-type']).startsWith('application/vnd.amazon.eventstream')) {
      stream = check.stream(headers);
    }
    return writeHead(code, ...rest);
  }) as typeof res.writeHead;
  const write = res.write.bind(res) as (...args: any[]) => boolean;
  res.write = ((chunk: unknown, ...rest: any[]) => {
    take(chunk);
    return write(chunk, ...rest);
  }) as typeof res.write;
  const end = res.end.bind(res) as (...args: any[]) => http.ServerResponse;
  res.end = ((chunk?: unknown, ...rest: any[]) => {
    if (typeof chunk !== 'function') {
      take(chunk);
    }
    if (stream) {
      stream.end();
    } else {
      check.response({ status, headers, body: Buffer.concat(body) });
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/** An injected 500: each service's own server fault (its model's error shape with `fault`), with its query code where it has one. */
function internalError(mod: ServiceModule): ServiceError {
  const [code, queryCode] = {
    apprunner: ['InternalServiceErrorException'],
    ecr: ['ServerException'],
    logs: ['ServiceUnavailableException'],
    monitoring: ['InternalServiceFault', 'InternalServiceError'],
    iam: ['ServiceFailure'],
    ecs: ['ServerException'],
  }[mod.name] ?? ['InternalFailure'];
  return new ServiceError(code, 'An internal error occurred (injected).', 500, queryCode);
}

/** awsJson answers name their protocol version in Content-Type. */
function jsonContentType(mod: ServiceModule): string {
  return mod.protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
}

function requestId(): string {
  return randomUUID();
}

function writeJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId(),
    ...headers,
  });
  res.end(text);
}

function writeXml(res: http.ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': requestId() });
  res.end(xml);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** The XML namespace of each awsQuery service's answers (its model's metadata.xmlNamespace). */
const QUERY_NAMESPACES: Record<string, string> = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/' };

/** The wire error shape for each protocol (see shared reference, sections 2.2, 3.2, 4.2). */
function writeError(res: http.ServerResponse, mod: ServiceModule, e: ServiceError): void {
  if (mod.protocol === 'awsQuery') {
    const type = e.status >= 500 ? 'Receiver' : 'Sender';
    return writeXml(
      res,
      e.status,
      `<ErrorResponse xmlns="${QUERY_NAMESPACES[mod.name] ?? ''}"><Error><Type>${type}</Type><Code>${escapeXml(e.queryCode ?? e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
    );
  }
  const headers: Record<string, string> = { 'x-amzn-errortype': e.code, 'content-type': jsonContentType(mod) };
  const body: Record<string, unknown> = { __type: e.code };
  if (mod.name === 'apprunner') {
    body.Message = e.message;
  } else {
    body.message = e.message;
  }
  if (mod.name === 'monitoring') {
    headers['x-amzn-query-error'] = `${e.queryCode ?? e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}`;
  }
  writeJson(res, e.status, body, headers);
}
