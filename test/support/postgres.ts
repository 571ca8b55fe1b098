/**
 * A throw-away PostgreSQL server for tests: Debian's postgresql 15 binaries (installed by
 * .ci/run when missing), a fresh cluster in a temporary directory, on a free loopback port,
 * trust auth, stopped and removed by `stop()`. PostgreSQL refuses to run as root: as root the
 * binaries run as the `postgres` user (runuser), with the directory handed to it.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports.js';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  stop(): void;
}

const BIN = process.env['UNIPBX_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

function postgresUid(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL server binaries not found in ${BIN}: apt-get install -y postgresql (bash .ci/run does it), or set UNIPBX_PG_BIN`);
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'unipbx-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(root ? 'runuser' : join(BIN, tool), root ? ['-u', 'postgres', '--', join(BIN, tool), ...args] : args, { stdio: 'pipe', timeout: 60_000 });
  const port = await freePorts();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // fsync stays on: the crash tests are about durability.
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`, 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
