import type { SessionOwner } from '../routing/routing-ports';

/**
 * The owner record `{instance, epoch, since}` that RedisOwnership writes and RedisCommandQueue and
 * RedisInstanceRegistry read inside their scripts: its format lives here, in TypeScript and in Lua.
 */

/** A record that is not valid JSON of the right shape counts as no record (someone else's garbage). */
export function parseOwnerRecord(raw: string | null): SessionOwner | null {
  if (raw === null) return null;
  try {
    const r = JSON.parse(raw) as Partial<SessionOwner>;
    if (typeof r.instance !== 'string' || !Number.isInteger(r.epoch) || typeof r.since !== 'number') return null;
    return { instance: r.instance, epoch: r.epoch as number, since: r.since };
  } catch {
    return null;
  }
}

/**
 * Lua helpers prepended to the scripts that check ownership. `owner_of(raw)` decodes a record (nil when
 * absent or malformed); `owned(raw, instance, epoch)` is the write fence of bridge-contract §4.
 */
export const OWNER_RECORD_LUA = `
local function owner_of(raw)
  if not raw then return nil end
  local ok, rec = pcall(cjson.decode, raw)
  if ok and type(rec) == 'table' and type(rec.instance) == 'string' then return rec end
  return nil
end
local function owned(raw, instance, epoch)
  local rec = owner_of(raw)
  return rec ~= nil and rec.instance == instance and rec.epoch == tonumber(epoch)
end
`;
