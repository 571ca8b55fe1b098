#!/usr/bin/env node
/**
 * `unipbx`: one command line for every PBX vendor unipbx supports, built on the public
 * library API, with clients made through the registry's store (`../vendors.js`) so that a
 * command loads only the vendor it talks to and `--help` none (docs/cli.md, "Start-up").
 * Exit codes: exit-codes.ts (and README.md, "Command line").
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Help, Option } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerCapabilities } from './commands/capabilities.js';
import { registerCdrs } from './commands/cdrs.js';
import { registerContactCentre } from './commands/contact-centre.js';
import { registerCompletion } from './commands/completion.js';
import { registerCdrsSync } from './commands/cdrs-sync.js';
import { registerExportState } from './commands/export-state.js';
import { registerGroups } from './commands/groups.js';
import { registerPlan } from './commands/plan.js';
import { registerQueues } from './commands/queues.js';
import { registerSimulate } from './commands/simulate.js';
import { registerUsers } from './commands/users.js';
import { registerWhoami } from './commands/whoami.js';
import { isPbxError } from '../../core/errors.js';
import { registerWatch } from './commands/watch.js';
import { Runtime } from './context.js';
import { formatError, scrub } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { Io } from './output.js';
import { collect, integer } from './parse.js';
import { loadPlugins } from './plugins.js';

/** The package version, from the nearest package.json up the tree (works from src/ and dist/). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'unipbx' && pkg.version) return pkg.version;
    } catch {
      // keep looking
    }
  }
  return '0.0.0';
}

const EPILOG = `
Connection (for every command but capabilities and simulate), highest precedence first:
  flags            --vendor, --base-url, --cred key=value, --cred-env key=ENV_VAR
  --profile NAME   a profile of the config file (also UNIPBX_PROFILE, below the environment)
  environment      UNIPBX_VENDOR, UNIPBX_BASE_URL, UNIPBX_CREDENTIALS='{"username":"…","password":"…"}'
  config file      --config, UNIPBX_CONFIG, or ~/.config/unipbx/config.json:
                   { "profiles": { "NAME": { "vendor": "…", "baseUrl": "…",
                     "credentials": { "username": "…", "password": { "env": "PBX_PASSWORD" } } } } }
  Credentials from a profile or UNIPBX_CREDENTIALS go only to the base URL (and vendor) of the
  same source; to send them to another server, give --base-url and --cred / --cred-env.

Exit codes: 0 ok, 1 other error, 2 usage, 3 not found, 4 authentication, 5 unsupported by the
vendor, 6 other vendor error, 7 PBX unreachable, 130 interrupted.

Try it without a PBX: \`unipbx simulate all\`, then \`unipbx --profile sim-<vendor> users list\`.`;

function buildProgram(rt: Runtime): Command {
  const program = new Command('unipbx')
    .description('One command line for every PBX: users, groups, queues and call records, whatever the vendor.')
    .version(version(), '-V, --version')
    .option('--profile <name>', 'connection profile from the config file')
    .option('--config <file>', 'config file (default: $UNIPBX_CONFIG or ~/.config/unipbx/config.json)')
    .option('--plugin <module>', 'load a vendor plugin (repeatable; also "plugins" in the config file)', collect)
    .option('--vendor <id>', 'PBX vendor (default: $UNIPBX_VENDOR or the profile\'s)')
    .option('--base-url <url>', 'PBX API base URL (default: $UNIPBX_BASE_URL or the profile\'s)')
    .option('--cred <key=value>', 'a credentials field, repeatable (prefer --cred-env for secrets)', collect)
    .option('--cred-env <key=VAR>', 'a credentials field read from an environment variable, repeatable', collect)
    .option('--ca <file>', 'a PEM file of the CA (or self-signed certificate) the PBX certificate is signed with, trusted for this PBX only (or "ca" in a profile)')
    .option('--timeout <ms>', 'time limit of the whole command in ms, sign-in included (and of each HTTP request)', integer(1, 2_147_483_647))
    .addOption(new Option('--json', 'JSON output').conflicts(['ndjson', 'csv']))
    .addOption(new Option('--ndjson', 'newline-delimited JSON output, one record per line').conflicts(['csv']))
    .option('--csv', 'CSV output')
    .option('--unsafe-csv', "write CSV cells exactly, even text a spreadsheet would run as a formula (=, +, -, @, tab, CR); default: such cells get a leading '")
    .addOption(new Option('--raw', "include each record's vendor payload (raw) in JSON and NDJSON output (not with --csv; tables ignore it)").conflicts('csv'))
    .option('--progress', 'show progress bars even when stderr is not a terminal')
    .option('--no-progress', 'never show progress bars')
    .option('-q, --quiet', 'no progress bars')
    .option('--debug', 'on errors, print details and stack traces')
    .addHelpText('after', EPILOG)
    // Set before the commands are added, which copy it: their help lists the global options too.
    .configureHelp({
      showGlobalOptions: true,
      // Options a command cannot run without say so in its help.
      optionDescription(option) {
        const text = Help.prototype.optionDescription.call(this, option);
        return option.mandatory ? `${text} (required)` : text;
      },
    })
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => rt.io.stdout.write(text),
      writeErr: (text) => rt.io.stderr.write(scrub(text)),
      outputError: (text, write) => write(`unipbx: ${text.replace(/^error: /, '')}`),
    });

  registerUsers(program, rt);
  registerGroups(program, rt);
  registerQueues(program, rt);
  registerContactCentre(program, rt);
  registerCdrs(program, rt);
  registerCdrsSync(program, rt);
  registerCapabilities(program, rt);
  registerWhoami(program, rt);
  registerWatch(program, rt);
  registerSimulate(program, rt);
  registerPlan(program, rt);
  registerApply(program, rt);
  registerExportState(program, rt);
  registerCompletion(program, rt);

  program.hook('preAction', (_program, action) => {
    rt.command = commandPath(action);
  });
  // Every command: commander's errors as our usage errors, with a pointer to the right help.
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) {
    command.exitOverride().showHelpAfterError(`hint: \`${commandPath(command)} --help\` shows the usage`);
  }
  return program;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** `--timeout` in ms when the command ran out of it (our timer fired, or the library's deadline of a call did). */
function timedOut(error: unknown, rt: Runtime): number | undefined {
  if (rt.timedOutAfter !== undefined) return rt.timedOutAfter;
  const deadline = isPbxError(error, 'TIMEOUT') && (error as { kind?: string }).kind === 'deadline';
  return deadline ? rt.timeoutBudget : undefined;
}

/** Runs the command line; resolves with the exit code. */
async function main(argv: readonly string[], rt: Runtime): Promise<ExitCode> {
  const plugins = await loadPlugins(argv, rt.env).then(() => undefined, (error: unknown) => ({ error }));
  const program = buildProgram(rt);
  try {
    if (plugins) throw plugins.error;
    await program.parseAsync([...argv], { from: 'user' });
    rt.finish();
    return EXIT.OK;
  } catch (error) {
    rt.finish();
    if (error instanceof CommanderError) {
      // Commander has printed its message (help, version, or a usage error) already.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const debug = Boolean(program.opts()['debug']) || argv.includes('--debug');
    const connection = rt.connection;
    const { exitCode, text } = formatError(
      error,
      {
        ...(rt.command ? { command: rt.command } : {}),
        ...(connection ? { vendor: connection.vendor, baseUrl: connection.baseUrl, ...(connection.profile ? { profile: connection.profile } : {}) } : {}),
        ...(rt.interruptedBy ? { interruptedBy: rt.interruptedBy } : {}),
        ...(timedOut(error, rt) !== undefined ? { timedOutAfter: timedOut(error, rt)! } : {}),
      },
      debug,
    );
    if (exitCode !== EXIT.OK) rt.io.stderr.write(text);
    return exitCode;
  }
}

{
  const rt = new Runtime(new Io(process.stdout, process.stderr), process.env);
  rt.stdin = process.stdin;
  // The first Ctrl-C / SIGTERM cancels what is running (requests, exports) cleanly; a second one exits at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (rt.interruptedBy) process.exit(signal === 'SIGTERM' ? 143 : EXIT.INTERRUPTED);
      rt.interrupt(signal);
    });
  }
  // `unipbx … | head`: a closed pipe ends the output, it is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? EXIT.OK : EXIT.ERROR));
  const code = await main(process.argv.slice(2), rt);
  // Let stdout drain (pipes may be asynchronous), then exit without waiting for idle keep-alive sockets.
  process.stdout.write('', () => process.exit(code));
}
