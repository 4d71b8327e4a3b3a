// Entry of the lazily loaded AWS bundle (dist/aws.js). Everything here may import the SDK;
// the rest of the extension reaches it only through loadAws() in lazy.ts.
import { AppRunnerApi } from './apprunner';
import { ClientFactory } from './clients';
import type { AwsSettings } from './types';

export { listProfiles } from './profiles';

/** The AWS APIs of one profile and endpoint configuration; replaced when either changes. */
export class AwsSession {
  readonly clients: ClientFactory;
  readonly appRunner: AppRunnerApi;

  constructor(readonly settings: AwsSettings) {
    this.clients = new ClientFactory(settings);
    this.appRunner = new AppRunnerApi(this.clients);
  }

  dispose(): void {
    this.clients.destroy();
  }
}

export function createSession(settings: AwsSettings): AwsSession {
  return new AwsSession(settings);
}
