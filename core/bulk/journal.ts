/**
 * A bulk run's journal: which items (by key) were started and which are done, so that an
 * interrupted run (Ctrl-C, crash, `kill -9`) resumes without repeating what was done.
 *
 * The file journal appends one JSON line per event with a synchronous write before the
 * runner goes on: once `record` returns, the line is in the operating system's hands and
 * survives the process being killed. A torn last line (killed mid-write) is ignored.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What the journal knows of an item. `started`: sent, outcome not recorded (reconcile before repeating). */
export type JournalState = 'started' | 'done';

export interface BulkJournal {
  /** The state of every key recorded so far. */
  load(): ReadonlyMap<string, JournalState>;
  record(key: string, state: JournalState): void;
}

/** A journal kept in memory: resumes within one process (e.g. after an abort). */
export function memoryJournal(): BulkJournal {
  const states = new Map<string, JournalState>();
  return {
    load: () => new Map(states),
    record: (key, state) => void states.set(key, state),
  };
}

/** A journal in an append-only NDJSON file (created on first write). */
export function fileJournal(path: string): BulkJournal {
  let torn = false; // the file ends in a line cut short by a kill: start a new line first
  return {
    load() {
      const states = new Map<string, JournalState>();
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return states;
        throw error;
      }
      torn = text.length > 0 && !text.endsWith('\n');
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          const entry = JSON.parse(line) as { k?: unknown; s?: unknown };
          if (typeof entry.k === 'string' && (entry.s === 'started' || entry.s === 'done')) {
            if (states.get(entry.k) !== 'done') states.set(entry.k, entry.s);
          }
        } catch {
          // a line torn by a kill: that event did not happen
        }
      }
      return states;
    },
    record(key, state) {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${torn ? '\n' : ''}${JSON.stringify({ k: key, s: state })}\n`);
      torn = false;
    },
  };
}
