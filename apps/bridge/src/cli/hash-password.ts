import { DEFAULT_SCRYPT_COST, hashPassword, type ScryptCost, withinLimits } from '../mqtt/auth/password-hash';

/**
 * `npm run -s hash-password` (or `node dist/apps/bridge/src/cli/hash-password.js` in a built image): reads a
 * password from stdin and prints its scrypt hash for MQTT_USERS_FILE (docs/security-mqtt.md). On a
 * terminal the password is asked twice and not echoed; piped, one trailing newline is dropped.
 * `--ln <10…20>` changes the cost (default 15: 32 MiB per check).
 */
async function main(): Promise<void> {
  const cost = costFromArgs(process.argv.slice(2));
  const password = process.stdin.isTTY ? await askTwice() : stripNewline(await readAll());
  if (password.length === 0) throw new Error('empty password');
  process.stdout.write(`${await hashPassword(password, cost)}\n`);
}

function costFromArgs(args: string[]): ScryptCost {
  const i = args.indexOf('--ln');
  if (i < 0) return DEFAULT_SCRYPT_COST;
  const cost = { ...DEFAULT_SCRYPT_COST, ln: Number(args[i + 1]) };
  if (!withinLimits(cost)) throw new Error('--ln must be a whole number from 10 to 20');
  return cost;
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function askTwice(): Promise<string> {
  const first = await readHidden('Password: ');
  const second = await readHidden('Again: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

/** One line from the terminal in raw mode, without echo; Ctrl-C aborts. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  let text = '';
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted'));
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
}

main().catch((err: Error) => {
  process.stderr.write(`hash-password: ${err.message}\n`);
  process.exit(2);
});
