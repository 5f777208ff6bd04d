import { adminToken } from '@board-bridge/board-protocol';
import type { BoardSettings } from '../config/board-registry';
import type { CtrlTarget } from './ctrl-client';

/** §1.5: admin user name fixed `admin`, default password `admin`. */
const FACTORY_ADMIN_PASSWORD = 'admin';

export type CtrlSettings = NonNullable<BoardSettings['ctrl']>;

/**
 * The `/ctrl` token (board-protocol §1.5): the `token` of the registry entry as given, else the admin token
 * of its `password`, md5("admin|" + password) as lowercase hex. Neither given means the factory admin
 * password `admin` (§1.5: the default login, token 3f4bffa7…): a board whose password was changed then
 * answers 401, which the client reports as CtrlRejectedError.
 */
export function ctrlToken(ctrl: Pick<CtrlSettings, 'password' | 'token'>): string {
  if (ctrl.token !== undefined) return ctrl.token;
  return adminToken(ctrl.password ?? FACTORY_ADMIN_PASSWORD);
}

/** The client's target for a board's `ctrl` registry entry. */
export function ctrlTarget(ctrl: CtrlSettings): CtrlTarget {
  return { url: ctrl.url, token: ctrlToken(ctrl) };
}
