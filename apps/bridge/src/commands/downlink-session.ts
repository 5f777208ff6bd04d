/** What the command side needs of a board's TCP session (tcp/BoardSession implements it). */
export interface DownlinkSession {
  readonly id: number;
  readonly devId?: string;
  /** The ownership epoch this session holds (bridge-contract §4 fencing); undefined until claimed. */
  epoch?: number;
  readonly isOpen: boolean;
  /** Writes one frame; false when the session is closed or too slow to take it. */
  send(frame: object): boolean;
  close(reason: 'taken-over' | 'replaced'): void;
}
