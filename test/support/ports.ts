/**
 * Ports for a server a test starts in another process (a simulator, PostgreSQL), chosen below
 * the kernel's ephemeral range. A port from `listen(0)` is in that range: after it is closed,
 * before the other process binds it, one of the many connections the test files open in
 * parallel may take it as its local port (EADDRINUSE, seen in CI).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The first port the kernel hands out for outgoing connections (Linux; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** True when `port` can be listened on now. */
function bindable(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port such that it and the `count - 1` after it are free now, below the ephemeral range. */
export async function freePorts(count = 1): Promise<number> {
  const high = Math.min(ephemeralLow(), 65536) - count;
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * (high - 20000));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(bindable))).every(Boolean)) return base;
  }
}
