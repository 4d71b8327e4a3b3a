// The emulator's contract check (test/emulator/contract.ts) against botocore's real models: it names
// the operation, member and shape of what breaks them, records violations on the server and fails
// close(); and every AWS operation the extension calls is emulated.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EmulatorBus } from '../bus';
import { ContractViolation, formatViolation, ModelSet, parseXml, ResponseCheck } from '../contract';
import { encodeEvent, encodeException, encodeInitialResponse } from '../eventstream';
import { createModules } from '../index';
import { Emulator, startEmulator } from '../server';
import { HandlerResult, ServiceError, ServiceModule } from '../types';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const models = ModelSet.load();

const APPRUNNER = { name: 'apprunner', targetPrefix: 'AppRunner.', signingName: 'apprunner', protocol: 'awsJson1_0' as const };
const LOGS = { name: 'logs', targetPrefix: 'Logs_20140328.', signingName: 'logs', protocol: 'awsJson1_1' as const };
const MONITORING = {
  name: 'monitoring',
  targetPrefix: 'GraniteServiceVersion20100801.',
  signingName: 'monitoring',
  protocol: 'awsJson1_0' as const,
};
const IAM = { name: 'iam', targetPrefix: 'AWSIdentityManagementV20100508.', signingName: 'iam', protocol: 'awsQuery' as const };

const SERVICE_ID = '8fe1e10304f84fd2b0df550fe98a71fa';

function check(
  service: typeof APPRUNNER | typeof LOGS | typeof MONITORING | typeof IAM,
  operation: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ContractViolation[] {
  const contentType =
    service.protocol === 'awsQuery' ? 'text/xml' : `application/x-amz-json-${service.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`;
  return new ResponseCheck(models, service, operation).response({
    status,
    headers: { 'content-type': contentType, ...headers },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
}

/** The violations as `member [shape]: problem` without the operation prefix, for compact assertions. */
function lines(violations: ContractViolation[]): string[] {
  return violations.map((v) => `${v.member} [${v.shape}]: ${v.problem}`);
}

function summary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceName: 'orders-api',
    ServiceId: SERVICE_ID,
    ServiceArn: `arn:aws:apprunner:us-east-1:123456789012:service/orders-api/${SERVICE_ID}`,
    ServiceUrl: 'abc.us-east-1.awsapprunner.com',
    CreatedAt: 1_764_000_000,
    UpdatedAt: 1_764_000_000.5,
    Status: 'RUNNING',
    ...overrides,
  };
}

describe('success bodies (awsJson)', () => {
  test('a body that fits the model has no violations', () => {
    assert.deepEqual(check(APPRUNNER, 'ListServices', 200, { ServiceSummaryList: [summary()] }), []);
  });

  test('required members, undefined members, types, enums, lengths, timestamps and nulls are named', () => {
    const found = lines(
      check(APPRUNNER, 'ListServices', 200, {
        ServiceSummaryList: [
          summary({ Status: 'SLEEPING', ServiceName: 'ab', CreatedAt: '2026-01-01T00:00:00Z', Extra: 1, ServiceUrl: null }),
        ],
        NextToken: 7,
      }),
    );
    assert.deepEqual(found, [
      'ListServicesResponse.ServiceSummaryList[0].ServiceName [ServiceName]: length 2 is below the minimum 4',
      'ListServicesResponse.ServiceSummaryList[0].ServiceName [ServiceName]: the string "ab" does not match the pattern [A-Za-z0-9][A-Za-z0-9-_]{3,39}',
      'ListServicesResponse.ServiceSummaryList[0].ServiceUrl [String]: null is not a value AWS sends: leave the member out',
      'ListServicesResponse.ServiceSummaryList[0].CreatedAt [Timestamp]: expected a timestamp as epoch seconds (a number), got the string "2026-01-01T00:00:00Z"',
      'ListServicesResponse.ServiceSummaryList[0].Status [ServiceStatus]: the string "SLEEPING" is not one of the enum values CREATE_FAILED, RUNNING, DELETED, DELETE_FAILED, PAUSED, OPERATION_IN_PROGRESS',
      "ListServicesResponse.ServiceSummaryList[0].Extra [ServiceSummary]: 'Extra' is not a member of ServiceSummary",
      'ListServicesResponse.NextToken [String]: expected a string, got number 7',
    ]);
    assert.deepEqual(lines(check(APPRUNNER, 'ListServices', 200, {})), [
      'ListServicesResponse.ServiceSummaryList [ListServicesResponse]: required member is missing',
    ]);
  });

  test('patterns and ranges are checked; the known ServiceId model defect is not reported', () => {
    const found = lines(
      check(APPRUNNER, 'ListOperations', 200, {
        OperationSummaryList: [{ Id: 'not-an-id', Type: 'START_DEPLOYMENT', Status: 'SUCCEEDED', TargetArn: 'nope' }],
      }),
    );
    assert.ok(
      found.some((l) => /^ListOperationsResponse\.OperationSummaryList\[0\]\.Id \[UUID\]: .* does not match the pattern/.test(l)),
      found.join('\n'),
    );
    assert.ok(
      found.some((l) => /TargetArn \[AppRunnerResourceArn\]: .*(pattern|minimum)/.test(l)),
      found.join('\n'),
    );
    assert.deepEqual(check(APPRUNNER, 'ListServices', 200, { ServiceSummaryList: [summary({ ServiceId: SERVICE_ID })] }), []);
  });

  test('the Content-Type must be the protocol version', () => {
    const found = new ResponseCheck(models, LOGS, 'DescribeLogGroups').response({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{}'),
    });
    assert.deepEqual(lines(found), ["Content-Type header [-]: expected application/x-amz-json-1.1, got 'application/json'"]);
  });

  test('a violation reads as operation, member, shape and problem', () => {
    const [v] = check(APPRUNNER, 'ListServices', 200, {});
    assert.equal(
      formatViolation(v),
      'apprunner ListServices (HTTP 200): ListServicesResponse.ServiceSummaryList [shape ListServicesResponse]: required member is missing',
    );
  });
});

describe('errors', () => {
  const error = (code: string, message = 'm') => ({ __type: code, Message: message });

  test('only codes the operation declares, or AWS common errors, with their status', () => {
    assert.deepEqual(check(APPRUNNER, 'PauseService', 400, error('InvalidStateException')), []);
    assert.deepEqual(check(APPRUNNER, 'StartDeployment', 400, error('ThrottlingException')), []);
    assert.deepEqual(lines(check(APPRUNNER, 'StartDeployment', 400, error('InvalidStateException'))), [
      "error code [InvalidStateException]: StartDeployment does not declare the error InvalidStateException; it declares InvalidRequestException, ResourceNotFoundException, InternalServiceErrorException (and AWS's common errors)",
    ]);
    assert.deepEqual(lines(check(APPRUNNER, 'DescribeService', 500, error('ResourceNotFoundException'))), [
      'HTTP status [ResourceNotFoundException]: ResourceNotFoundException is answered with 4xx, not 500',
    ]);
    assert.deepEqual(lines(check(APPRUNNER, 'DescribeService', 400, error('InternalFailure'))), [
      'HTTP status [InternalFailure]: the common error InternalFailure comes with HTTP 500, not 400',
    ]);
  });

  test("CloudWatch's query-compatible errors name the query code and fault in x-amzn-query-error", () => {
    const fault = { __type: 'InternalServiceFault', Message: 'boom' };
    assert.deepEqual(check(MONITORING, 'GetMetricData', 500, fault, { 'x-amzn-query-error': 'InternalServiceError;Receiver' }), []);
    assert.deepEqual(lines(check(MONITORING, 'GetMetricData', 500, fault, { 'x-amzn-query-error': 'InternalFailure;Receiver' })), [
      'x-amzn-query-error header [InternalServiceFault]: the query code of InternalServiceFault is InternalServiceError, not InternalFailure',
    ]);
    assert.deepEqual(
      lines(
        check(
          MONITORING,
          'PutMetricData',
          400,
          { __type: 'InvalidParameterValueException', message: 'x' },
          { 'x-amzn-query-error': 'InvalidParameterValue;Receiver' },
        ),
      ),
      ["x-amzn-query-error header [InvalidParameterValueException]: expected '<code>;Sender', got 'InvalidParameterValue;Receiver'"],
    );
  });
});

describe('awsQuery (IAM) XML', () => {
  const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
  const role = (createDate: string, extra = '') =>
    `<member><Path>/</Path><RoleName>r1</RoleName><RoleId>AROAEXAMPLEEXAMPLE12</RoleId><Arn>arn:aws:iam::123456789012:role/r1</Arn><CreateDate>${createDate}</CreateDate>${extra}</member>`;
  const listRoles = (members: string, ns = NS) =>
    `<ListRolesResponse xmlns="${ns}"><ListRolesResult><IsTruncated>false</IsTruncated><Roles>${members}</Roles></ListRolesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListRolesResponse>`;

  test('a well-formed answer passes; types, members and the namespace are checked', () => {
    assert.deepEqual(check(IAM, 'ListRoles', 200, listRoles(role('2026-01-01T00:00:00Z'))), []);
    assert.deepEqual(lines(check(IAM, 'ListRoles', 200, listRoles(role('1764000000', '<Colour>red</Colour>'), ''))), [
      `<ListRolesResponse> xmlns [-]: expected the namespace ${NS}, got ''`,
      'ListRolesResponse.Roles[0].Colour [Role]: <Colour> is not a member of Role',
      'ListRolesResponse.Roles[0].CreateDate [dateType]: expected a timestamp as iso8601, got the string "1764000000"',
    ]);
  });

  test('errors: namespace, Sender/Receiver and the code of the error shape (NoSuchEntity, not NoSuchEntityException)', () => {
    const err = (code: string, type = 'Sender', ns = NS) =>
      `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${code}</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
    assert.deepEqual(check(IAM, 'GetRole', 404, err('NoSuchEntity')), []);
    assert.deepEqual(lines(check(IAM, 'GetRole', 404, err('NoSuchEntityException', 'Receiver', ''))), [
      `<ErrorResponse> xmlns [-]: expected the namespace ${NS}, got ''`,
      "ErrorResponse.Error.Type [-]: expected Sender for HTTP 404, got 'Receiver'",
      "error code [NoSuchEntityException]: GetRole does not declare the error NoSuchEntityException; it declares NoSuchEntityException, ServiceFailureException (and AWS's common errors)",
    ]);
  });

  test('the XML reader keeps text, entities and nesting', () => {
    const root = parseXml('<?xml version="1.0"?><a x="1 &amp; 2"><b>&lt;c&gt; &#233;</b><d/></a>');
    assert.deepEqual(
      { name: root.name, x: root.attributes.x, b: root.children[0].text, d: root.children[1].name },
      { name: 'a', x: '1 & 2', b: '<c> é', d: 'd' },
    );
    assert.throws(() => parseXml('<a><b></a>'), /closes <b>/);
  });
});

describe('event streams (StartLiveTail)', () => {
  const session = (...messages: Uint8Array[]): string[] => {
    const c = new ResponseCheck(models, LOGS, 'StartLiveTail');
    const stream = c.stream({ 'content-type': 'application/vnd.amazon.eventstream' });
    // Split across writes, as a socket may deliver them.
    const bytes = Buffer.concat(messages);
    stream.data(bytes.subarray(0, 7));
    stream.data(bytes.subarray(7));
    stream.end();
    return lines(c.violations);
  };
  const start = encodeEvent('sessionStart', { sessionId: 's1', logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:g'] });
  const update = (results: unknown[]) => encodeEvent('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: results });

  test('initial-response first, then modeled events and exceptions', () => {
    assert.deepEqual(
      session(
        encodeInitialResponse(),
        start,
        update([{ logStreamName: 's', message: 'hi', timestamp: 1_764_000_000_000, ingestionTime: 1_764_000_000_001 }]),
        encodeException('SessionTimeoutException', 'timed out'),
      ),
      [],
    );
  });

  test('a stream without initial-response, an unknown event and a bad event member are named', () => {
    assert.deepEqual(session(start, encodeEvent('heartbeat', {}), update([{ message: 'hi', timestamp: 'now' }])), [
      "event stream [StartLiveTailResponseStream]: the first message must be the 'initial-response' event (clients such as botocore refuse the stream otherwise), got event sessionStart",
      "event heartbeat [StartLiveTailResponseStream]: 'heartbeat' is not an event of StartLiveTailResponseStream",
      'event sessionUpdate.sessionResults[0].timestamp [Timestamp]: expected an integer (long), got the string "now"',
    ]);
  });

  test('a stream cut inside a message is named', () => {
    const c = new ResponseCheck(models, LOGS, 'StartLiveTail');
    const stream = c.stream({ 'content-type': 'application/vnd.amazon.eventstream' });
    stream.data(Buffer.from(encodeInitialResponse()).subarray(0, 10));
    stream.end();
    assert.deepEqual(lines(c.violations), ['event stream [StartLiveTailResponseStream]: the stream ends inside a message (10 bytes left)']);
  });
});

describe('on the server', () => {
  let emulator: Emulator;
  const answers: Record<string, () => HandlerResult> = {
    ListServices: () => ({ body: { ServiceSummaryList: [summary({ Status: 'SLEEPING' })] } }),
    DescribeService: () => {
      throw new ServiceError('NoSuchService', 'not here');
    },
  };
  const broken: ServiceModule = {
    ...APPRUNNER,
    handle: (_input, ctx) => answers[ctx.operation](),
    reset: () => undefined,
  };
  const call = (operation: string) =>
    fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': `AppRunner.${operation}`, 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });

  before(async () => {
    emulator = await startEmulator({ modules: [broken] });
  });
  after(async () => {
    await emulator.close();
  });

  test('records each violation, keeps them over a reset, lists them on the control API and fails close()', async () => {
    await (await call('ListServices')).text();
    await (await call('DescribeService')).text();
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    const listed = (await (await fetch(`${emulator.url}/_emulator/contract`)).json()) as {
      checkedResponses: number;
      violations: Array<{ text: string }>;
    };
    assert.equal(listed.checkedResponses, 2);
    assert.deepEqual(
      listed.violations.map((v) => v.text),
      emulator.contractViolations().map(formatViolation),
    );
    assert.deepEqual(
      emulator.contractViolations().map((v) => `${v.operation} ${v.member}`),
      ['ListServices ListServicesResponse.ServiceSummaryList[0].Status', 'DescribeService error code'],
    );

    const other = await startEmulator({ modules: [broken] });
    await (await fetch(other.url, { method: 'POST', headers: { 'x-amz-target': 'AppRunner.ListServices' }, body: '{}' })).text();
    await assert.rejects(
      other.close(),
      /broke AWS's contract .* 1 time\(s\):\n {2}apprunner ListServices \(HTTP 200\): .*Status \[shape ServiceStatus\]/,
    );

    await fetch(`${emulator.url}/_emulator/contract`, { method: 'DELETE' });
    assert.deepEqual(emulator.contractViolations(), []);
  });
});

test('without exported models the emulator says how to get them', () => {
  assert.throws(() => ModelSet.load(path.join(ROOT, 'no-such-models')), /python3 scripts\/botocore-models\.py.*pip install awscli/s);
});

/** `{package, operation}` for every SDK command and paginator the extension's sources import. */
function sdkCallsIn(dir: string): Array<{ pkg: string; operation: string }> {
  const calls = new Map<string, { pkg: string; operation: string }>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[\w-]+)'/g)) {
          for (const name of m[1].split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
            const op = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
            if (op) calls.set(`${m[2]} ${op}`, { pkg: m[2], operation: op });
          }
        }
      }
    }
  };
  walk(dir);
  return [...calls.values()];
}

test('every AWS operation the extension calls is emulated (none answers UnknownOperationException)', async () => {
  const calls = sdkCallsIn(path.join(ROOT, 'src'));
  assert.ok(
    calls.some((c) => c.operation === 'StartLiveTail'),
    'the scan finds the extension calls',
  );
  const emulator = await startEmulator({
    modules: createModules({ bus: new EmulatorBus(), registry: { url: '127.0.0.1:9', password: 'unused' } }),
  });
  const exported = Object.values(models.services());
  const missing: string[] = [];
  try {
    for (const { pkg, operation } of calls) {
      // The SDK client's serviceId is the model's metadata.serviceId.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sdk = require(pkg) as Record<string, any>;
      const Client = Object.entries(sdk).find(([k, v]) => /^[A-Z]\w*Client$/.test(k) && typeof v === 'function')![1];
      const client = new Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      const serviceId = client.config.serviceId as string;
      client.destroy();
      const service = exported.find((s) => s.serviceId === serviceId);
      assert.ok(service, `${pkg} (${serviceId}) has no exported botocore model: add it to scripts/botocore-models.py`);
      const auth = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/${service.signingName}/aws4_request, SignedHeaders=host, Signature=0`;
      const response = service.targetPrefix
        ? await fetch(emulator.url, {
            method: 'POST',
            headers: {
              'x-amz-target': `${service.targetPrefix}.${operation}`,
              'content-type': 'application/x-amz-json-1.1',
              authorization: auth,
            },
            body: '{}',
          })
        : await fetch(emulator.url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
            body: `Action=${operation}&Version=2010-05-08`,
          });
      const text = await response.text();
      if (/UnknownOperationException|InvalidAction|No emulated service/.test(text)) missing.push(`${serviceId} ${operation}`);
    }
  } finally {
    await emulator.close();
  }
  assert.deepEqual(missing, [], `the extension calls operations the emulator does not emulate: ${missing.join(', ')}`);
});
