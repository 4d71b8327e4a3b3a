// Recognising env values that look like secrets (where `value-from` may point is src/shared/secretReferences.ts).

/** Parts of variable names that say the value is confidential. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH_?KEY|CLIENT_?KEY)/i;
/** Suffixes of names that hold facts about a secret rather than the secret: SECRET_ARN, TOKEN_URL, TOKEN_TTL. */
const NOT_A_SECRET_NAME =
  /_(ARN|URL|URI|ENDPOINT|HOST|PATH|FILE|NAME|ID|REGION|TTL|EXPIRY|EXPIRES_IN|EXPIRATION|LIFETIME|LENGTH|TIMEOUT|HEADER|TYPE|ALGORITHM|ISSUER|AUDIENCE)$/i;

const SECRET_VALUES: { pattern: RegExp; what: string }[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { pattern: /^(AKIA|ASIA)[A-Z0-9]{16}$/, what: 'an AWS access key id' },
  { pattern: /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9/+]{40}$/, what: 'an AWS secret access key' },
  { pattern: /^(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})$/, what: 'a GitHub token' },
  { pattern: /^npm_[A-Za-z0-9]{36}$/, what: 'an npm access token' },
  { pattern: /^(sk|rk)_live_[A-Za-z0-9]{16,}$/, what: 'a Stripe secret key' },
  { pattern: /^xox[abposr]-[A-Za-z0-9-]{10,}$/, what: 'a Slack token' },
  { pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, what: 'a URL with a password in it' },
];

/** What makes `name = value` look like a secret written in plain text, or undefined. */
export function secretLikeReason(name: string, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const byValue = SECRET_VALUES.find(({ pattern }) => pattern.test(trimmed));
  if (byValue) return `its value looks like ${byValue.what}`;
  // Numbers and switches (TOKEN_EXPIRY: 3600, USE_API_KEY: true) are settings, not secrets.
  if (/^(\d+|true|false|yes|no|on|off)$/i.test(trimmed)) return undefined;
  if (SECRET_NAME.test(name) && !NOT_A_SECRET_NAME.test(name)) return `its name suggests a secret and it has a literal value`;
  return undefined;
}
