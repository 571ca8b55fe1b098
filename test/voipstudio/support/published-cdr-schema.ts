/**
 * VoIPStudio's CDR as a published client declares it: the JSON schema of the Singer tap
 * `afonsodiniz/tap-voipstudio` (`tap_voipstudio/schemas/cdrs.json`, which reads
 * `GET https://l7api.com/v1.2/voipstudio/cdrs` with `X-Auth-Token`), transcribed. One change:
 * `charge` may also be a numeric string, as VoIPStudio is seen sending it (vendor notes
 * "charge (number or string)"; VoIPstudio/google-data-studio-connector sums it as a number).
 * `additionalProperties: false` is the tap's own.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: ['null', type], ...extra });

export const PUBLISHED_CDR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    call_id: nullable('integer'),
    duration: nullable('integer'),
    id: nullable('integer'),
    live_id: nullable('integer'),
    parent_live_id: nullable('integer'),
    user_id: nullable('integer'),
    sip_endpoint_id: nullable('integer'),
    server_id: nullable('integer'),
    type: nullable('string'),
    calldate: nullable('string'),
    clid: nullable('string'),
    src_id: nullable('string'),
    src_name: nullable('string'),
    src: nullable('string'),
    src_ua: nullable('string'),
    src_codec: nullable('string'),
    dst_id: nullable('string'),
    dst: nullable('string'),
    dst_name: nullable('string'),
    dst_ua: nullable('string'),
    dst_codec: nullable('string'),
    billsec: nullable('integer'),
    disposition: nullable('string'),
    destination: nullable('string'),
    context: nullable('string'),
    rate: nullable('number'),
    charge: { anyOf: [nullable('number'), { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }] },
    t_cause: nullable('string'),
    info: nullable('string'),
    labels: nullable('array'),
    metadata: nullable('string'),
    nb_notes: nullable('integer'),
  },
} as const;

/** Validates one CDR (`validCdr.errors` tells why not). */
export const validCdr = new Ajv2020({ allErrors: true }).compile(PUBLISHED_CDR_SCHEMA);
