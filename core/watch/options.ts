/** The options of `pbx.watch()`, validated before anything is sent. */
import * as z from 'zod';
import { watchOptionsShape } from './options-shape.js';

export const WatchOptionsSchema = z.strictObject(watchOptionsShape());

export type WatchOptions = z.input<typeof WatchOptionsSchema>;
