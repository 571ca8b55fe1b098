import { serveApp } from './serve.js';
import type { RunningSimulator, SimulatorInstance, SimulatorOptions } from './types.js';

/** Serves a simulator instance on loopback. */
export async function runSimulator<C>(instance: SimulatorInstance<C>, options: SimulatorOptions = {}): Promise<RunningSimulator<C>> {
  if (options.faults) {
    if (!instance.faults) throw new RangeError(`${instance.vendor} simulator: this simulator cannot inject faults`);
    instance.faults.configure(options.faults);
  }
  const served = await serveApp(instance.handler, options.port !== undefined ? { port: options.port } : {});
  return {
    vendor: instance.vendor,
    url: `${served.url}${instance.basePath}`,
    credentials: instance.credentials,
    fetch: served.fetch,
    facts: instance.facts,
    requestCount: () => instance.requestCount(),
    ...(instance.faults ? { faults: instance.faults } : {}),
    ...(instance.live ? { live: instance.live } : {}),
    close: () => {
      instance.live?.stop();
      return served.close();
    },
  };
}
