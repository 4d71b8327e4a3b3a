// The URI schemes the operate feature serves; package.json activates the extension on them.
export const ENVIRONMENT_SCHEME = 'apprunner-env';
