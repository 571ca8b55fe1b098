/**
 * The examples of README.md's "Command line" section are real: every ```console block there
 * is run as written (`npx unipbx …` is the built CLI, `VAR=value npx unipbx …` with that
 * environment; `$ echo $?` is the previous command's exit code; `$ head -n N FILE` a file's
 * first lines), in order, in one temporary home, and
 * what they print must be what the README shows. The one `simulate` example keeps running
 * while the others use the profiles it wrote; only its base port differs (a free one, shown
 * as the default in the output, and mapped back in the commands).
 *
 * `UNIPBX_UPDATE_README=1 npx vitest run test/cli/readme.test.ts` rewrites the blocks with
 * what the commands print (only inside that section).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { VENDOR_IDS } from '../../src/index.js';
import { DEFAULT_SIM_PORT } from '../../src/cli/commands/simulate.js';
import { freePorts } from '../support/ports.js';
import { cleanEnv, exited, killLeftovers, outputOf, removeDir, run, spawnCli, tempDir } from './support.js';
import type { ChildProcess } from 'node:child_process';

vi.setConfig({ testTimeout: 240_000 });
afterAll(killLeftovers);

const README = new URL('../../README.md', import.meta.url);
const SECTION = '## Command line';
const UPDATE = process.env['UNIPBX_UPDATE_README'] === '1';

interface Step {
  readonly command: string;
  readonly expected: string;
}

interface Block {
  /** Offsets of the block's content (between the fences) in the README. */
  readonly start: number;
  readonly end: number;
  readonly steps: Step[];
}

/** The ```console blocks of the CLI section. */
function blocks(readme: string): Block[] {
  const from = readme.indexOf(`\n${SECTION}\n`);
  if (from < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const next = readme.indexOf('\n## ', from + SECTION.length + 2);
  const to = next < 0 ? readme.length : next;
  const found: Block[] = [];
  const fence = /```console\n([\s\S]*?)```/g;
  fence.lastIndex = from;
  for (let m = fence.exec(readme); m && m.index < to; m = fence.exec(readme)) {
    const start = m.index + '```console\n'.length;
    const steps: Step[] = [];
    for (const chunk of m[1]!.split(/^(?=\$ )/m).filter((c) => c.startsWith('$ '))) {
      const [first, ...rest] = chunk.split('\n');
      steps.push({ command: first!.slice(2), expected: rest.join('\n') });
    }
    found.push({ start, end: start + m[1]!.length, steps });
  }
  return found;
}

/** Splits a shell command line (quotes, also inside a word as in `VAR='{…}'`; no expansions). */
function words(line: string): string[] {
  return [...line.matchAll(/(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)+/g)].map(([word]) =>
    word.replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"/g, (_all, single: string | undefined, double: string | undefined) => single ?? double!.replace(/\\(.)/g, '$1')),
  );
}

/** Leading `NAME=value` words of a command line: its environment. */
function assignments(argv: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  while (argv[0] && /^[A-Za-z_]\w*=/.test(argv[0])) {
    const word = argv.shift()!;
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  return env;
}

describe('README.md, "Command line"', () => {
  const home = tempDir();
  let simulator: ChildProcess | undefined;

  afterAll(async () => {
    if (simulator && simulator.exitCode === null) {
      simulator.kill('SIGINT');
      await exited(simulator);
    }
    removeDir(home);
  });

  it('shows what the commands print', async () => {
    const readme = readFileSync(README, 'utf8');
    const found = blocks(readme);
    expect(found.length, 'console blocks').toBeGreaterThan(1);
    const base = await freePorts(VENDOR_IDS.length);
    const env = cleanEnv(home);
    // The ports the test uses, shown as the defaults a reader gets (and the other way round in commands).
    const mapPorts = (text: string, from: number, to: number) =>
      text.replace(/127\.0\.0\.1:(\d+)/g, (all, port: string) => {
        const index = Number(port) - from;
        return index >= 0 && index < VENDOR_IDS.length ? `127.0.0.1:${to + index}` : all;
      });
    const normalize = (text: string) => mapPorts(text, base, DEFAULT_SIM_PORT);

    let lastCode: number | null = 0;
    const actual: string[][] = [];
    for (const block of found) {
      const outputs: string[] = [];
      for (const step of block.steps) {
        const argv = words(mapPorts(step.command, DEFAULT_SIM_PORT, base));
        const stepEnv = { ...env, ...assignments(argv) };
        let output: string;
        if (argv[0] === 'echo' && argv[1] === '$?') {
          output = `${lastCode}\n`;
        } else if (argv[0] === 'head' && argv[1] === '-n') {
          output = readFileSync(join(home, argv[3]!), 'utf8').split('\n').slice(0, Number(argv[2])).join('\n') + '\n';
        } else {
          expect(argv.slice(0, 2), `"${step.command}" must start with npx unipbx`).toEqual(['npx', 'unipbx']);
          const args = argv.slice(2);
          if (args.includes('simulate')) {
            expect(simulator, 'one simulate example').toBeUndefined();
            simulator = spawnCli([...args, '--port', String(base)], { env: stepEnv, cwd: home });
            const out = outputOf(simulator);
            await out.until((stdout) => stdout.includes('Ctrl-C stops the simulators.'), 60_000);
            output = out.stdout() + out.stderr();
          } else {
            const result = await run(args, { env: stepEnv, cwd: home });
            lastCode = result.code;
            output = result.stdout + result.stderr;
          }
        }
        outputs.push(normalize(output));
      }
      actual.push(outputs);
    }

    const rendered = found.map((block, b) => block.steps.map((step, s) => `$ ${step.command}\n${actual[b]![s]}`).join(''));
    if (UPDATE) {
      let next = readme;
      for (const [b, block] of [...found.entries()].reverse()) next = next.slice(0, block.start) + rendered[b] + next.slice(block.end);
      if (next !== readme) writeFileSync(README, next);
      return;
    }
    for (const [b, block] of found.entries()) {
      expect(rendered[b], `README.md console block ${b + 1} differs from what the commands print; after checking the change, run UNIPBX_UPDATE_README=1 npx vitest run test/cli/readme.test.ts`).toBe(readme.slice(block.start, block.end));
    }
  });
});
