import { startBridge } from './bootstrap';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  let config;
  try {
    // The one place the environment is read (style rule 9).
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const bridge = await startBridge(config);
  // Our own handler rather than Nest's enableShutdownHooks, which re-raises the signal after closing: a
  // graceful stop should exit 0 so supervisors do not report a crash. A second signal stops at once.
  const stop = (): void => {
    process.once('SIGTERM', () => process.exit(1));
    process.once('SIGINT', () => process.exit(1));
    bridge.close().then(() => process.exit(0), (err: Error) => {
      process.stderr.write(`board-bridge did not stop cleanly: ${err.message}\n`);
      process.exit(1);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`board-bridge failed to start: ${err.message}\n`);
  process.exit(1);
});
