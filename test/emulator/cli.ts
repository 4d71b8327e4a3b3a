// Runs the local AWS emulator until SIGTERM or SIGINT:
//   node out/test/emulator/cli.js [--port N] [--seed FILE] [--operation-delay-ms N] [--demo-lines-per-second N]
//                                 [--registry-env FILE]
// --registry-env reads the registry.env scripts/docker-up.sh writes (REGISTRY_URL, REGISTRY_PASSWORD):
// ECR is then emulated on that registry and App Runner runs deployed images with Docker.
// Prints exactly one line to stdout once it answers: EMULATOR_URL=http://127.0.0.1:N
// Everything else (usage, errors) goes to stderr, so scripts can read stdout safely.
import { formatViolation } from './contract';
import { readRegistryEnv } from './dockerDeployer';
import { startDefaultEmulator } from './index';

interface CliOptions {
  port?: number;
  seedFile?: string;
  operationDelayMs?: number;
  demoLinesPerSecond?: number;
  registryEnvFile?: string;
}

const USAGE =
  'usage: node out/test/emulator/cli.js [--port N] [--seed FILE] [--operation-delay-ms N] [--demo-lines-per-second N] [--registry-env FILE]';

function parseArgs(args: string[]): CliOptions {
  const options: CliOptions = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    switch (flag) {
      case '--port':
        options.port = integer(flag, value, 0, 65535);
        break;
      case '--seed':
        options.seedFile = value;
        break;
      case '--operation-delay-ms':
        options.operationDelayMs = integer(flag, value, 0, Number.MAX_SAFE_INTEGER);
        break;
      case '--demo-lines-per-second':
        options.demoLinesPerSecond = integer(flag, value, 0, 1000);
        break;
      case '--registry-env':
        options.registryEnvFile = value;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
    i++;
  }
  return options;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${flag} must be an integer from ${min} to ${max}, not '${text}'`);
  }
  return value;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  let registry;
  if (options.registryEnvFile) {
    registry = await readRegistryEnv(options.registryEnvFile);
    if (!registry) {
      throw new Error(`${options.registryEnvFile} has no REGISTRY_URL and REGISTRY_PASSWORD (or cannot be read): run scripts/docker-up.sh`);
    }
  }
  const emulator = await startDefaultEmulator({
    ...options,
    registry,
    // Each violation is on stderr as it happens; the runners read them all from GET /_emulator/contract.
    onViolation: (v) => process.stderr.write(`emulator contract violation: ${formatViolation(v)}\n`),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`emulator: closing failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`EMULATOR_URL=${emulator.url}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
