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
  sendTraffic,
  snap,
} from './helpers';

/** The notify script: the new master takes the Elastic IP for its own interface. */
const takeAddress = (eni: string) =>
  notifyScript([
    `aws ec2 associate-address --allocation-id eipalloc-shop --network-interface-id ${eni} --allow-reassociation`,
  ]);

/** keepalived.conf: unicast heartbeats to the peer, and the notify script. */
const conf = (priority: number, own: string, peer: string) =>
  keepalivedConf({
    name: 'VI_60',
    router: 60,
    priority,
    own,
    peer,
    vip: '10.0.1.250/24',
    notify: '/etc/keepalived/take-address.sh',
  });

const webhook = { from: 'partner', to: '198.51.100.100', protocol: 'tcp', port: 443 } as const;

test('level 6 from its start to 100 through the page: an address that dies at stop, one that survives and moves', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Oli', '06-addresses-that-move');
  await expect(page.getByTestId('briefing')).toContainText('198.51.100.100');
  await expect(page.getByTestId('clock')).toContainText('running');
  await pauseClock(page);

  // E1: the partner posts to an address nobody holds; the metadata service knows web1's real one
  expect(await consoleRun(page, 'i-web1', 'curl -s http://169.254.169.254/latest/meta-data/public-ipv4')).toContain(
    '198.51.100.57',
  );
  await sendTraffic(page, { ...webhook, predict: { result: 'dropped', at: 'igw-1' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(page.getByTestId('drop-explanation')).toContainText('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');

  // E2: a stop gives the auto-assigned address back for good; the start brings a new one
  await consoleRun(page, 'aws', 'aws ec2 stop-instances --instance-ids i-web1');
  await consoleRun(page, 'aws', 'aws ec2 start-instances --instance-ids i-web1');
  const after = await consoleRun(page, 'aws', 'aws ec2 describe-instances --instance-ids i-web1');
  expect(after).toContain('"PublicIpAddress": "44.192.');
  expect(after).not.toContain('198.51.100.57');

  // E4: the Elastic IP survives a stop, but a stopped instance serves nothing
  await consoleRun(
    page,
    'aws',
    'aws ec2 associate-address --allocation-id eipalloc-shop --network-interface-id eni-web1',
  );
  await consoleRun(page, 'aws', 'aws ec2 stop-instances --instance-ids i-web1');
  expect(await consoleRun(page, 'aws', 'aws ec2 describe-addresses --allocation-ids eipalloc-shop')).toContain(
    '"NetworkInterfaceId": "eni-web1"',
  );
  await sendTraffic(page, webhook);
  await expect(page.getByTestId('trace-drop')).toContainText('eni-web1');
  await expect(page.getByTestId('drop-explanation')).toContainText('ENGINE_TARGET_NOT_RUNNING');
  await consoleRun(page, 'aws', 'aws ec2 start-instances --instance-ids i-web1');

  // E6: the survivor makes the call; web2's interface needs the web group too
  for (const [web, eni, prio, own, peer] of [
    ['i-web1', 'eni-web1', 200, '10.0.1.10', '10.0.1.11'],
    ['i-web2', 'eni-web2', 100, '10.0.1.11', '10.0.1.10'],
  ] as const) {
    const script = await editFile(page, web, '/etc/keepalived/take-address.sh', takeAddress(eni));
    expect(script.saved, script.message).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
    const saved = await editFile(page, web, '/etc/keepalived/keepalived.conf', conf(prio, own, peer));
    expect(saved.saved, saved.message).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
  }
  await consoleRun(
    page,
    'aws',
    'aws ec2 modify-network-interface-attribute --network-interface-id eni-web2 --groups sg-web sg-ha sg-standby',
  );
  await advance(page, 5);
  await advance(page, 5);
  await sendTraffic(page, { ...webhook, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('trace-viewer')).toContainText('eni-web1');
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);

  // the drill: web1 hangs; within 5 s web2's script has taken the address
  await crashOrRecover(page, 'i-web1', 'Crash');
  await advance(page, 5);
  await sendTraffic(page, webhook);
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);
  await expect(page.getByTestId('trace-viewer')).toContainText('eni-web2');
  expect(await consoleRun(page, 'i-web2', 'journalctl -u keepalived')).toContain('Entering MASTER STATE');
  await snap(page, info, 'address-moved');
  await crashOrRecover(page, 'i-web1', 'Recover');
  await advance(page, 5);

  await gradeToFullMarks(page);
  await snap(page, info, 'level-6-complete');
});
