/**
 * Deterministic randomness for simulator seed data: the same seed gives the same PBX,
 * so exports and test expectations are reproducible.
 */

/** mulberry32: small, fast, good enough for test data (not for secrets). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedTools {
  readonly random: () => number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  person(): { firstName: string; lastName: string };
  /** An id-like token of `length` characters from [A-Za-z0-9]. */
  token(length: number): string;
  /** `count` random decimal digits. */
  digits(count: number): string;
  /** A Swedish mobile number in E.164 (`+467…`). */
  mobile(): string;
}

const FIRST = ['Alice', 'Bob', 'Carla', 'David', 'Emma', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Karin', 'Leo', 'Maja', 'Nils', 'Olga', 'Pablo', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wim', 'Yara', 'Zoe'];
const LAST = ['Andersson', 'Berg', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Martin', 'Nowak', 'Olsen', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function seedTools(seed: number): SeedTools {
  const random = seededRandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const digits = (count: number): string => Array.from({ length: count }, () => int(0, 9)).join('');
  return {
    random,
    int,
    pick,
    chance: (probability) => random() < probability,
    person: () => ({ firstName: pick(FIRST), lastName: pick(LAST) }),
    token: (length) => Array.from({ length }, () => pick([...ALPHABET])).join(''),
    digits,
    mobile: () => `+467${int(0, 9)}${digits(7)}`,
  };
}

/** Midnight UTC of the day `now` falls in: seed data is anchored there so one seed gives one dataset per day. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
