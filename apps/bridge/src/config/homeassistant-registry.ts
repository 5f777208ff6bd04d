import { z } from 'zod';

/** The sendsms `to` pattern (libs/board-protocol commands/param-builders.ts SMS_DESTINATION_PATTERN). */
const destination = z.string().regex(/^\+?[0-9]{1,31}$/, 'must be a phone number: digits with an optional leading +');

/**
 * A board's `ha:` entry in BOARDS_FILE (docs/home-assistant.md): where its HA `notify` entities send SMS.
 * One number for both SIM slots, or one per slot (`{ 1: "+86…", 2: "+86…" }`); a slot without one gets no
 * notify entity.
 */
export const homeAssistantBoardSchema = z.object({
  notifyTo: z.union([destination, z.object({ 1: destination.optional(), 2: destination.optional() }).strict()])
    .optional(),
}).strict();
