import mqtt from 'mqtt';
import { boardIds, buildCommands } from './commands';
import { startTopology } from './scenarios';
import { startPrivateServices } from './services';
import { SimBoard } from './sim-board';

async function main(): Promise<void> {
  const svc = await startPrivateServices();
  const key = (process.argv[2] ?? 'b') as 'a' | 'b' | 'c';
  const t = await startTopology(key, svc, { tag: 'dg' });
  try {
    const ids = boardIds(10);
    const got: string[] = [];
    const boards = [];
    for (const id of ids) boards.push(await SimBoard.connect(t.boardPort, id, (cmd, text) => got.push(`${id} ${cmd} ${text.slice(0, 14)}`)));
    const obs = await mqtt.connectAsync(t.publishUrl, { protocolVersion: 4 });
    obs.on('message', (topic, p) => console.log('REPLY', topic, p.toString().slice(0, 250)));
    await obs.subscribeAsync('boards/+/command/#', { qos: 1 });
    await new Promise((r) => setTimeout(r, 500));
    const cmds = buildCommands({ count: 10, boards: 10, seed: 3, phase: 'p', runId: 'x', spread: true });
    for (const c of cmds) obs.publish(`boards/${ids[c.board]}/command/querysms`, c.payload, { qos: 1 });
    await new Promise((r) => setTimeout(r, 3000));
    console.log(got);
    boards.forEach((b) => b.close());
    await obs.endAsync();
  } finally {
    await t.stop();
    await svc.stop();
  }
}
void main();
