// The lazy boundary to the AWS SDK. Nothing under src/ outside src/aws imports the SDK, and
// src/aws/sdk.ts (bundled on its own as dist/aws.js) is only required on the first AWS call,
// so activation never pays for loading it.
import type * as SdkModule from './sdk';

export type AwsSdk = typeof SdkModule;

let sdk: AwsSdk | undefined;

export function loadAws(): AwsSdk {
  // esbuild maps './sdk' to the separate bundle './aws.js' (see scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('./sdk') as AwsSdk);
}

export function isAwsLoaded(): boolean {
  return sdk !== undefined;
}
