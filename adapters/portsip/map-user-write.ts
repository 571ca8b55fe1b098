/**
 * The bodies of PortSIP's user writes and the secrets a create needs. Apart from `map.ts`
 * because only the writes use them: they load with `users-write.ts` at the first write.
 */
import type { NewUser, UserChanges } from '../../core/port.js';
import { generatePassword, generateVoicemailPin } from './policy.js';

/** The generated secrets of a create, so the caller's redactor can mask them. */
export interface CreateSecrets {
  readonly password: string;
  readonly extensionPassword: string;
  readonly voicemailPin: string;
}

/** Secrets PortSIP requires on create; the caller's are used when given, the rest are random and satisfy PortSIP's policies (policy.ts). */
export function createSecrets(input: NewUser): CreateSecrets {
  const account = { name: input.username ?? input.extension, extension: input.extension };
  return {
    password: input.password ?? generatePassword(account),
    extensionPassword: input.sipPassword ?? generatePassword(account),
    voicemailPin: input.voicemailPin ?? generateVoicemailPin(),
  };
}

/** `POST /users` body (fields `name, password, email, display_name, role, extension_number, extension_password, voicemail_pin` are required by PortSIP). */
export function userCreateBody(input: NewUser, secrets: CreateSecrets): Record<string, unknown> {
  return {
    name: input.username ?? input.extension,
    password: secrets.password,
    email: input.email,
    display_name: input.displayName,
    role: input.role ?? 'StandardUser',
    extension_number: input.extension,
    extension_password: secrets.extensionPassword,
    voicemail_pin: secrets.voicemailPin,
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.mobile !== undefined ? { mobile_phone: input.mobile } : {}),
    ...(input.department !== undefined ? { department: input.department } : {}),
  };
}

/** `POST /users/{id}` body: only the changed fields. */
export function userUpdateBody(changes: UserChanges): Record<string, unknown> {
  return {
    ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
    ...(changes.email !== undefined ? { email: changes.email } : {}),
    ...(changes.mobile !== undefined ? { mobile_phone: changes.mobile } : {}),
    ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
    ...(changes.department !== undefined ? { department: changes.department } : {}),
  };
}
