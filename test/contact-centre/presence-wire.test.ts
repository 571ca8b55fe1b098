/**
 * users.presence on the wire for VoIPStudio (the user record's dnd / nb_sip_locations) and
 * NetPBX (queue pulses), with their nock mocks. PortSIP's is in test/portsip/wire-v223.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Wire, netpbxClient, fixture as netpbxFixture } from '../netpbx/support/wire.js';
import { WireMock, useNock, vsClient } from '../voipstudio/support/wire.js';
import { fixture } from '../voipstudio/support/fixtures.js';

useNock();

describe('VoIPStudio users.presence: GET /users/{id} per user', () => {
  it('dnd → dnd; registered SIP clients → available, none → offline; a 404 leaves the user out', async () => {
    const user = fixture('user.json');
    const wire = new WireMock()
      .login()
      .get('/users/4721', { fixture: 'user.json' })
      .get('/users/4722', { reply: { data: { ...user.data, id: 4722, nb_sip_locations: 0 } } })
      .get('/users/4723', { reply: { data: { ...user.data, id: 4723, dnd: true } } })
      .get('/users/4724', { status: 404, fixture: 'error-not-found.json' });
    const presence = await vsClient().users.presence(['4721', '4722', '4723', '4724']);
    wire.done();
    expect(presence.map((p) => [p.userId, p.state, p.dnd, p.registeredDevices])).toEqual([
      ['4721', 'available', false, 2],
      ['4722', 'offline', false, 0],
      ['4723', 'dnd', true, 2],
    ]);
  });
});

describe('NetPBX users.presence: GET api/v1/users + GET api/v1/queuepulses', () => {
  it('the first queue-pulse status that says something; users in no queue group are unknown; unknown ids left out', async () => {
    const users = netpbxFixture('users.json') as Array<{ UserId: number }>;
    const wire = new Wire().login().get('/users', { reply: users }).get('/queuepulses', { reply: netpbxFixture('queuepulses.json') });
    const ids = [...users.map((u) => String(u.UserId)), '999999'];
    const presence = await netpbxClient().users.presence(ids);
    wire.done();
    const byId = Object.fromEntries(presence.map((p) => [p.userId, p.state]));
    expect(byId['1042']).toBe('available');
    expect(byId['1043']).toBe('busy');
    expect(byId['1001']).toBe('unknown');
    expect(byId['999999']).toBeUndefined();
    expect(presence).toHaveLength(users.length);
  });
});
