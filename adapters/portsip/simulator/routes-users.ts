/** Users: `/api/users` (list, create, get, update, destroy) and the signed-in account's `/api/user`. */
import subset from '../openapi/portsip-v22.0.subset.json' with { type: 'json' };
import { passwordProblems, voicemailPinProblems } from '../policy.js';
import { conflict, invalid, notFound } from './errors.js';
import { rfc3339 } from './format.js';
import { EXTENSION_PATTERN, blankToNull, bodyOf, param, requireAdmin, type SimApp } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import type { Field } from './odata.js';
import type { SimState, UserRecord } from './state.js';

const TEXT_FIELDS = ['email', 'display_name', 'mobile_phone', 'work_phone', 'home_phone', 'address', 'department'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** Every other documented property of an update is a detail-only setting, stored and returned as sent (the PIN is never returned). */
const SETTINGS: readonly string[] = Object.keys(subset.operations['POST /users/{id}'].requestBody.properties).filter(
  (key) => !(TEXT_FIELDS as readonly string[]).includes(key) && key !== 'enabled' && key !== 'voicemail_pin',
);

/** What the detailed representation shows for settings never set (the spec's defaults). */
const DEFAULT_SETTINGS = {
  enable_audio_recording: false,
  enable_video_recording: false,
  enable_dnd: false,
  enable_acb: false,
  enable_hot_desking: false,
  anonymous_outbound_calls: false,
  delivery_outbound_cid: true,
  sms: 'DISABLE',
  outbound_caller_ids: [],
  enable_voicemail_pin: true,
  enable_voicemail_notify: false,
  voicemail_play_datetime: 'DISABLE',
  preferred_transport: 'UDP',
};

// Assumption: tenant admins may create these built-in roles (custom roles are not simulated).
const CREATABLE_ROLES: ReadonlySet<string> = new Set(['Admin', 'StandardUser', 'StandardInternationalUser', 'QueueManager']);
/** Letters, digits, `_ - ' .`, not starting or ending with a period (spec prose). */
const USERNAME = /^(?!\.)[A-Za-z0-9_'.-]+(?<!\.)$/;
const RESERVED_NAMES: ReadonlySet<string> = new Set(['admin', 'system', 'administrator', 'root']);

type UserText = Partial<Record<TextField, string>>;
interface UserUpdateBody extends UserText {
  readonly enabled?: boolean;
  readonly voicemail_pin?: string;
  readonly [setting: string]: unknown;
}
interface UserCreateBody extends UserUpdateBody {
  readonly name: string;
  readonly password: string;
  readonly role: string;
  readonly extension_number: string;
  readonly extension_password: string;
  readonly voicemail_pin: string;
}

const text = (get: (u: UserRecord) => string | null): Field<UserRecord> => ({ type: 'string', get });

export const USER_LIST: ListSpec<UserRecord> = {
  fields: {
    id: text((u) => u.id),
    name: text((u) => u.name),
    enabled: { type: 'boolean', get: (u) => u.enabled },
    email: text((u) => u.email),
    display_name: text((u) => u.display_name),
    role: text((u) => u.role),
    mobile_phone: text((u) => u.mobile_phone),
    work_phone: text((u) => u.work_phone),
    home_phone: text((u) => u.home_phone),
    address: text((u) => u.address),
    department: text((u) => u.department),
    extension_number: text((u) => u.extension_number),
    created_at: { type: 'date', get: (u) => u.created_at },
  },
  searchIn: [text((u) => u.name), text((u) => u.display_name), text((u) => u.email), text((u) => u.extension_number)],
};

/** The list representation. */
export const userSummary = (u: UserRecord) => ({
  id: u.id,
  name: u.name,
  enabled: u.enabled,
  email: u.email,
  display_name: u.display_name,
  role: u.role,
  mobile_phone: u.mobile_phone,
  work_phone: u.work_phone,
  home_phone: u.home_phone,
  address: u.address,
  department: u.department,
  extension_number: u.extension_number,
  created_at: rfc3339(u.created_at),
});

/** The detailed representation (`GET /users/{id}`, `GET /user`); never the password, SIP password or PIN. */
export const userDetail = (u: UserRecord) => ({ ...userSummary(u), ...DEFAULT_SETTINGS, ...u.settings });

/** Text fields, enabled flag, PIN and settings present in `body`. */
function applyChanges(user: UserRecord, body: UserUpdateBody): void {
  for (const field of TEXT_FIELDS) if (body[field] !== undefined) user[field] = blankToNull(body[field]);
  if (body.enabled !== undefined) user.enabled = body.enabled;
  if (body.voicemail_pin !== undefined) user.voicemail_pin = body.voicemail_pin;
  for (const key of SETTINGS) if (body[key] !== undefined) user.settings[key] = body[key];
}

const pinProblems = (pin: string | undefined): string[] => (pin === undefined ? [] : voicemailPinProblems(pin).map((p) => `voicemail_pin ${p}`));

/** Both passwords of a new user against the tenant password policy (the simulated tenant keeps PortSIP's defaults). */
const passwordsProblems = (body: UserCreateBody): string[] =>
  (['password', 'extension_password'] as const).flatMap((field) =>
    passwordProblems(body[field], { name: body.name, extension: body.extension_number }).map((p) => `${field} ${p}`),
  );

export function userRoutes(app: SimApp, state: SimState): void {
  const find = (id: string): UserRecord => {
    const user = state.users.get(id);
    if (!user) throw notFound('user');
    return user;
  };

  app.get('/api/user', (c) => c.json(userDetail(c.get('account'))));

  app.get('/api/users', (c) => c.json(listPage((name) => c.req.query(name), () => state.users, USER_LIST, userSummary)));

  app.post('/api/users', (c) => {
    requireAdmin(c);
    const body = bodyOf<UserCreateBody>(c);
    const problems = [
      ...(EXTENSION_PATTERN.test(body.extension_number) ? [] : ['extension_number must be 3 to 64 digits']),
      ...(USERNAME.test(body.name) ? [] : ["name may only contain letters, digits, _ - ' . and cannot start or end with a period"]),
      ...(RESERVED_NAMES.has(body.name.toLowerCase()) ? [`name ${body.name} is reserved`] : []),
      ...(CREATABLE_ROLES.has(body.role) ? [] : [`role must be one of ${[...CREATABLE_ROLES].join(', ')}`]),
      ...passwordsProblems(body),
      ...pinProblems(body.voicemail_pin),
    ];
    if (problems.length) throw invalid(...problems);
    if (state.userByName(body.name)) throw conflict(`a user named ${body.name} already exists`);
    if (state.extensionTaken(body.extension_number)) throw conflict(`extension ${body.extension_number} is already in use`);
    const user: UserRecord = {
      id: state.newId(),
      name: body.name,
      password: body.password,
      role: body.role,
      extension_number: body.extension_number,
      extension_password: body.extension_password,
      voicemail_pin: body.voicemail_pin,
      email: null,
      display_name: null,
      enabled: true,
      mobile_phone: null,
      work_phone: null,
      home_phone: null,
      address: null,
      department: null,
      created_at: state.now(),
      settings: {},
    };
    applyChanges(user, body);
    state.addUser(user);
    return c.json({ id: user.id }, 201);
  });

  app.get('/api/users/:id', (c) => c.json(userDetail(find(param(c, 'id')))));

  app.post('/api/users/:id', (c) => {
    requireAdmin(c);
    const user = find(param(c, 'id'));
    const body = bodyOf<UserUpdateBody>(c);
    const problems = pinProblems(body.voicemail_pin);
    if (problems.length) throw invalid(...problems);
    applyChanges(user, body);
    return c.body(null, 200);
  });

  app.post('/api/users/:id/destroy', (c) => {
    const account = requireAdmin(c);
    const user = find(param(c, 'id'));
    // Assumption: an admin cannot delete the account it is signed in with.
    if (user.id === account.id) throw invalid('the signed-in account cannot be deleted');
    state.removeUser(user);
    return c.body(null, 204);
  });
}
