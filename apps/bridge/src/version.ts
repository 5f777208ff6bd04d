/** The bridge's version, shown in `{base}/bridge/{instance}/state`; version.spec.ts keeps it equal to package.json. */
export const BRIDGE_VERSION = '0.1.0';
