/** Stops the services the global setup started. */
export default async function globalTeardown(): Promise<void> {
  const procs = globalThis.__BOARD_BRIDGE_SERVICES__ ?? [];
  await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  })));
}
