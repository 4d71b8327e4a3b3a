// `npm run test:aws`: the extension's own AWS code (src/aws) against a real AWS account, for
// maintainers. Read-only by default: the services in the regions, one service's description,
// its operations, logs and metrics, and 10 s of Live Tail. With --create it also creates a
// throwaway service from AWS's public sample image, deploys it again and deletes it.
// It never runs in `npm test`; without credentials it refuses before any call.
//
//   npm run test:aws [-- --create]
//   env: AWS_PROFILE (or keys in the environment), APPRUNNER_TEST_REGIONS=us-east-1,eu-west-1
//        (default: the profile's region, else us-east-1), APPRUNNER_TEST_SERVICE=<service ARN>
//        (default: the first service found). The SDK's own endpoint variables apply too
//        (AWS_ENDPOINT_URL_<SERVICE>), which is how the project's tests point it at the emulator.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { createSession, type AwsSession } from '../../src/aws/sdk';
import { buildMetricRequest, serviceNameAndId } from '../../src/monitor/metrics';

const LIVE_TAIL_MS = 10_000;
const SAMPLE_IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const WAIT_LIMIT_MS = 20 * 60_000;

type Log = (line: string) => void;

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

/** Why the journey cannot run here, or undefined when credentials resolve. */
export async function refusal(profile: string | undefined): Promise<string | undefined> {
  try {
    const credentials = await fromNodeProviderChain(profile ? { profile } : {})();
    if (!credentials.accessKeyId) throw new Error('no access key');
    return undefined;
  } catch (err) {
    return [
      `test:aws needs AWS credentials and found none (${describe(err)}).`,
      'Set AWS_PROFILE to a profile of the account to test (aws configure / aws configure sso), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      'It calls AWS for real: read-only by default; --create also creates, deploys and deletes an App Runner service.',
    ].join('\n');
  }
}

async function regionsToTest(profile: string | undefined): Promise<string[]> {
  const listed = (process.env.APPRUNNER_TEST_REGIONS ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (listed.length) return listed;
  const { configFile } = await loadSharedConfigFiles();
  const region =
    process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || configFile[profile || process.env.AWS_PROFILE || 'default']?.region;
  return [region || 'us-east-1'];
}

/** The read-only journey; throws on the first step that fails. Returns what it found. */
export async function readOnlyJourney(
  session: AwsSession,
  regions: string[],
  log: Log,
): Promise<{ services: number; liveTailMessages: number }> {
  const found: { arn: string; region: string; name: string }[] = [];
  for (const region of regions) {
    let nextToken: string | undefined;
    let count = 0;
    do {
      const page = await session.appRunner.listServicesPage(region, nextToken);
      for (const s of page.services) if (s.ServiceArn && s.ServiceName) found.push({ arn: s.ServiceArn, region, name: s.ServiceName });
      count += page.services.length;
      nextToken = page.nextToken;
    } while (nextToken);
    log(`ok   apprunner:ListServices ${region}: ${count} service(s)`);
  }
  const wanted = process.env.APPRUNNER_TEST_SERVICE;
  const service = wanted ? found.find((s) => s.arn === wanted) : found[0];
  if (!service) {
    log(
      `skip describe, operations, logs, metrics and Live Tail: ${wanted ? `${wanted} is not in these regions` : 'no service in these regions'}`,
    );
    return { services: found.length, liveTailMessages: 0 };
  }
  const { region, arn } = service;
  const described = await session.appRunner.describeService(region, arn);
  log(`ok   apprunner:DescribeService ${service.name}: ${described.Status}`);
  const operations = await session.appRunner.listOperations(region, arn, 10);
  log(
    `ok   apprunner:ListOperations: ${operations.length} operation(s)${operations[0] ? `, newest ${operations[0].Type} ${operations[0].Status}` : ''}`,
  );
  const ids = serviceNameAndId(arn);
  if (!ids) throw new Error(`not an App Runner service ARN: ${arn}`);
  const groups = await session.logs.describeLogGroups(region, `/aws/apprunner/${ids.serviceName}/${ids.serviceId}/`);
  log(`ok   logs:DescribeLogGroups: ${groups.map((g) => g.name).join(', ') || 'none yet'}`);
  for (const group of groups) {
    const page = await session.logs.filterLogEvents(region, group.name, Date.now() - 3_600_000);
    log(`ok   logs:FilterLogEvents ${group.name}: ${page.events.length} event(s) in the first page of the last hour`);
  }
  const results = await session.metrics.getMetricData(region, buildMetricRequest(ids, '1h', Date.now()));
  log(
    `ok   cloudwatch:GetMetricData: ${results.length} series, ${results.reduce((n, r) => n + r.timestamps.length, 0)} datapoint(s) in the last hour`,
  );
  let liveTailMessages = 0;
  if (groups.length) {
    const tail = session.logs.startLiveTail(
      region,
      groups.map((g) => g.arn),
    );
    const timer = setTimeout(() => tail.abort(), LIVE_TAIL_MS);
    let started = false;
    try {
      for await (const message of tail) {
        liveTailMessages++;
        if (message.kind === 'start') started = true;
      }
    } catch (err) {
      // Aborting after 10 s ends a started session with an error; failing to start is a failure.
      if (!started) throw err;
    } finally {
      clearTimeout(timer);
      tail.abort();
    }
    if (!started) throw new Error('Live Tail ended without starting a session');
    log(
      `ok   logs:StartLiveTail: ${liveTailMessages} message(s) in ${LIVE_TAIL_MS / 1000} s (about ${LIVE_TAIL_MS / 60_000} session-minute billed)`,
    );
  } else {
    log('skip logs:StartLiveTail: the service has no log group yet');
  }
  return { services: found.length, liveTailMessages };
}

async function waitFor(what: string, check: () => Promise<boolean>, log: Log): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${WAIT_LIMIT_MS / 60_000} min`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
  log(`ok   ${what}`);
}

/** Creates a throwaway service from the public sample image, deploys it again, deletes it. */
async function createJourney(session: AwsSession, region: string, log: Log): Promise<void> {
  const name = `test-aws-${Date.now().toString(36)}`;
  const created = await session.appRunner.createService(region, {
    ServiceName: name,
    SourceConfiguration: {
      AutoDeploymentsEnabled: false,
      ImageRepository: { ImageIdentifier: SAMPLE_IMAGE, ImageRepositoryType: 'ECR_PUBLIC', ImageConfiguration: { Port: '8000' } },
    },
    InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB' },
  });
  const arn = created.service?.ServiceArn;
  if (!arn) throw new Error('CreateService answered without a service ARN');
  log(`ok   apprunner:CreateService ${name} (${arn}); it is billed until deleted`);
  try {
    await waitFor(`${name} RUNNING`, async () => (await session.appRunner.describeService(region, arn)).Status === 'RUNNING', log);
    const operationId = await session.appRunner.startDeployment(region, arn);
    log(`ok   apprunner:StartDeployment ${operationId ?? ''}`);
    await waitFor(
      'the deployment to succeed',
      async () => {
        const op = (await session.appRunner.listOperations(region, arn, 5)).find((o) => o.Id === operationId);
        if (op?.Status === 'FAILED' || op?.Status === 'ROLLBACK_SUCCEEDED' || op?.Status === 'ROLLBACK_FAILED') {
          throw new Error(`the deployment ended ${op.Status}`);
        }
        return op?.Status === 'SUCCEEDED';
      },
      log,
    );
  } finally {
    await session.appRunner.deleteService(region, arn);
    log(`ok   apprunner:DeleteService ${name}`);
    await waitFor(
      `${name} deleted`,
      async () => {
        try {
          return (await session.appRunner.describeService(region, arn)).Status === 'DELETED';
        } catch (err) {
          return (err as Error)?.name === 'ResourceNotFoundException';
        }
      },
      log,
    );
  }
}

export async function main(argv: string[], log: Log = (l) => console.log(l)): Promise<number> {
  const unknown = argv.filter((a) => a !== '--create');
  if (unknown.length) {
    log(`test:aws: unknown argument ${unknown.join(' ')}; the only one is --create`);
    return 2;
  }
  const profile = process.env.AWS_PROFILE || undefined;
  const why = await refusal(profile);
  if (why) {
    log(why);
    return 2;
  }
  const regions = await regionsToTest(profile);
  const session = createSession({ profile });
  try {
    log(`test:aws: profile ${profile ?? '(default chain)'}, regions ${regions.join(', ')}`);
    await readOnlyJourney(session, regions, log);
    if (argv.includes('--create')) await createJourney(session, regions[0], log);
    log('test:aws: passed');
    return 0;
  } catch (err) {
    log(`FAIL ${describe(err)}`);
    return 1;
  } finally {
    session.dispose();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
