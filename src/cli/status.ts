/**
 * A status line on stderr while the command waits: after about a second without any output,
 * a spinner with what the command is waiting for and for how long. Only on a terminal (never
 * on a pipe or a file, never with --quiet); it disappears at the first output (stdout or
 * stderr, a progress bar's first draw) and when the command ends.
 */
import type { Writable } from 'node:stream';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface StatusOptions {
  /** Wait this long before showing anything (ms). Default 1000. */
  readonly afterMs?: number;
  /** Redraw interval (ms). Default 100. */
  readonly everyMs?: number;
}

export class StatusLine {
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;
  private frame = 0;
  private started = 0;

  constructor(
    private readonly stderr: Writable & { isTTY?: boolean },
    private readonly enabled: boolean,
    private readonly options: StatusOptions = {},
  ) {}

  /** Starts waiting for `label` (e.g. `waiting for the PBX at https://…`). */
  start(label: string): void {
    if (!this.enabled || !this.stderr.isTTY || this.timer) return;
    this.started = Date.now();
    const afterMs = this.options.afterMs ?? 1000;
    this.timer = setInterval(() => {
      const elapsed = Date.now() - this.started;
      if (elapsed < afterMs) return;
      this.stderr.write(`\r\x1b[K${FRAMES[this.frame++ % FRAMES.length]} ${label} (${Math.floor(elapsed / 1000)} s)`);
      this.drawn = true;
    }, this.options.everyMs ?? 100);
    this.timer.unref();
  }

  /** Removes the line (if drawn) and stops for good: something else is writing now. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
