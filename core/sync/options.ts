/** The options of `cdrs.sync`, validated before anything is sent. */
import * as z from 'zod';
import { cdrSyncOptionsShape } from './options-shape.js';

export const CdrSyncOptionsSchema = z.strictObject(cdrSyncOptionsShape());

export type CdrSyncOptions = z.input<typeof CdrSyncOptionsSchema>;
