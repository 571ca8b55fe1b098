/**
 * Resolving a {@link UserRef} to what a vendor keys its calls on. PortSIP keys queue agents
 * and group members by extension, VoIPStudio and NetPBX by user id; a ref that already has
 * the needed key costs nothing, otherwise one lookup.
 */
import { NotFoundError, type PbxErrorContext } from './errors.js';
import type { UserRef } from './inputs.js';
import type { User } from './model.js';

/** The extension of `ref`, looking the user up by id when the ref has none. */
export async function extensionOf(ref: UserRef, getUser: (id: string) => Promise<User>, context: PbxErrorContext): Promise<string> {
  if (ref.extension !== undefined) return ref.extension;
  const user = await getUser(ref.id as string);
  if (user.extension === undefined) throw new NotFoundError(`${context.vendor} ${context.operation}: user ${ref.id} has no extension`, context);
  return user.extension;
}

/** The user id of `ref`, looking the user up by extension when the ref has none. */
export async function userIdOf(ref: UserRef, findByExtension: (extension: string) => Promise<User | null>, context: PbxErrorContext): Promise<string> {
  if (ref.id !== undefined) return ref.id;
  const user = await findByExtension(ref.extension as string);
  if (!user) throw new NotFoundError(`${context.vendor} ${context.operation}: no user has extension ${ref.extension}`, context);
  return user.id;
}
