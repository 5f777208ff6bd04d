/** The operator's configuration is wrong. Lists every bad setting at once so one restart fixes them all. */
export class ConfigError extends Error {
  readonly fault = 'config' as const;
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
