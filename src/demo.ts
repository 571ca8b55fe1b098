/**
 * The main job (`npm start`): starts every vendor's embedded simulator on loopback and runs
 * the same integrator scenario against each, side by side. No network beyond loopback. Only
 * the package's public entry points are used: `unipbx` (./index.js) and `unipbx/simulator`.
 */
import { createPbx, type CreatePbxOptions } from './index.js';
import { renderReports } from './report.js';
import { runScenario } from './scenario.js';
import { startAllSimulators } from './simulator.js';

const started = Date.now();
const seed = Number(process.env['UNIPBX_SEED'] ?? 1);
const simulators = await startAllSimulators({ seed });
try {
  console.log(`unipbx: one integrator scenario, ${simulators.length} PBX vendors (embedded simulators, seed ${seed})\n`);
  for (const sim of simulators) console.log(`  ${sim.vendor.padEnd(10)}  ${sim.url}`);
  console.log('');
  const reports = await Promise.all(
    simulators.map(async (sim) => {
      const client = createPbx({ vendor: sim.vendor, baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
      try {
        return await runScenario(client);
      } finally {
        await client.close();
      }
    }),
  );
  console.log(renderReports(reports));
  const failed = reports.flatMap((r) => r.steps.filter((s) => s.outcome === 'failed'));
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length ? `, ${failed.length} step(s) FAILED` : ''}`);
  process.exitCode = failed.length ? 1 : 0;
} finally {
  await Promise.all(simulators.map((s) => s.close()));
}
