import { BoardProtocolError, parseAesSecret } from '@board-bridge/board-protocol';
import { z } from 'zod';

const secret = z.string().min(1);
/** board-protocol §4.1: 16 ASCII characters, or 16 decimal / hex bytes separated by commas. */
const aesSecret = secret.superRefine((text, ctx) => {
  try {
    parseAesSecret(text);
  } catch (err) {
    if (!(err instanceof BoardProtocolError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});
const boardSchema = z.object({
  name: z.string().max(128).optional(),
  aesKey: aesSecret.optional(),
  aesIv: aesSecret.optional(),
  /** Hours from UTC of the board's clock (board-protocol §5.2: UTC+8 unless told otherwise). */
  timeZone: z.number().min(-12).max(14).optional(),
  /** board-protocol §2.4: the board's own field name → the standard name. */
  aliases: z.record(z.string(), z.string()).optional(),
  pingIntervalSec: z.number().int().min(10).max(86_400).optional(),
  transports: z.array(z.enum(['tcp', 'http'])).min(1).optional(),
  ctrl: z.object({
    url: z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL'),
    password: secret.optional(),
    token: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters').optional(),
  }).optional(),
}).strict().refine((b) => (b.aesKey === undefined) === (b.aesIv === undefined),
  { message: 'aesKey and aesIv go together' });

export const registrySchema = z.object({
  /** Refuse boards that are not listed below. */
  allowlist: z.boolean().optional(),
  defaults: boardSchema.optional(),
  boards: z.record(z.string().regex(/^[^/+#\u0000]{1,64}$/, 'board id must not contain / + # and be 1–64 chars'),
    boardSchema).default({}),
}).strict();

export type BoardSettings = z.infer<typeof boardSchema>;
export type RegistryFile = z.infer<typeof registrySchema>;
