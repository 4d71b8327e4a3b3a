// Which of our apprunner.yaml results another installed extension already shows, so that each
// problem is shown once. The Red Hat YAML extension validates YAML syntax in every YAML file;
// it never sees our schema (the manifest has no `yamlValidation`), so schema problems,
// completions and hovers come from us alone.
import type { ConfigDiagnostic } from './types';

export interface OtherYamlProviders {
  /** The Red Hat YAML extension is installed and its `yaml.validate` setting is on. */
  redHatYamlValidates: boolean;
}

/** The diagnostics we publish: YAML syntax errors are left to the Red Hat YAML extension when it reports them. */
export function diagnosticsToPublish(diagnostics: ConfigDiagnostic[], others: OtherYamlProviders): ConfigDiagnostic[] {
  return others.redHatYamlValidates ? diagnostics.filter((diagnostic) => diagnostic.rule !== 'yaml-syntax') : diagnostics;
}
