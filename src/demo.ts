/**
 * The main job (`npm start`): starts every vendor's embedded simulator on loopback and runs
 * the same integrator scenario against each, side by side. No network beyond loopback. Only
 * the package's public entry points are used: `unipbx` (./index.js) and `unipbx/simulator`.
 */
import { createPbx, type CreatePbxOptions, type WatchEvent } from './index.js';
import { renderReports } from './report.js';
import { runScenario } from './scenario.js';
import { startAllSimulators, startSimulator, VENDOR_IDS } from './simulator.js';

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
  await liveEvents();
  const failed = reports.flatMap((r) => r.steps.filter((s) => s.outcome === 'failed'));
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length ? `, ${failed.length} step(s) FAILED` : ''}`);
  process.exitCode = failed.length ? 1 : 0;
} finally {
  await Promise.all(simulators.map((s) => s.close()));
}

/** A few seconds of `pbx.watch()` against live simulators (calls, agents, user edits), one column per vendor. */
async function liveEvents(): Promise<void> {
  const seconds = Number(process.env['UNIPBX_LIVE_SECONDS'] ?? 5);
  const live = { callsPerMinute: 60, agentChangesPerMinute: 90, userEditsPerMinute: 20, maxCallSeconds: 3 };
  const sims = await Promise.all(VENDOR_IDS.map((vendor) => startSimulator(vendor, { seed, users: 30, cdrs: 50, live })));
  const width = 44;
  const column = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  console.log(`\nLive: ${seconds} s of change events from live simulators (pbx.watch, polling every 500 ms)\n`);
  console.log(`time   ${VENDOR_IDS.map((v) => column(v)).join(' | ')}`.trimEnd());
  const t0 = Date.now();
  const stop = AbortSignal.timeout(seconds * 1000);
  const print = (vendor: string, event: WatchEvent) => {
    const cells = VENDOR_IDS.map((v) => column(v === vendor ? `${event.type} ${summary(event)}` : ''));
    console.log(`+${((Date.now() - t0) / 1000).toFixed(1).padStart(4)}s ${cells.join(' | ')}`.trimEnd());
  };
  try {
    await Promise.all(
      sims.map(async (sim) => {
        const client = createPbx({ vendor: sim.vendor, baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
        try {
          for await (const event of client.watch({ intervalMs: 500, signal: stop })) print(sim.vendor, event);
        } catch (error) {
          if (!stop.aborted) throw error;
        } finally {
          await client.close();
        }
      }),
    );
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}

function summary(event: WatchEvent): string {
  switch (event.type) {
    case 'cdr.created':
      return `${event.entity.from.number}→${event.entity.to.number}`;
    case 'user.updated':
      return `${event.entity.extension ?? event.entity.id} ${Object.keys(event.changes).join(',')}`;
    case 'user.created':
    case 'user.deleted':
      return event.entity.extension ?? event.entity.id;
    case 'group.member_added':
    case 'group.member_removed':
      return `${event.entity.extension ?? event.entity.userId ?? ''} ${event.group.name}`;
    default:
      return `${event.entity.extension ?? event.entity.userId ?? ''} ${event.entity.loggedIn ? event.entity.status : 'out'}`;
  }
}
