// What a live watchdog's status socket says (its path: status-socket-path.ts): the one-line request
// `launch status` sends (the sessions whose screens it wants) and the one-line answer (every pane,
// those screens), each checked with zod on the side that reads it.
import { z } from 'zod';

export const statusRequestSchema = z.strictObject({
  /** The run asked about: socket names are short hashes, and a clash must not answer for another. */
  logDir: z.string(),
  sessions: z.array(z.string().min(1).max(256)).max(256),
});
export type StatusRequest = z.output<typeof statusRequestSchema>;

const paneSchema = z.strictObject({
  session: z.string(),
  paneId: z.string(),
  pid: z.number(),
  dead: z.boolean(),
  deadStatus: z.number().nullable(),
  // A watchdog started before this field existed does not send it.
  deadSignal: z.number().nullable().default(null),
  activity: z.number(),
  command: z.string(),
  width: z.number(),
  height: z.number(),
});

export const statusAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    panes: z.array(paneSchema),
    screens: z.array(z.tuple([z.string(), z.string().nullable()])),
  }),
  z.strictObject({ ok: z.literal(false), reason: z.string() }),
]);
export type StatusAnswer = z.output<typeof statusAnswerSchema>;
