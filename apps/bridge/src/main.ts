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
  bridge.app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

main().catch((err: Error) => {
  process.stderr.write(`board-bridge failed to start: ${err.message}\n`);
  process.exit(1);
});
