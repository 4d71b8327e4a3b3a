// Lists the profiles of the shared config and credentials files with the SDK's own loader
// (so ~/.aws/config `[profile x]` sections, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE
// behave exactly as for the SDK itself).
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileInfo } from './types';

export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  return [...names].sort().map((name) => {
    const p = { ...credentialsFile[name], ...configFile[name] };
    const kind =
      p.sso_session || p.sso_start_url
        ? 'sso'
        : p.role_arn
          ? 'role'
          : p.credential_process
            ? 'process'
            : p.aws_access_key_id
              ? 'static'
              : 'other';
    return { name, kind, region: p.region };
  });
}
