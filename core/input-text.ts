/** The text rule every input schema shares (`inputs.ts`, `inputs-contact-centre.ts`). */
import * as z from 'zod';

/** Control characters are never meaningful in ids or names and break logs and URLs. */
export const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/** Text of at most `max` characters without control characters. */
export const text = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).regex(NO_CONTROL_CHARS, 'must not contain control characters');
