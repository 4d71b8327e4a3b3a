// The migration's pure core as one module, bundled on its own (dist/migrate.js, with the YAML
// serialiser) and required by the adapter on the first migration command.
import { stringify } from 'yaml';
import { cloudFormationTemplate, terraformFile } from './export';
import type { MigrationPlan } from './plan';

export { planMigration } from './plan';
export { planDocument } from './planDocument';
export { appRunnerMonthly, measuredRequest, measuredTraffic } from './measured';

/** The two template files, named as they are written under migration/<service>/. */
export function templateFiles(plan: MigrationPlan, description: string): Array<{ name: string; text: string }> {
  return [
    { name: 'ecs-express.cfn.yaml', text: stringify(cloudFormationTemplate(plan, description), { lineWidth: 0 }) },
    { name: 'ecs-express.tf', text: terraformFile(plan, description) },
  ];
}
