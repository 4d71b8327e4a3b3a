// In-process event bus between emulated services: App Runner publishes what happens to its
// services; CloudWatch Logs turns it into log events and CloudWatch into metric data.
import { EventEmitter } from 'events';

export interface ServiceRef {
  account: string;
  region: string;
  serviceName: string;
  serviceId: string;
}

export interface EmulatorEvents {
  /**
   * A service was created (its service log group appears). `hasRun`: a seeded service that ran
   * before the seed, so its application log group exists too.
   */
  'service-created': ServiceRef & { at: number; hasRun?: boolean };
  'service-deleted': ServiceRef & { at: number };
  /** A line for the service log group's `events` stream. */
  'service-event': ServiceRef & { at: number; message: string };
  /** Lines for the `deployment/<operationId>` stream of the service log group. */
  'deployment-log': ServiceRef & { at: number; operationId: string; message: string };
  /** Output of a running instance (application log group, stream `instance/<instanceId>`). */
  'application-log': ServiceRef & { at: number; instanceId: string; message: string };
  /** An operation ended (deployments get marked on metric charts). */
  'operation-ended': ServiceRef & { at: number; operationId: string; type: string; status: string };
}

export class EmulatorBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof EmulatorEvents>(event: K, payload: EmulatorEvents[K]): void {
    this.emitter.emit(event, payload);
  }
  on<K extends keyof EmulatorEvents>(event: K, fn: (payload: EmulatorEvents[K]) => void): void {
    this.emitter.on(event, fn);
  }
}
