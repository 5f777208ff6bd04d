import { BoardProtocolError, parseAesSecret } from '@board-bridge/board-protocol';
import { z } from 'zod';
import { guardsSchema } from './guards-schema';
import { forwardingSchema } from './forwarding-schema';
import { homeAssistantBoardSchema } from './homeassistant-registry';

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
  /** Plaintext messages from this board are dropped and counted (board-protocol §4, docs/security-boards.md). */
  requireEncryption: z.boolean().optional(),
  /** Uploads naming this board must carry this secret in their URL or a header (board-protocol §1.1, §4.5). */
  uploadSecret: z.string().regex(/^[A-Za-z0-9._~-]{16,128}$/,
    'must be 16–128 URL-safe characters (letters, digits, . _ ~ -)').optional(),
  /** Home Assistant entities of this board (docs/home-assistant.md). */
  ha: homeAssistantBoardSchema.optional(),
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
  /** Limits and destination rules for commands that cost money (docs/cost-guards.md). */
  guards: guardsSchema.optional(),
  /** Rules sending events to HTTP receivers and chat bots (docs/forwarding.md). */
  forwarding: forwardingSchema.optional(),
}).strict().superRefine(checkEncryptionKeys);

export type BoardSettings = z.infer<typeof boardSchema>;
export type RegistryFile = z.infer<typeof registrySchema>;

/** A board that requires encryption needs a key of its own or from `defaults` (else nothing it sends is admitted). */
function checkEncryptionKeys(r: { defaults?: BoardSettings; boards: Record<string, BoardSettings> }, ctx: z.RefinementCtx):
  void {
  for (const [id, own] of Object.entries(r.boards)) {
    const b = { ...r.defaults, ...own };
    if (b.requireEncryption && !b.aesKey) {
      ctx.addIssue({ code: 'custom', path: ['boards', id, 'requireEncryption'], message: 'needs aesKey and aesIv' });
    }
  }
}
