/** How the simulator writes its replies: the views of its records (PascalCase) and the key casing. */
import type { Casing, GroupTypeFormat } from './options.js';
import type { GroupRecord, MemberRecord, UserRecord } from './state.js';

/** A user as every user route returns it (never the password). `Language` and `IsMexUser` are keys the adapter does not read (they stay in `raw`). */
export const userView = (u: UserRecord) => ({
  UserId: u.id,
  UserName: u.userName,
  FirstName: u.firstName,
  LastName: u.lastName,
  Email: u.email,
  Extension: u.extension,
  MobileNumber: u.mobileNumber,
  Role: u.role,
  Language: u.language,
  IsMexUser: u.mex,
});

/** A group; its `Type` as a name or as the enum's integer (see `GroupTypeFormat`). */
export const groupView = (g: GroupRecord, typeFormat: GroupTypeFormat) => ({
  GroupId: g.id,
  Name: g.name,
  Type: typeFormat === 'integer' ? g.typeCode : g.type,
  Extension: g.extension,
  MemberCount: g.members.size,
});

export const memberView = (user: UserRecord, member: MemberRecord) => ({
  MemberId: user.id,
  FirstName: user.firstName,
  LastName: user.lastName,
  Extension: user.extension,
  LoggedIn: member.loggedIn,
});

/** A .NET TimeSpan as Json.NET writes it: `hh:mm:ss`, with `d.` in front past a day. */
export function timeSpan(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const clock = `${two(Math.floor((s % 86_400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return days ? `${days}.${clock}` : clock;
}

export const pulseView = (g: GroupRecord) => ({
  GroupId: g.id,
  Name: g.name,
  CallsWaiting: g.callsWaiting,
  LongestWaitTime: timeSpan(g.longestWaitSeconds),
  LoggedInMembers: [...g.members.values()].filter((m) => m.loggedIn).length,
  Members: [...g.members].map(([memberId, m]) => ({ MemberId: memberId, Status: m.status })),
});

const camel = (key: string): string => (/^[A-Z]/.test(key) ? key[0]!.toLowerCase() + key.slice(1) : key);

/** `value` with every PascalCase key in camelCase (`ModelState` values' keys too), for camelCase servers. */
export function withCasing(value: unknown, casing: Casing): unknown {
  if (casing === 'PascalCase' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withCasing(item, casing));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [camel(key), withCasing(item, casing)]));
}
