/**
 * PortSIP's secret policies, as the v22.0 spec states them, and generators that satisfy them.
 *
 * - Voicemail PIN (`voicemail_pin`): 6 to 10 digits, no repeating numbers ("111", "222"),
 *   no sequential numbers ("012", "789").
 * - Password and SIP password: the tenant password policy (`GET /tenant/password_policy`),
 *   whose defaults are 6 to 32 characters with a letter, a digit and an upper-case letter or
 *   special character, no sequential or repeating characters, nothing similar to the account
 *   information. A tenant can change it, so the adapter does not check a caller's password
 *   (PortSIP answers 400); generated ones and the simulator follow the defaults.
 *
 * Assumption: "repeating" and "sequential" mean three characters in a row, as in the spec's
 * examples; sequences count in both directions ("210" too), letters case-insensitively.
 * Messages never quote the checked secret.
 */
import { randomInt } from 'node:crypto';

/** True when `text` has three letters or digits in a row whose codes move by `step` ("111": 0, "abc": 1, "cba": -1). */
function hasRun(text: string, step: 0 | 1 | -1): boolean {
  // Anything but a letter or digit is NaN, which never matches (and digit and letter codes are not adjacent).
  const codes = [...text.toLowerCase()].map((c) => (/[0-9a-z]/.test(c) ? c.charCodeAt(0) : Number.NaN));
  return codes.some((code, i) => i >= 2 && codes[i - 1]! - codes[i - 2]! === step && code - codes[i - 1]! === step);
}

function runProblems(text: string, kind: 'digits' | 'characters'): string[] {
  const [repeat, up, down] = kind === 'digits' ? ['"111"', '"012"', '"210"'] : ['"aaa"', '"abc"', '"321"'];
  return [
    ...(hasRun(text, 0) ? [`must not contain three repeating ${kind} (such as ${repeat})`] : []),
    ...(hasRun(text, 1) || hasRun(text, -1) ? [`must not contain three sequential ${kind} (such as ${up} or ${down})`] : []),
  ];
}

/** What breaks PortSIP's voicemail PIN policy (empty when the PIN satisfies it). */
export function voicemailPinProblems(pin: string): string[] {
  if (!/^[0-9]{6,10}$/.test(pin)) return ['must be 6 to 10 digits'];
  return runProblems(pin, 'digits');
}

/** Who a password belongs to, for the "not similar to the account information" rule. */
export interface PasswordAccount {
  readonly name?: string | undefined;
  readonly extension?: string | undefined;
}

/**
 * What breaks PortSIP's default tenant password policy (empty when `password` satisfies it).
 * Assumption: "similar to the account information" means containing the user name or the
 * extension number.
 */
export function passwordProblems(password: string, account: PasswordAccount = {}): string[] {
  const lower = password.toLowerCase();
  const accountParts = [account.name, account.extension].filter((p): p is string => p !== undefined && p.length >= 3);
  return [
    ...(password.length >= 6 && password.length <= 32 ? [] : ['must be 6 to 32 characters']),
    ...(/[A-Za-z]/.test(password) ? [] : ['must contain a letter']),
    ...(/[0-9]/.test(password) ? [] : ['must contain a digit']),
    ...(/[^a-z0-9]/.test(password) ? [] : ['must contain an upper-case letter or a special character']),
    ...runProblems(password, 'characters'),
    ...(accountParts.some((part) => lower.includes(part.toLowerCase())) ? ['must not contain the user name or extension number'] : []),
  ];
}

/** Letters, digits and the spec's special characters, without look-alikes (I, O, l, 0, 1). */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789~!@#$%^&*()_+=';

/** `length` characters of `alphabet`, crypto-random. */
const randomText = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A crypto-random 6-digit PIN satisfying the PIN policy (uniform over the valid ones; ~90% of draws pass). */
export function generateVoicemailPin(): string {
  let pin: string;
  do pin = randomText('0123456789', 6);
  while (voicemailPinProblems(pin).length);
  return pin;
}

/** A crypto-random 16-character password satisfying the default tenant policy for `account` (~84% of draws pass). */
export function generatePassword(account: PasswordAccount): string {
  let password: string;
  do password = randomText(PASSWORD_ALPHABET, 16);
  while (passwordProblems(password, account).length);
  return password;
}
