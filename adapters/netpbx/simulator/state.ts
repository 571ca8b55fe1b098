/** The simulated tenant's data: users, groups with their members and live queue state, and tokens. Tests may inspect and change it. */
import type { TokenStore } from './tokens.js';

export type UserRole = 'TenantAdmin' | 'Standard';

export interface UserRecord {
  /** Assumption: an integer identity, as ASP.NET applications over SQL Server usually have. */
  readonly id: number;
  /** Login name. */
  readonly userName: string;
  password: string;
  readonly role: UserRole;
  firstName: string;
  lastName: string;
  email: string | null;
  readonly extension: string | null;
  mobileNumber: string | null;
  /** A MEX (mobile extension) user: "Update a user mobile number (Not affecting MEX users)". */
  readonly mex: boolean;
  readonly language: string;
}

/** Live status of a member in a queue pulse. `WrapUp` only occurs in customer center groups (documented). */
export type PulseStatus = 'Available' | 'Busy' | 'Paused' | 'WrapUp' | 'LoggedOut';

export interface MemberRecord {
  loggedIn: boolean;
  status: PulseStatus;
}

export interface GroupRecord {
  readonly id: number;
  readonly name: string;
  /** The group type, as NetPBX names it (assumed names, see docs/netpbx.md). */
  readonly type: string;
  /** The same type as the C# enum's integer, which Json.NET writes by default (the numbers are an assumption). */
  readonly typeCode: number;
  readonly extension: string;
  /** True for the types that have queue pulses. */
  readonly queue: boolean;
  /** Members by user id, in the order they were added. */
  readonly members: Map<number, MemberRecord>;
  /** Waiting callers now (a fixed snapshot) and the longest current wait, in seconds. */
  callsWaiting: number;
  longestWaitSeconds: number;
}

export class SimState {
  readonly users = new Map<number, UserRecord>();
  readonly groups = new Map<number, GroupRecord>();

  constructor(
    readonly now: () => number,
    readonly tokens: TokenStore,
  ) {}

  addUser(user: UserRecord): void {
    this.users.set(user.id, user);
  }

  /** Assumption: emails are unique per tenant and compared case-insensitively (the lookup returns one user). */
  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === wanted);
  }

  userByExtension(extension: string): UserRecord | undefined {
    return [...this.users.values()].find((u) => u.extension === extension.trim());
  }

  /** Assumption: login names match case-insensitively. */
  userByLogin(name: string): UserRecord | undefined {
    const wanted = name.trim().toLowerCase();
    return [...this.users.values()].find((u) => u.userName.toLowerCase() === wanted);
  }

  /** Users and groups share the numbering plan. */
  extensionTaken(extension: string): boolean {
    return this.userByExtension(extension) !== undefined || [...this.groups.values()].some((g) => g.extension === extension);
  }
}
