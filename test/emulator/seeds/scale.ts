// A generated seed for scale tests: many services across many regions, unevenly spread as real
// accounts are (the first region holds the most). Deterministic: the same arguments give the
// same seed. Used by the catalog bench (1,000 services in 16 regions) and the integration tests.

/** 16 regions: the ones App Runner is offered in, then two more (the emulator answers in any). */
export const SCALE_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-west-2',
  'ca-central-1',
  'ap-south-1',
  'eu-west-3',
  'ap-northeast-2',
  'sa-east-1',
  'eu-north-1',
  'us-west-1',
];

export interface ScaleSeedOptions {
  services: number;
  regions: number;
}

/** How many services each region gets: proportional to 1/(rank + 1), every region at least one. */
export function servicesPerRegion(options: ScaleSeedOptions): number[] {
  if (options.regions < 1 || options.regions > SCALE_REGIONS.length || options.services < options.regions) {
    throw new RangeError(`a scale seed needs 1 to ${SCALE_REGIONS.length} regions and at least one service per region`);
  }
  const weights = Array.from({ length: options.regions }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((w / total) * options.services)));
  counts[0] += options.services - counts.reduce((a, b) => a + b, 0);
  return counts;
}

/** The seed object (the body of POST /_emulator/seed): every tenth service paused, the rest running. */
export function scaleSeed(options: ScaleSeedOptions = { services: 1000, regions: 16 }): { apprunner: { services: object[] } } {
  const counts = servicesPerRegion(options);
  const services = counts.flatMap((count, r) => {
    const region = SCALE_REGIONS[r];
    return Array.from({ length: count }, (_, i) => {
      const name = `svc-${String(r + 1).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`;
      return {
        region,
        name,
        status: i % 10 === 9 ? 'PAUSED' : 'RUNNING',
        image: `123456789012.dkr.ecr.${region}.amazonaws.com/${name}:1`,
        createdAt: `-${1 + (i % 30)}d`,
      };
    });
  });
  return { apprunner: { services } };
}
