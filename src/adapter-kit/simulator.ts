/**
 * `unipbx/adapter-kit/simulator`: the plumbing every vendor simulator is built from, usable
 * with any router (it works on fetch `Request`/`Response`): the request log
 * ({@link recordRequest}, {@link recordedBody}), fault injection ({@link FaultInjector}), both
 * together ({@link SimulatorPlumbing}: `wrap` a fetch handler, or {@link simulatorMiddleware}
 * for `(context, next)` routers), deterministic seeding ({@link seedTools}, {@link sampleDistinct}),
 * option checks ({@link resolveBaseOptions}), paging without copying ({@link recordSlice}) and serving
 * on loopback ({@link runSimulator}).
 * Register a simulator with `registerSimulator` from `unipbx/simulator`.
 */
export * from '../../core/sim/types.js';
export * from '../../core/sim/instance.js';
export * from '../../core/sim/record.js';
export * from '../../core/sim/faults.js';
export * from '../../core/sim/random.js';
export * from '../../core/sim/sample.js';
export * from '../../core/sim/options.js';
export * from '../../core/sim/run.js';
export * from '../../core/sim/serve.js';
export * from '../../core/sim/live.js';
export * from '../../core/sim/page.js';
