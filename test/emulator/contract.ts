// The emulator's contract check: every response the emulator sends (success bodies, errors with
// their HTTP status, event-stream messages) is validated against AWS's own service models,
// botocore's service-2.json, exported to .models/botocore/ by scripts/botocore-models.py.
// A response that breaks the model becomes a ContractViolation naming the service, operation,
// shape and member; the server records them (see server.ts) and the test runners fail on any.
import * as fs from 'fs';
import * as path from 'path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { Message } from '@smithy/types';

export interface ContractViolation {
  service: string;
  operation: string;
  /** HTTP status of the response the violation is in. */
  status: number;
  /** Where in the response: e.g. `DescribeServiceResponse.Service.ServiceId`, `event sessionUpdate`, `error`. */
  member: string;
  /** The model shape the value was checked against. */
  shape: string;
  problem: string;
}

/** One line a person can act on: which operation, which member, which shape, what is wrong. */
export function formatViolation(v: ContractViolation): string {
  return `${v.service} ${v.operation} (HTTP ${v.status}): ${v.member} [shape ${v.shape}]: ${v.problem}`;
}

/** Where the exported models are: APPRUNNER_BOTOCORE_MODELS, else <repo>/.models/botocore. */
export function defaultModelsDir(): string {
  // Compiled to out/test/emulator/contract.js: the repository root is three levels up.
  return process.env.APPRUNNER_BOTOCORE_MODELS || path.resolve(__dirname, '..', '..', '..', '.models', 'botocore');
}

// ---- the model's JSON, as far as the check reads it ------------------------------------------

interface MemberRef {
  shape: string;
  locationName?: string;
  timestampFormat?: string;
  flattened?: boolean;
  eventpayload?: boolean;
  eventheader?: boolean;
}

interface Shape {
  type: string;
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  timestampFormat?: string;
  flattened?: boolean;
  union?: boolean;
  eventstream?: boolean;
  event?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

interface Operation {
  name: string;
  output?: { shape: string; resultWrapper?: string };
  errors?: Array<{ shape: string }>;
}

interface ServiceModel {
  metadata: { protocol: string; jsonVersion?: string; targetPrefix?: string; xmlNamespace?: string; awsQueryCompatible?: object };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** What index.json says about each exported model. */
export interface ExportedService {
  file: string;
  /** The SDKs' service id, e.g. 'CloudWatch Logs' (an SDK v3 client's config.serviceId). */
  serviceId?: string;
  targetPrefix?: string;
  signingName?: string;
}

interface ModelIndex {
  botocoreVersion: string;
  services: Record<string, ExportedService>;
}

/** What the check needs to know about an emulated service (a subset of ServiceModule). */
export interface EmulatedService {
  name: string;
  targetPrefix: string;
  signingName: string;
  protocol: 'awsJson1_0' | 'awsJson1_1' | 'awsQuery';
}

/**
 * Errors any operation may answer although its model does not list them: AWS's common errors
 * (authentication, throttling, unknown operation, internal failure), with the HTTP statuses they come with.
 */
const COMMON_ERRORS: Record<string, number[]> = {
  AccessDeniedException: [400, 403],
  AccessDenied: [403],
  ExpiredToken: [400, 403],
  ExpiredTokenException: [400, 403],
  IncompleteSignature: [400, 403],
  InternalFailure: [500],
  InvalidAction: [400],
  InvalidClientTokenId: [403],
  InvalidSignatureException: [400, 403],
  MissingAction: [400],
  MissingAuthenticationToken: [403],
  MissingAuthenticationTokenException: [400, 403],
  NotAuthorized: [400, 403],
  OptInRequired: [403],
  RequestExpired: [400],
  SerializationException: [400],
  ServiceUnavailable: [503],
  ServiceUnavailableException: [503],
  Throttling: [400],
  ThrottlingException: [400],
  UnknownOperationException: [400],
  UnrecognizedClientException: [400, 403],
  ValidationError: [400],
  ValidationException: [400],
};

/**
 * Known defects of the published models, checked by hand against real AWS. Each entry turns off one
 * check for one shape. App Runner's ServiceId says 32 characters but its pattern is a 36-character
 * UUID; real service ids are 32 hex digits.
 */
const KNOWN_MODEL_DEFECTS = new Set(['apprunner#ServiceId#pattern']);

/**
 * Where the emulator knowingly differs from AWS, the value is checked as AWS would have it. ECR is
 * emulated on a local registry, so image identifiers name that registry's loopback host instead of
 * `<account>.dkr.ecr.<region>.amazonaws.com`.
 */
const EMULATOR_DEVIATIONS: Record<string, (value: string) => string> = {
  'apprunner#ImageIdentifier': (value) =>
    value.replace(/^(127\.0\.0\.1|localhost)(:\d+)?\//, '123456789012.dkr.ecr.us-east-1.amazonaws.com/'),
};

export class ModelSet {
  private readonly cache = new Map<string, ServiceModel>();

  private constructor(
    readonly dir: string,
    private readonly index: ModelIndex,
  ) {}

  static load(dir = defaultModelsDir()): ModelSet {
    const indexFile = path.join(dir, 'index.json');
    let index: ModelIndex;
    try {
      index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as ModelIndex;
    } catch {
      throw new Error(
        `The emulator's contract check needs AWS's service models in ${dir}, and ${indexFile} cannot be read. ` +
          'Export them with `python3 scripts/botocore-models.py` (needs botocore: `pip install awscli`), or run scripts/setup.sh.',
      );
    }
    return new ModelSet(dir, index);
  }

  get botocoreVersion(): string {
    return this.index.botocoreVersion;
  }

  /** The exported services: botocore's name → what the index says. */
  services(): Record<string, ExportedService> {
    return this.index.services;
  }

  /** botocore's name for an emulated service, matched by X-Amz-Target prefix or (for awsQuery) by signing name. */
  nameFor(service: EmulatedService): string {
    const found = Object.entries(this.index.services).find(([, s]) =>
      s.targetPrefix ? `${s.targetPrefix}.` === service.targetPrefix : s.signingName === service.signingName,
    );
    if (!found) {
      throw new Error(
        `No exported botocore model for the emulated service '${service.name}' (target prefix ${service.targetPrefix}): ` +
          `add its botocore name to SERVICES in scripts/botocore-models.py.`,
      );
    }
    return found[0];
  }

  model(service: EmulatedService): ServiceModel {
    const name = this.nameFor(service);
    let model = this.cache.get(name);
    if (!model) {
      model = JSON.parse(fs.readFileSync(path.join(this.dir, this.index.services[name].file), 'utf8')) as ServiceModel;
      this.cache.set(name, model);
    }
    return model;
  }
}

// ---- validation of values against shapes -------------------------------------------------------

type Report = (member: string, shape: string, problem: string) => void;

const patternCache = new Map<string, RegExp | null>();

/** Model patterns are ECMA-262 and not anchored; a few need the non-unicode mode to compile. */
function compilePattern(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    let re: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        re = new RegExp(pattern, flags);
        break;
      } catch {
        // try the next mode
      }
    }
    patternCache.set(pattern, re);
  }
  return patternCache.get(pattern)!;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Shared by the JSON and XML walks: the checks on a scalar once it has its type. */
class ScalarRules {
  constructor(
    private readonly serviceName: string,
    private readonly report: Report,
  ) {}

  string(shapeName: string, shape: Shape, given: string, where: string): void {
    const value = EMULATOR_DEVIATIONS[`${this.serviceName}#${shapeName}`]?.(given) ?? given;
    if (shape.enum && !shape.enum.includes(value)) {
      this.report(where, shapeName, `${describe(value)} is not one of the enum values ${shape.enum.join(', ')}`);
    }
    this.length(shapeName, shape, [...value].length, where, 'length');
    if (shape.pattern && !KNOWN_MODEL_DEFECTS.has(`${this.serviceName}#${shapeName}#pattern`)) {
      const re = compilePattern(shape.pattern);
      if (re && !re.test(value)) {
        this.report(where, shapeName, `${describe(value)} does not match the pattern ${shape.pattern}`);
      }
    }
  }

  length(shapeName: string, shape: Shape, length: number, where: string, what: string): void {
    if (shape.min !== undefined && length < shape.min) {
      this.report(where, shapeName, `${what} ${length} is below the minimum ${shape.min}`);
    }
    if (shape.max !== undefined && length > shape.max) {
      this.report(where, shapeName, `${what} ${length} is above the maximum ${shape.max}`);
    }
  }

  range(shapeName: string, shape: Shape, value: number, where: string): void {
    if (shape.min !== undefined && value < shape.min) {
      this.report(where, shapeName, `value ${value} is below the minimum ${shape.min}`);
    }
    if (shape.max !== undefined && value > shape.max) {
      this.report(where, shapeName, `value ${value} is above the maximum ${shape.max}`);
    }
  }
}

const INTEGER_TYPES = new Set(['integer', 'long', 'short', 'byte']);
const FLOAT_TYPES = new Set(['float', 'double']);

/** awsJson bodies (and event payloads): JSON values, timestamps as epoch seconds unless the model says otherwise. */
class JsonWalk {
  private readonly rules: ScalarRules;

  constructor(
    private readonly model: ServiceModel,
    serviceName: string,
    private readonly report: Report,
  ) {
    this.rules = new ScalarRules(serviceName, report);
  }

  value(shapeName: string, value: unknown, where: string, ref?: MemberRef, skipMembers: string[] = []): void {
    const shape = this.model.shapes[shapeName];
    if (value === null) {
      this.report(where, shapeName, 'null is not a value AWS sends: leave the member out');
      return;
    }
    switch (shape.type) {
      case 'structure':
        return this.structure(shapeName, shape, value, where, skipMembers);
      case 'list':
        if (!Array.isArray(value)) return this.report(where, shapeName, `expected a list, got ${describe(value)}`);
        this.rules.length(shapeName, shape, value.length, where, 'list length');
        value.forEach((item, i) => this.value(shape.member!.shape, item, `${where}[${i}]`, shape.member));
        return;
      case 'map': {
        if (!isPlainObject(value)) return this.report(where, shapeName, `expected a map (object), got ${describe(value)}`);
        const entries = Object.entries(value);
        this.rules.length(shapeName, shape, entries.length, where, 'map size');
        for (const [k, v] of entries) {
          this.value(shape.key!.shape, k, `${where} key ${JSON.stringify(k)}`, shape.key);
          this.value(shape.value!.shape, v, `${where}[${JSON.stringify(k)}]`, shape.value);
        }
        return;
      }
      case 'string':
        if (typeof value !== 'string') return this.report(where, shapeName, `expected a string, got ${describe(value)}`);
        return this.rules.string(shapeName, shape, value, where);
      case 'boolean':
        if (typeof value !== 'boolean') this.report(where, shapeName, `expected a boolean, got ${describe(value)}`);
        return;
      case 'timestamp':
        return this.timestamp(shapeName, ref?.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp', value, where);
      case 'blob':
        if (typeof value !== 'string' || !BASE64.test(value)) this.report(where, shapeName, `expected base64 text, got ${describe(value)}`);
        return;
      case 'document':
        return;
    }
    if (INTEGER_TYPES.has(shape.type)) {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return this.report(where, shapeName, `expected an integer (${shape.type}), got ${describe(value)}`);
      }
      return this.rules.range(shapeName, shape, value, where);
    }
    if (FLOAT_TYPES.has(shape.type)) {
      if (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value)) return;
      if (typeof value !== 'number') return this.report(where, shapeName, `expected a number (${shape.type}), got ${describe(value)}`);
      return this.rules.range(shapeName, shape, value, where);
    }
    this.report(where, shapeName, `the check does not know the model type '${shape.type}'`);
  }

  private structure(shapeName: string, shape: Shape, value: unknown, where: string, skipMembers: string[]): void {
    if (!isPlainObject(value)) return this.report(where, shapeName, `expected a structure (object), got ${describe(value)}`);
    const members = shape.members ?? {};
    for (const name of shape.required ?? []) {
      if (value[name] === undefined && !skipMembers.includes(name)) {
        this.report(`${where}.${name}`, shapeName, 'required member is missing');
      }
    }
    const present = Object.keys(value);
    if (shape.union && present.length !== 1) {
      this.report(where, shapeName, `a union must have exactly one member set, has ${present.length}`);
    }
    for (const key of present) {
      const ref = members[key];
      if (!ref || skipMembers.includes(key)) {
        this.report(`${where}.${key}`, shapeName, `'${key}' is not a member of ${shapeName}`);
        continue;
      }
      this.value(ref.shape, value[key], `${where}.${key}`, ref);
    }
  }

  private timestamp(shapeName: string, format: string, value: unknown, where: string): void {
    const ok =
      format === 'unixTimestamp'
        ? typeof value === 'number' && Number.isFinite(value)
        : format === 'iso8601'
          ? typeof value === 'string' && ISO_8601.test(value)
          : typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if (!ok) {
      this.report(
        where,
        shapeName,
        `expected a timestamp as ${format === 'unixTimestamp' ? 'epoch seconds (a number)' : format}, got ${describe(value)}`,
      );
    }
  }
}

/** A server-side error shape: `fault`, or (query-compatible models) an error trait with a 5xx status. */
function isServerFault(shape: Shape): boolean {
  return Boolean(shape.exception && (shape.fault || (shape.error?.httpStatusCode ?? 0) >= 500));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- a small XML reader for the awsQuery (IAM) answers --------------------------------------------

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return XML_ENTITIES[entity] ?? whole;
  });
}

/** Parses well-formed XML without DTDs (what the emulator writes); throws on anything else. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const token =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let consumed = 0;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    if (m.index !== consumed) break;
    consumed = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) {
      top.text += m[1];
    } else if (m[3] !== undefined) {
      if (m[2]) {
        if (top.name !== m[3]) throw new Error(`</${m[3]}> closes <${top.name}>`);
        stack.pop();
      } else {
        const attributes: Record<string, string> = {};
        for (const a of m[4].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
          attributes[a[1]] = decodeXmlText(a[2] ?? a[3]);
        }
        const element: XmlElement = { name: m[3], attributes, children: [], text: '' };
        top.children.push(element);
        if (!m[5]) stack.push(element);
      }
    } else if (m[6] !== undefined) {
      top.text += decodeXmlText(m[6]);
    }
  }
  if (consumed !== xml.length) throw new Error(`unreadable XML at offset ${consumed}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (root.children.length !== 1) throw new Error(`expected one root element, found ${root.children.length}`);
  return root.children[0];
}

/** awsQuery bodies: XML elements, lists as <member> children, timestamps as ISO 8601 text. */
class XmlWalk {
  private readonly rules: ScalarRules;

  constructor(
    private readonly model: ServiceModel,
    serviceName: string,
    private readonly report: Report,
  ) {
    this.rules = new ScalarRules(serviceName, report);
  }

  /** `elements` are the XML elements holding one value (several for a flattened list or map). */
  value(shapeName: string, elements: XmlElement[], where: string, ref?: MemberRef): void {
    const shape = this.model.shapes[shapeName];
    const flattened = ref?.flattened || shape.flattened;
    if (shape.type === 'list') {
      const items = flattened ? elements : this.childrenNamed(elements[0], shape.member!.locationName ?? 'member', shapeName, where);
      this.rules.length(shapeName, shape, items.length, where, 'list length');
      items.forEach((item, i) => this.value(shape.member!.shape, [item], `${where}[${i}]`, shape.member));
      return;
    }
    if (shape.type === 'map') {
      const entries = flattened ? elements : this.childrenNamed(elements[0], 'entry', shapeName, where);
      this.rules.length(shapeName, shape, entries.length, where, 'map size');
      for (const entry of entries) {
        const key = entry.children.find((c) => c.name === (shape.key!.locationName ?? 'key'));
        const val = entry.children.find((c) => c.name === (shape.value!.locationName ?? 'value'));
        if (!key || !val) {
          this.report(where, shapeName, 'a map entry needs a key and a value element');
          continue;
        }
        this.value(shape.key!.shape, [key], `${where} key`, shape.key);
        this.value(shape.value!.shape, [val], `${where}[${JSON.stringify(key.text)}]`, shape.value);
      }
      return;
    }
    if (elements.length !== 1) {
      this.report(where, shapeName, `expected one element, found ${elements.length}`);
      return;
    }
    const element = elements[0];
    if (shape.type === 'structure') {
      return this.structure(shapeName, shape, element, where);
    }
    if (element.children.length) {
      this.report(where, shapeName, `a ${shape.type} holds text, not elements (<${element.children[0].name}>)`);
      return;
    }
    this.scalar(shapeName, shape, element.text, where, ref);
  }

  structure(shapeName: string, shape: Shape, element: XmlElement, where: string, skip: string[] = []): void {
    const members = Object.entries(shape.members ?? {});
    const byElement = new Map(members.map(([name, ref]) => [ref.locationName ?? name, name]));
    const seen = new Map<string, XmlElement[]>();
    for (const child of element.children) {
      if (skip.includes(child.name)) continue;
      const member = byElement.get(child.name);
      if (!member) {
        this.report(`${where}.${child.name}`, shapeName, `<${child.name}> is not a member of ${shapeName}`);
        continue;
      }
      seen.set(member, [...(seen.get(member) ?? []), child]);
    }
    for (const name of shape.required ?? []) {
      if (!seen.has(name)) this.report(`${where}.${name}`, shapeName, 'required member is missing');
    }
    for (const [name, elements] of seen) {
      this.value(shape.members![name].shape, elements, `${where}.${name}`, shape.members![name]);
    }
  }

  private childrenNamed(element: XmlElement, name: string, shapeName: string, where: string): XmlElement[] {
    const wrong = element.children.filter((c) => c.name !== name);
    if (wrong.length) this.report(where, shapeName, `list and map items are <${name}> elements, not <${wrong[0].name}>`);
    return element.children.filter((c) => c.name === name);
  }

  private scalar(shapeName: string, shape: Shape, text: string, where: string, ref?: MemberRef): void {
    const bad = (expected: string) => this.report(where, shapeName, `expected ${expected}, got ${describe(text)}`);
    if (shape.type === 'string') return this.rules.string(shapeName, shape, text, where);
    if (shape.type === 'boolean') return void (text === 'true' || text === 'false' || bad('true or false'));
    if (shape.type === 'blob') return void (BASE64.test(text) || bad('base64 text'));
    if (shape.type === 'timestamp') {
      const format = ref?.timestampFormat ?? shape.timestampFormat ?? 'iso8601';
      const ok =
        format === 'iso8601'
          ? ISO_8601.test(text)
          : format === 'unixTimestamp'
            ? /^\d+(\.\d+)?$/.test(text)
            : !Number.isNaN(Date.parse(text));
      return void (ok || bad(`a timestamp as ${format}`));
    }
    if (INTEGER_TYPES.has(shape.type)) {
      if (!/^-?\d+$/.test(text)) return bad(`an integer (${shape.type})`);
      return this.rules.range(shapeName, shape, Number(text), where);
    }
    if (FLOAT_TYPES.has(shape.type)) {
      if (!/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|-?Infinity)$/.test(text)) return bad(`a number (${shape.type})`);
      return this.rules.range(shapeName, shape, Number(text), where);
    }
    this.report(where, shapeName, `the check does not know the model type '${shape.type}'`);
  }
}

// ---- responses ---------------------------------------------------------------------------------

export interface CapturedResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/** Checks one service's responses; the server makes one per request. */
export class ResponseCheck {
  readonly violations: ContractViolation[] = [];
  private readonly model: ServiceModel;
  private readonly serviceName: string;
  private readonly operation?: Operation;

  constructor(
    models: ModelSet,
    private readonly service: EmulatedService,
    private readonly operationName: string,
    /** Called with each violation as it is found (a stream may run for minutes). */
    private readonly onViolation: (v: ContractViolation) => void = () => undefined,
  ) {
    this.model = models.model(service);
    this.serviceName = models.nameFor(service);
    this.operation = this.model.operations[operationName];
  }

  private status = 200;

  private readonly report: Report = (member, shape, problem) => {
    const v = { service: this.service.name, operation: this.operationName, status: this.status, member, shape, problem };
    this.violations.push(v);
    this.onViolation(v);
  };

  /** A whole (non-streaming) answer. */
  response(r: CapturedResponse): ContractViolation[] {
    this.status = r.status;
    this.contentType(r.headers, this.service.protocol === 'awsQuery' ? 'text/xml' : `application/x-amz-json-${this.jsonVersion()}`);
    if (r.status >= 300) {
      this.error(r);
    } else if (!this.operation) {
      this.report('operation', '-', `${this.operationName} is not an operation of the model, yet it answered ${r.status}`);
    } else if (r.status !== 200) {
      this.report('status', this.operation.output?.shape ?? '-', `success answers are HTTP 200, not ${r.status}`);
    } else if (this.service.protocol === 'awsQuery') {
      this.queryOutput(r.body.toString('utf8'));
    } else {
      this.jsonOutput(r.body.toString('utf8'));
    }
    return this.violations;
  }

  private jsonVersion(): string {
    return this.service.protocol === 'awsJson1_0' ? '1.0' : '1.1';
  }

  private contentType(headers: CapturedResponse['headers'], expected: string): void {
    const actual = String(headers['content-type'] ?? '');
    if (actual.split(';')[0].trim() !== expected) {
      this.report('Content-Type header', '-', `expected ${expected}, got '${actual}'`);
    }
  }

  private parseJson(text: string, shape: string): unknown {
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      this.report('body', shape, `not JSON: ${describe(text)}`);
      return undefined;
    }
  }

  private jsonOutput(text: string): void {
    const shape = this.operation!.output?.shape;
    const body = this.parseJson(text, shape ?? '-');
    if (body === undefined) return;
    if (!shape) {
      if (isPlainObject(body) && Object.keys(body).length) this.report('body', '-', 'the operation has no output, so the body is {}');
      return;
    }
    const stream = this.eventStreamMember(shape);
    if (stream) {
      this.report('body', shape, `${this.operationName} answers an event stream (member ${stream}), not a JSON body`);
      return;
    }
    new JsonWalk(this.model, this.serviceName, this.report).value(shape, body, shape);
  }

  private queryOutput(text: string): void {
    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch (e) {
      return this.report('body', '-', `not XML: ${(e as Error).message}`);
    }
    const op = this.operation!;
    this.xmlRoot(root, `${op.name}Response`);
    const result = root.children.filter((c) => c.name !== 'ResponseMetadata');
    this.responseMetadata(root.children.find((c) => c.name === 'ResponseMetadata'));
    if (!op.output) {
      if (result.length) this.report(`${op.name}Response`, '-', `the operation has no output, so no <${result[0].name}>`);
      return;
    }
    const wrapper = op.output.resultWrapper ?? `${op.name}Result`;
    if (result.length !== 1 || result[0].name !== wrapper) {
      return this.report(
        `${op.name}Response`,
        op.output.shape,
        `expected exactly <${wrapper}> besides <ResponseMetadata>, found ${result.map((r) => `<${r.name}>`).join(', ') || 'nothing'}`,
      );
    }
    const shape = this.model.shapes[op.output.shape];
    new XmlWalk(this.model, this.serviceName, this.report).structure(op.output.shape, shape, result[0], op.output.shape);
  }

  private xmlRoot(root: XmlElement, name: string): void {
    if (root.name !== name) this.report('root element', '-', `expected <${name}>, got <${root.name}>`);
    const ns = this.model.metadata.xmlNamespace;
    if (ns && root.attributes.xmlns !== ns) {
      this.report(`<${root.name}> xmlns`, '-', `expected the namespace ${ns}, got '${root.attributes.xmlns ?? ''}'`);
    }
  }

  private responseMetadata(element: XmlElement | undefined): void {
    if (!element?.children.some((c) => c.name === 'RequestId' && c.text)) {
      this.report('ResponseMetadata.RequestId', '-', 'the answer carries no request id');
    }
  }

  // ---- errors ----

  private error(r: CapturedResponse): void {
    if (this.service.protocol === 'awsQuery') {
      return this.queryError(r.body.toString('utf8'));
    }
    const body = this.parseJson(r.body.toString('utf8'), 'error');
    if (!isPlainObject(body)) {
      if (body !== undefined) this.report('error body', '-', `expected a JSON object, got ${describe(body)}`);
      return;
    }
    const type = typeof body.__type === 'string' ? body.__type.split('#').pop()!.split(':')[0] : undefined;
    if (!type) return this.report('error body __type', '-', 'an awsJson error names its code in __type');
    const shapeName = this.errorCode(type, 'shape', r.status);
    if (this.model.metadata.awsQueryCompatible) {
      this.queryCompatibleHeader(r, shapeName);
    }
    if (shapeName) {
      const { __type: _type, message: _m, Message: _M, ...rest } = body;
      const shape = this.model.shapes[shapeName];
      const messageMember = Object.keys(shape.members ?? {}).find((k) => k.toLowerCase() === 'message');
      const walk = new JsonWalk(this.model, this.serviceName, this.report);
      walk.value(shapeName, rest, `error ${shapeName}`, undefined, messageMember ? [messageMember] : []);
    }
    for (const key of ['message', 'Message']) {
      if (body[key] !== undefined && typeof body[key] !== 'string')
        this.report(`error ${key}`, '-', `expected a string, got ${describe(body[key])}`);
    }
  }

  /** CloudWatch (awsJson with query compatibility) also names the error's query code and fault in x-amzn-query-error. */
  private queryCompatibleHeader(r: CapturedResponse, shapeName: string | undefined): void {
    const header = String(r.headers['x-amzn-query-error'] ?? '');
    const [code, fault] = header.split(';');
    const expectedFault = r.status >= 500 ? 'Receiver' : 'Sender';
    if (!header || fault !== expectedFault) {
      return this.report('x-amzn-query-error header', shapeName ?? '-', `expected '<code>;${expectedFault}', got '${header}'`);
    }
    const expectedCode = shapeName ? (this.model.shapes[shapeName].error?.code ?? shapeName) : undefined;
    if (expectedCode && code !== expectedCode) {
      this.report('x-amzn-query-error header', shapeName!, `the query code of ${shapeName} is ${expectedCode}, not ${code}`);
    }
  }

  private queryError(text: string): void {
    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch (e) {
      return this.report('error body', '-', `not XML: ${(e as Error).message}`);
    }
    this.xmlRoot(root, 'ErrorResponse');
    const error = root.children.find((c) => c.name === 'Error');
    if (!root.children.some((c) => c.name === 'RequestId' && c.text))
      this.report('ErrorResponse.RequestId', '-', 'the error carries no request id');
    const field = (name: string) => error?.children.find((c) => c.name === name)?.text;
    const code = field('Code');
    if (!code) return this.report('ErrorResponse.Error.Code', '-', 'the error names no code');
    const expectedType = this.status >= 500 ? 'Receiver' : 'Sender';
    if (field('Type') !== expectedType)
      this.report('ErrorResponse.Error.Type', '-', `expected ${expectedType} for HTTP ${this.status}, got '${field('Type') ?? ''}'`);
    this.errorCode(code, 'code', this.status);
  }

  /**
   * Is `code` an error this operation may answer with this status? For awsJson the wire code is the
   * shape name; for awsQuery it is the shape's error.code. Returns the model's error shape, if any.
   */
  private errorCode(code: string, wire: 'shape' | 'code', status: number): string | undefined {
    const declared = (this.operation?.errors ?? []).map((e) => e.shape);
    const wireCode = (s: string) => (wire === 'shape' ? s : (this.model.shapes[s].error?.code ?? s));
    // A service's own server fault may come from any of its operations: the models list them unevenly
    // (CloudWatch's GetMetricData lists none, PutMetricData lists InternalServiceFault).
    const shapeName =
      declared.find((s) => wireCode(s) === code) ??
      (status >= 500 ? Object.keys(this.model.shapes).find((s) => isServerFault(this.model.shapes[s]) && wireCode(s) === code) : undefined);
    if (shapeName) {
      const shape = this.model.shapes[shapeName];
      const expected = shape.error?.httpStatusCode;
      if (expected !== undefined ? status !== expected : isServerFault(shape) ? status < 500 : status < 400 || status >= 500) {
        this.report(
          'HTTP status',
          shapeName,
          `${code} is answered with ${expected ?? (isServerFault(shape) ? '5xx' : '4xx')}, not ${status}`,
        );
      }
      return shapeName;
    }
    const common = COMMON_ERRORS[code];
    if (common) {
      if (!common.includes(status))
        this.report('HTTP status', code, `the common error ${code} comes with HTTP ${common.join(' or ')}, not ${status}`);
      return undefined;
    }
    this.report(
      'error code',
      code,
      `${this.operationName} does not declare the error ${code}; it declares ${declared.join(', ') || 'none'} (and AWS's common errors)`,
    );
    return undefined;
  }

  // ---- event streams ----

  /** The output member that is an event stream, if the output has one. */
  private eventStreamMember(outputShape: string): string | undefined {
    const members = this.model.shapes[outputShape].members ?? {};
    return Object.keys(members).find((k) => this.model.shapes[members[k].shape].eventstream);
  }

  /** Starts checking a streaming answer; feed it the bytes as they are written. */
  stream(headers: CapturedResponse['headers']): EventStreamCheck {
    const output = this.operation?.output?.shape;
    const member = output ? this.eventStreamMember(output) : undefined;
    if (!output || !member) {
      this.report('body', output ?? '-', `${this.operationName} does not answer an event stream`);
      return new EventStreamCheck(() => undefined);
    }
    this.contentType(headers, 'application/vnd.amazon.eventstream');
    const streamShapeName = this.model.shapes[output].members![member].shape;
    const streamShape = this.model.shapes[streamShapeName];
    const walk = new JsonWalk(this.model, this.serviceName, this.report);
    let first = true;
    return new EventStreamCheck(
      (message) => {
        const header = (name: string) => {
          const h = message.headers[name];
          return h && h.type === 'string' ? h.value : undefined;
        };
        const kind = header(':message-type');
        const payload = () => this.parseJson(Buffer.from(message.body).toString('utf8'), streamShapeName);
        if (first) {
          first = false;
          if (kind !== 'event' || header(':event-type') !== 'initial-response') {
            this.report(
              'event stream',
              streamShapeName,
              `the first message must be the 'initial-response' event (clients such as botocore refuse the stream otherwise), got ${kind} ${header(':event-type') ?? header(':exception-type') ?? ''}`,
            );
          } else {
            const body = payload();
            if (body !== undefined) walk.value(output, body, `initial-response ${output}`, undefined, [member]);
            return;
          }
        }
        if (kind === 'event' || kind === 'exception') {
          const name = header(kind === 'event' ? ':event-type' : ':exception-type') ?? '';
          const ref = streamShape.members?.[name];
          const target = ref && this.model.shapes[ref.shape];
          if (!ref || !target || (kind === 'event' ? target.exception : !target.exception)) {
            this.report(
              `${kind} ${name}`,
              streamShapeName,
              `'${name}' is not ${kind === 'event' ? 'an event' : 'an exception'} of ${streamShapeName}`,
            );
            return;
          }
          if (header(':content-type') !== 'application/json') {
            this.report(`${kind} ${name} :content-type`, ref.shape, `expected application/json, got '${header(':content-type') ?? ''}'`);
          }
          const body = payload();
          if (body !== undefined) walk.value(ref.shape, body, `${kind} ${name}`);
          return;
        }
        if (kind === 'error') {
          if (!header(':error-code')) this.report('error message', streamShapeName, 'an error message names its :error-code');
          return;
        }
        this.report('event stream', streamShapeName, `unknown :message-type '${kind ?? ''}'`);
      },
      (problem) => this.report('event stream', streamShapeName, problem),
    );
  }
}

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

/** Cuts the written bytes into event-stream messages (prelude length first) and checks each. */
export class EventStreamCheck {
  private pending = Buffer.alloc(0);

  constructor(
    private readonly onMessage: (message: Message) => void,
    private readonly onProblem: (problem: string) => void = () => undefined,
  ) {}

  data(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (this.pending.length < length) return;
      const bytes = this.pending.subarray(0, length);
      this.pending = this.pending.subarray(length);
      let message: Message;
      try {
        message = codec.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (e) {
        this.onProblem(`a message cannot be decoded: ${(e as Error).message}`);
        continue;
      }
      this.onMessage(message);
    }
  }

  end(): void {
    if (this.pending.length) this.onProblem(`the stream ends inside a message (${this.pending.length} bytes left)`);
  }
}
