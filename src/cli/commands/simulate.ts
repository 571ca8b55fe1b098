/**
 * `unipbx simulate <vendor|all>`: the embedded vendor simulators on loopback, on fixed ports
 * (so the `sim-<vendor>` profiles it writes stay valid from one run to the next), until
 * Ctrl-C or SIGTERM.
 */
import type { Command } from 'commander';
import { VENDOR_IDS, isVendorId, loadVendor } from '../../vendors.js';
import type { VendorId } from '../../index.js';
import type { RunningSimulator, SimulatorOptions } from '../../simulator.js';
import type { Runtime } from '../context.js';
import { usageError } from '../errors.js';
import type { Shape } from '../output.js';
import { integer, when } from '../parse.js';
import { liveRates } from '../live-rates.js';
import type { LiveOptions } from '../../../core/sim/live.js';
import { configPath, displayPath, saveProfiles, type Profile } from '../profiles.js';

/** `text` as one shell word (quoted when it needs to be). */
const shellWord = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** Vendor number i of `VENDOR_IDS` listens on `DEFAULT_SIM_PORT + i`. */
export const DEFAULT_SIM_PORT = 18870;

/** The profile name `simulate` writes for a vendor. */
export const simProfile = (vendor: string): string => `sim-${vendor}`;

interface SimRow {
  readonly vendor: string;
  readonly name: string;
  readonly url: string;
  readonly profile: string;
  readonly credentials: unknown;
}

const credentialText = (credentials: unknown): string =>
  credentials !== null && typeof credentials === 'object'
    ? Object.entries(credentials)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ')
    : String(credentials);

const SIM: Shape<SimRow> = {
  columns: [
    { key: 'vendor', header: 'VENDOR', value: (r) => r.vendor },
    { key: 'name', header: 'NAME', value: (r) => r.name },
    { key: 'url', header: 'BASE URL', value: (r) => r.url },
    { key: 'profile', header: 'PROFILE', value: (r) => r.profile },
    { key: 'credentials', header: 'CREDENTIALS (demo)', value: (r) => credentialText(r.credentials) },
  ],
};

interface SimulateOptions {
  readonly port: number;
  readonly seed: number;
  readonly users?: number;
  readonly cdrs?: number;
  readonly now?: Date;
  readonly save: boolean;
  readonly live?: boolean;
  readonly liveRates?: LiveOptions;
}

/** Adds `simulate <vendor|all>` to the program. */
export function registerSimulate(program: Command, rt: Runtime): void {
  program
    .command('simulate')
    .description('run the embedded PBX simulators on loopback and write sim-<vendor> profiles; Ctrl-C stops them')
    .argument('<vendor>', `${VENDOR_IDS.join(', ')} or all`)
    .option('--port <n>', `base port: the i-th vendor (${VENDOR_IDS.map((v, i) => `${v} +${i}`).join(', ')}) listens on port + i; 0 picks free ports`, integer(0, 65535), DEFAULT_SIM_PORT)
    .option('--seed <n>', 'seed of the generated data (the same seed gives the same PBX)', integer(-2147483648, 2147483647), 1)
    .option('--users <n>', 'seeded users (vendor default otherwise)', integer(2, 100_000))
    .option('--cdrs <n>', 'seeded call records, where the vendor has them (vendor default otherwise)', integer(0, 1_000_000))
    .option('--now <when>', "freeze the simulators' clock at this instant (e.g. 2025-01-15T09:00:00Z): the same ids and call records every day", when)
    .option('--live', 'live mode: calls start and end, agents log in/out and change status, users are edited, over time (deterministic for the seed)')
    .option('--live-rates <calls,agents,users>', 'with --live: changes per minute (default 30,12,2)', liveRates)
    .option('--no-save', 'print the profiles but do not write them to the config file')
    .action(async (vendor: string, options: SimulateOptions, command: Command) => {
      if (vendor !== 'all' && !isVendorId(vendor)) throw usageError(`unknown vendor "${vendor}"`, `known vendors: ${VENDOR_IDS.join(', ')} (or all)`);
      const vendors: VendorId[] = vendor === 'all' ? [...VENDOR_IDS] : [vendor];
      const frozen = options.now?.getTime();
      const simOptions: SimulatorOptions = {
        seed: options.seed,
        ...(options.users !== undefined ? { users: options.users } : {}),
        ...(options.cdrs !== undefined ? { cdrs: options.cdrs } : {}),
        ...(frozen !== undefined ? { now: () => frozen } : {}),
        ...(options.live || options.liveRates ? { live: options.liveRates ?? true } : {}),
      };
      const out = rt.output(command);
      const running: RunningSimulator<unknown>[] = [];
      const stopped = new Promise<void>((resolve) => rt.signal.addEventListener('abort', () => resolve(), { once: true }));
      const { startSimulator } = await import('../../simulator.js'); // only this command runs simulators
      try {
        for (const id of vendors) {
          const port = options.port === 0 ? 0 : options.port + VENDOR_IDS.indexOf(id);
          if (port > 65535) throw usageError(`port ${port} (for ${id}) is above 65535`, 'choose a lower --port');
          running.push(await startSimulator(id, { ...simOptions, port }));
          if (rt.signal.aborted) break;
        }
        const rows: SimRow[] = await Promise.all(running.map(async (sim) => ({
          vendor: sim.vendor,
          name: (await loadVendor(sim.vendor))!.name,
          url: sim.url,
          profile: simProfile(sim.vendor),
          credentials: sim.credentials,
        })));
        const path = configPath(rt.globals(command), rt.env);
        if (options.save) {
          const profiles: Record<string, Profile> = Object.fromEntries(
            rows.map((r) => [
              r.profile,
              { vendor: r.vendor, baseUrl: r.url, credentials: r.credentials as Record<string, unknown>, description: `unipbx simulate (seed ${options.seed})` },
            ]),
          );
          saveProfiles(path, profiles, rt.env);
        }
        await out.note(`unipbx simulators, seed ${options.seed}${options.now ? `, clock frozen at ${options.now.toISOString()}` : ''}\n\n`);
        await out.list(rows, SIM);
        // A config file given with --config must be named again, or the hint would use the default one.
        const configFlag = rt.globals(command).config !== undefined ? `--config ${shellWord(rt.globals(command).config!)} ` : '';
        const example = `npx unipbx ${configFlag}--profile ${rows[0]?.profile ?? '<name>'} users list`;
        await out.note(
          [
            '',
            options.save
              ? `profiles ${rows.map((r) => r.profile).join(', ')} written to ${displayPath(path, rt.env)}`
              : 'profiles not saved (--no-save): use --vendor, --base-url and --cred with the values above',
            `in another terminal: ${example}`,
            'Ctrl-C stops the simulators.',
          ].join('\n'),
        );
        await stopped;
      } finally {
        await Promise.all(running.map((sim) => sim.close()));
      }
      if (running.length > 0) rt.io.err('simulators stopped');
    });
}
