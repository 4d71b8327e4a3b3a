// The lazy boundary to the AWS SDK. Nothing under src/ outside src/aws imports the SDK, and
// src/aws/sdk.ts (bundled on its own as dist/aws.js) is only required on the first AWS call,
// so activation never pays for loading it. Likewise errors.ts (dist/errors.js), which explains
// AWS's errors, is required on the first error.
import type * as ErrorsModule from './errors';
import type * as SdkModule from './sdk';

export type AwsSdk = typeof SdkModule;
export type AwsErrors = typeof ErrorsModule;

let sdk: AwsSdk | undefined;
let errors: AwsErrors | undefined;

export function loadAws(): AwsSdk {
  // esbuild maps './sdk' to the separate bundle './aws.js' (see scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('./sdk') as AwsSdk);
}

export function isAwsLoaded(): boolean {
  return sdk !== undefined;
}

export function loadAwsErrors(): AwsErrors {
  // esbuild maps './errors' to the separate bundle './errors.js' (see scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (errors ??= require('./errors') as AwsErrors);
}
