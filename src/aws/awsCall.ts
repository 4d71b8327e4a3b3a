// The wrapper for AWS calls made by a feature's steps: a failure carries the IAM action, what
// was being done and the region, so the adapter can say what happened and what to do. Pure.

/** An AWS call failed; `error` is the SDK's error, turned into a message by describeAwsError. */
export class AwsCallError extends Error {
  constructor(
    readonly error: unknown,
    /** IAM action, e.g. 'ecr:CreateRepository'. */
    readonly action: string,
    /** For the message: "Could not <doing>". */
    readonly doing: string,
    readonly region: string,
  ) {
    super(`${doing}: ${(error as Error)?.message ?? String(error)}`);
    this.name = 'AwsCallError';
  }
}

/** Runs an AWS call; failures carry the action and what was being done. */
export async function awsCall<T>(action: string, doing: string, region: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new AwsCallError(e, action, doing, region);
  }
}
