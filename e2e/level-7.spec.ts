import { expect, test } from '@playwright/test';
import {
  advance,
  consoleRun,
  crashOrRecover,
  editFile,
  gradeToFullMarks,
  joinAndOpen,
  keepalivedConf,
  notifyScript,
  pauseClock,
  snap,
} from './helpers';

const CHECKOUT = 'nc -zv -w 3 10.0.1.50 27000';

/** Per-ENI policy routing by hand: what leaves from 10.0.1.50 uses eth1's own table. */
const POLICY = [
  'ip route add 10.0.1.0/24 dev eth1 src 10.0.1.50 table 10001',
  'ip route add default via 10.0.1.1 dev eth1 table 10001',
  'ip rule add from 10.0.1.50 lookup 10001 priority 10001',
];

/** The notify script: take the licence interface from wherever it is, attach it here. */
const takeLicence = (me: string) =>
  notifyScript([
    'aws ec2 detach-network-interface --attachment-id eni-attach-eni-lic --force',
    `aws ec2 attach-network-interface --network-interface-id eni-lic --instance-id ${me} --device-index 1`,
  ]);

const conf = (priority: number, own: string, peer: string) =>
  keepalivedConf({
    name: 'VI_50',
    router: 50,
    priority,
    own,
    peer,
    vip: '10.0.1.254/24',
    notify: '/etc/keepalived/take-licence.sh',
  });

test('level 7 from its start to 100 through the page: the reply takes the wrong leg, policy routing, the whole leg moves', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Sol', '07-two-legs-one-box');
  await expect(page.getByTestId('briefing')).toContainText('source/dest check stays on');
  await expect(page.getByTestId('clock')).toContainText('running');
  await pauseClock(page);
  const aws = (cmd: string) => consoleRun(page, 'aws', `aws ec2 ${cmd}`);

  // E1, E2: the daemon answers on eth1's address, and the answer leaves by eth0
  expect(await consoleRun(page, 'i-ws1', CHECKOUT)).toContain('timed out');
  const capture = await consoleRun(page, 'i-lic1', 'tcpdump -ni any tcp port 27000');
  expect(capture).toContain('eth1 In  IP 10.0.2.21.49152 > 10.0.1.50.27000: Flags [S]');
  expect(capture).toContain('eth0 Out IP 10.0.1.50.27000 > 10.0.2.21.49152: Flags [S.]');

  // E4: answer from the leg that owns the address, by hand first
  for (const cmd of POLICY) expect(await consoleRun(page, 'i-lic1', cmd)).not.toContain('Error');
  expect(await consoleRun(page, 'i-lic1', 'ip route get 10.0.2.21 from 10.0.1.50')).toContain('dev eth1 table 10001');
  expect(await consoleRun(page, 'i-ws1', CHECKOUT)).toContain('succeeded');
  // what a reboot keeps: ec2-net-utils' per-interface policy routing, on both boxes
  for (const box of ['i-lic1', 'i-lic2']) {
    await page.getByTestId('diagram').locator(`.react-flow__node[data-id="${box}"]`).click();
    const toggle = page.getByTestId('inspector').getByTestId('policy-routing');
    await expect(toggle).toContainText('off');
    await toggle.getByRole('button', { name: 'Turn it on' }).click();
    await expect(toggle).toContainText('on');
  }

  // E6: fail over by hand: the whole interface moves, address and MAC with it
  await aws('detach-network-interface --attachment-id eni-attach-eni-lic');
  await aws('attach-network-interface --network-interface-id eni-lic --instance-id i-lic2 --device-index 1');
  expect(await consoleRun(page, 'i-lic2', 'ip link show dev eth1')).toContain('link/ether 0a:00:00:00:01:50');
  expect(await consoleRun(page, 'i-lic2', 'ip rule')).toContain('from 10.0.1.50 lookup 10001');
  expect(await consoleRun(page, 'i-ws1', CHECKOUT)).toContain('succeeded');
  await aws('detach-network-interface --attachment-id eni-attach-eni-lic');
  await aws('attach-network-interface --network-interface-id eni-lic --instance-id i-lic1 --device-index 1');
  expect(await consoleRun(page, 'i-ws1', CHECKOUT)).toContain('succeeded');

  // E7: let keepalived move it: each box's notify script takes the interface for itself
  for (const [box, prio, own, peer] of [
    ['i-lic1', 200, '10.0.1.11', '10.0.1.12'],
    ['i-lic2', 100, '10.0.1.12', '10.0.1.11'],
  ] as const) {
    const script = await editFile(page, box, '/etc/keepalived/take-licence.sh', takeLicence(box));
    expect(script.saved, script.message).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
    const saved = await editFile(page, box, '/etc/keepalived/keepalived.conf', conf(prio, own, peer));
    expect(saved.saved, saved.message).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
  }
  await advance(page, 5);
  await advance(page, 5);
  await crashOrRecover(page, 'i-lic1', 'Crash');
  await advance(page, 5);
  expect(await consoleRun(page, 'i-ws1', CHECKOUT)).toContain('succeeded');
  expect(await aws('describe-network-interfaces --network-interface-ids eni-lic')).toContain('"InstanceId": "i-lic2"');
  await snap(page, info, 'leg-moved');
  await crashOrRecover(page, 'i-lic1', 'Recover');
  await advance(page, 5);

  await gradeToFullMarks(page);
  await snap(page, info, 'level-7-complete');
});
