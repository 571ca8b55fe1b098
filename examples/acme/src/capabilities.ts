/** What Acme PBX can do behind the unified API: users only; every other operation is unsupported, with the reason. */
import { completeManifest } from 'unipbx/adapter-kit';

const USER_FIELDS = ['displayName', 'firstName', 'lastName', 'email', 'mobile', 'department', 'enabled'];

export const ACME_CAPABILITIES = completeManifest(
  {
    'users.list': { support: 'native', requests: 1, note: 'GET /v2/extensions, cursor paging through `next` links (≤100 per page)' },
    'users.get': { support: 'native', requests: 1 },
    'users.findByEmail': { support: 'native', requests: 1, note: 'GET /v2/extensions?email=… (exact, case-insensitive)' },
    'users.findByExtension': { support: 'native', requests: 1, note: 'GET /v2/extensions?number=…' },
    'users.create': { support: 'native', requests: 1, fields: ['extension', 'role', ...USER_FIELDS], note: 'POST /v2/extensions; an unknown outcome is reconciled by number' },
    'users.update': { support: 'emulated', requests: 3, cost: 'GET + PUT of the whole record + verifying GET (PUT replaces the record)', fields: USER_FIELDS },
    'users.delete': { support: 'native', requests: 1 },
  },
  (operation) => (operation === 'whoami' ? 'the Acme API has no endpoint for the owner of an API key' : `the Acme API (v2) has extensions only: no groups, queues or call records (${operation})`),
);
