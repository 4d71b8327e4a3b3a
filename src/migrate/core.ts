// The migration's pure core as one module (with the YAML serialiser); bundled with the adapter in
// dist/migrate.js, which loads on the first migration command.
import { Document, isMap, isScalar } from 'yaml';
import { cloudFormationTemplate, imageComment, terraformFile } from './export';
import type { MigrationPlan } from './plan';

export { planMigration } from './plan';
export { planDocument } from './planDocument';
export { appRunnerMonthly, measuredRequest, measuredTraffic } from './measured';
export { dockerfileFromApprunnerYaml } from './dockerfile';
export { digestLookup, lastDeploymentStart, runningImage } from './runningImage';

/** The two template files, named as they are written under migration/<service>/. */
export function templateFiles(plan: MigrationPlan, description: string): Array<{ name: string; text: string }> {
  const template = new Document(cloudFormationTemplate(plan, description));
  const comment = imageComment(plan);
  const container = template.getIn(['Resources', 'Service', 'Properties', 'PrimaryContainer']);
  const image = isMap(container) ? container.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Image') : undefined;
  if (comment && image && isScalar(image.key)) image.key.commentBefore = comment.map((line) => ` ${line}`).join('\n');
  return [
    { name: 'ecs-express.cfn.yaml', text: template.toString({ lineWidth: 0 }) },
    { name: 'ecs-express.tf', text: terraformFile(plan, description) },
  ];
}
