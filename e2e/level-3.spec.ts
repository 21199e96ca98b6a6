import { expect, test, type Page } from '@playwright/test';
import { advance, consoleRun, editFile, pauseClock, runInConsole, sendTraffic, snap } from './helpers';

/** The notify script a node runs when it becomes master: it points rtb-app at its own inside ENI. */
const takeOver = (eni: string) => `#!/bin/sh
# keepalived runs this when this node becomes master
aws ec2 replace-route --route-table-id rtb-app \\
    --destination-cidr-block 0.0.0.0/0 --network-interface-id ${eni}
`;

/** keepalived.conf with unicast heartbeats to the peer and the notify script. */
const unicastConf = (priority: number, own: string, peer: string) => `vrrp_instance EDGE {
    state BACKUP
    interface eth1
    virtual_router_id 51
    priority ${priority}
    advert_int 1
    unicast_src_ip ${own}
    unicast_peer {
        ${peer}
    }
    virtual_ipaddress {
        10.0.1.254/24 dev eth1
    }
    notify_master "/etc/keepalived/take-over.sh"
}
`;

const NC = 'nc -zv -w 3 203.0.113.50 443';

async function instanceNode(page: Page, id: string) {
  return page.getByTestId('diagram').locator(`.react-flow__node[data-id="${id}"]`);
}

async function crashOrRecover(page: Page, id: string, what: 'Crash' | 'Recover') {
  await (await instanceNode(page, id)).click();
  await page
    .getByTestId('inspector')
    .getByRole('button', { name: new RegExp(`^${what} ${id}`) })
    .click();
  if (what === 'Crash') await expect(page.getByTestId('inspector')).toContainText('(hung');
  else await expect(page.getByTestId('inspector')).not.toContainText('(hung');
}

test('level 3 from its start to 100 through the page: split brain, ignored GARP, a manual failover, then keepalived that calls the API', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByLabel('Your name').fill('Hal');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  await page.goto('/play/03-ha-failover-without-garp');

  // a new attempt's machines boot: the clock starts by itself, and keepalived elects within seconds
  const clock = page.getByTestId('clock');
  await expect(clock).toContainText('running');
  await expect
    .poll(async () => (await page.getByTestId('clock-time').innerText()).trim(), { timeout: 20_000 })
    .not.toBe('T+0 s');
  await pauseClock(page);
  await advance(page, 5);
  await snap(page, info, 'start');

  // E1: the app servers reach the partner API through fw1; a hung fw1 takes them down, and AWS still routes to it
  expect(await consoleRun(page, 'i-app1', NC)).toContain('succeeded');
  await crashOrRecover(page, 'i-fw1', 'Crash');
  await expect(await instanceNode(page, 'i-fw1')).toHaveClass(/node-down/);
  await advance(page, 5);
  await advance(page, 5);
  expect(await consoleRun(page, 'i-app1', NC)).toContain('timed out');
  await sendTraffic(page, { from: 'i-app1', to: '203.0.113.50', protocol: 'tcp', port: 443 });
  await expect(page.getByTestId('drop-explanation')).toContainText('ENGINE_TARGET_NOT_RUNNING');
  await expect(page.getByTestId('drop-explanation')).toContainText('eni-fw1-in');
  const tables = await consoleRun(page, 'aws', 'aws ec2 describe-route-tables --route-table-ids rtb-app');
  expect(tables).toContain('"NetworkInterfaceId": "eni-fw1-in"');
  expect(tables).toContain('"State": "active"');
  await crashOrRecover(page, 'i-fw1', 'Recover');
  await advance(page, 5);

  // E2: two masters. The timeline says so, the diagram says so, and each guest holds the VIP
  for (const fw of ['i-fw1', 'i-fw2'])
    expect(await consoleRun(page, fw, 'ip -4 addr show dev eth1')).toContain(
      'inet 10.0.1.254/24 scope global secondary eth1',
    );
  await page.getByRole('tab', { name: 'Events' }).click();
  const events = page.getByTestId('events');
  await events.getByLabel('Show events').selectOption({ label: 'VRRP' });
  await expect(events.getByTestId('event').filter({ hasText: 'i-fw1 EDGE → MASTER' }).first()).toBeVisible();
  await expect(events.getByTestId('event').filter({ hasText: 'i-fw2 EDGE → MASTER' }).first()).toBeVisible();
  await expect(await instanceNode(page, 'i-fw1')).toContainText('keepalived MASTER · holds 10.0.1.254');
  await expect(await instanceNode(page, 'i-fw2')).toContainText('keepalived MASTER · holds 10.0.1.254');
  await snap(page, info, 'split-brain');
  await advance(page, 5);
  const dump = await consoleRun(page, 'i-fw2', 'tcpdump -ni eth1 ip proto 112');
  expect(dump).toContain('IP 10.0.1.12 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100');
  expect(dump).not.toContain('10.0.1.11 >');
  // fw1's advert, opened from the timeline: dropped as it leaves fw1's ENI
  await page.getByRole('tab', { name: 'Events' }).click();
  await events.getByLabel('Show events').selectOption({ label: 'VRRP' });
  const advert = events.getByTestId('event').filter({ hasText: 'i-fw1 advert to 224.0.0.18' }).last();
  await advert.getByRole('button', { name: /Show the trace/ }).click();
  await expect(page.getByTestId('trace-drop')).toContainText('eni-fw1-in');
  await expect(page.getByTestId('drop-explanation')).toContainText('ENGINE_MULTICAST_UNSUPPORTED');

  // E3: the VIP never resolves: ARP is answered from AWS's records
  expect(await consoleRun(page, 'i-app1', 'ping -c 2 10.0.1.254')).toContain('Destination Host Unreachable');
  expect(await consoleRun(page, 'i-app1', 'arping -c 3 -I eth0 10.0.1.254')).toContain('Received 0 response(s)');
  expect(await consoleRun(page, 'i-app1', 'arping -c 3 -I eth0 10.0.1.11')).toContain('Unicast reply from 10.0.1.11');

  // E4: shouting louder: the GARP is sent and dropped, with why, and nothing learns from it
  expect(await consoleRun(page, 'i-fw2', 'arping -U -c 3 -I eth1 10.0.1.254')).toContain('Sent 3 probes');
  await page.getByRole('tab', { name: 'Events' }).click();
  await events.getByLabel('Show events').selectOption({ label: 'VRRP' });
  const garp = events.getByTestId('event').filter({ hasText: 'i-fw2 gratuitous ARP for 10.0.1.254' }).last();
  await expect(garp).toContainText('ENGINE_BROADCAST_UNSUPPORTED');
  await expect(garp).toContainText('A VPC does not deliver broadcast frames');
  expect(await consoleRun(page, 'i-app1', 'ip neigh show 10.0.1.254')).toContain('FAILED');

  // E5: fail over by hand. The route moves, the ENI refuses transit, the instance-level flag is refused
  await crashOrRecover(page, 'i-fw1', 'Crash');
  await consoleRun(page, 'simulator', 'wait 5');
  await consoleRun(
    page,
    'aws',
    'aws ec2 replace-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw2-in',
  );
  await sendTraffic(page, { from: 'i-app1', to: '203.0.113.50', protocol: 'tcp', port: 443 });
  await expect(page.getByTestId('drop-explanation')).toContainText('ENI_SOURCE_DEST_CHECK_RESTRICTION');
  expect(
    await consoleRun(page, 'aws', 'aws ec2 modify-instance-attribute --instance-id i-fw2 --no-source-dest-check'),
  ).toContain('InvalidInstanceID');
  await consoleRun(
    page,
    'aws',
    'aws ec2 modify-network-interface-attribute --network-interface-id eni-fw2-in --no-source-dest-check',
  );
  expect(await consoleRun(page, 'i-app1', NC)).toContain('succeeded');
  // put it back
  await consoleRun(page, 'simulator', 'recover i-fw1');
  await consoleRun(
    page,
    'aws',
    'aws ec2 replace-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw1-in',
  );

  // E6: the AWS way, in keepalived's own files. A typo is refused with keepalived's message and line
  const typo = await editFile(
    page,
    'i-fw1',
    '/etc/keepalived/keepalived.conf',
    unicastConf(200, '10.0.1.11', '10.0.1.12').replace('advert_int', 'advert_intt'),
  );
  expect(typo.saved).toBe(false);
  expect(typo.message).toContain("(/etc/keepalived/keepalived.conf: Line 6) Unknown keyword 'advert_intt'");
  await page.getByRole('button', { name: 'Close' }).click();
  for (const [fw, eni, prio, own, peer] of [
    ['i-fw1', 'eni-fw1-in', 200, '10.0.1.11', '10.0.1.12'],
    ['i-fw2', 'eni-fw2-in', 100, '10.0.1.12', '10.0.1.11'],
  ] as const) {
    const script = await editFile(page, fw, '/etc/keepalived/take-over.sh', takeOver(eni));
    expect(script.saved, script.message).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
    const conf = await editFile(page, fw, '/etc/keepalived/keepalived.conf', unicastConf(prio, own, peer));
    expect(conf.saved, conf.message).toBe(true);
    expect(conf.message).toContain('keepalived restarted');
    await page.getByRole('button', { name: 'Close' }).click();
  }
  expect(await consoleRun(page, 'i-fw2', 'cat /etc/keepalived/keepalived.conf')).toContain('unicast_peer {');
  // VRRP is IP protocol 112: let it through between the firewalls
  await consoleRun(
    page,
    'aws',
    'aws ec2 authorize-security-group-ingress --group-id sg-fw-in --protocol 112 --source-group sg-fw-in',
  );
  await advance(page, 5);
  await advance(page, 5);
  expect(await consoleRun(page, 'i-fw2', 'tcpdump -ni eth1 ip proto 112')).toContain(
    'IP 10.0.1.11 > 10.0.1.12: VRRPv2, Advertisement',
  );
  expect(await consoleRun(page, 'i-fw2', 'ip -4 addr show dev eth1')).not.toContain('10.0.1.254');
  await expect(await instanceNode(page, 'i-fw2')).toContainText('keepalived BACKUP');
  await snap(page, info, 'one-master');

  // the failover drill: fw1 fails, fw2's script moves the route within 5 s; fw1 back; fw2 fails
  await crashOrRecover(page, 'i-fw1', 'Crash');
  await advance(page, 5);
  for (const app of ['i-app1', 'i-app2']) expect(await consoleRun(page, app, NC)).toContain('succeeded');
  expect(await consoleRun(page, 'aws', 'aws ec2 describe-route-tables --route-table-ids rtb-app')).toContain(
    'eni-fw2-in',
  );
  await page.getByRole('tab', { name: 'Events' }).click();
  await events.getByLabel('Show events').selectOption({ label: 'Scripts and API calls' });
  await expect(
    events.getByTestId('event').filter({ hasText: 'ReplaceRoute rtb-app 0.0.0.0/0: eni-fw1-in → eni-fw2-in' }),
  ).toHaveCount(1);
  await snap(page, info, 'failover-events');
  await crashOrRecover(page, 'i-fw1', 'Recover');
  await advance(page, 5);
  await advance(page, 5);
  await crashOrRecover(page, 'i-fw2', 'Crash');
  await advance(page, 5);
  expect(await consoleRun(page, 'i-app1', NC)).toContain('succeeded');
  expect(await consoleRun(page, 'aws', 'aws ec2 describe-route-tables --route-table-ids rtb-app')).toContain(
    'eni-fw1-in',
  );
  await crashOrRecover(page, 'i-fw2', 'Recover');

  // the grade: the checks say how long they run the network, and the server's grade counts
  await page.getByRole('tab', { name: 'Checks & hints' }).click();
  await expect(page.getByTestId('checks')).toContainText('This check runs the network for 10 s first.');
  await expect(page.getByTestId('checks')).toContainText(
    'This check crashes i-fw1, then runs the network for 5 s first.',
  );
  await page.getByRole('button', { name: 'Grade my network' }).click();
  await expect(page.getByTestId('score')).toContainText('Score 100 / 100');
  await snap(page, info, 'graded');
});

test('level 3 on a phone: the clock, the timeline and the editor work at 390×844', async ({ page }, info) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByLabel('Your name').fill('Pia');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  await page.goto('/play/03-ha-failover-without-garp');
  await expect(page.getByTestId('clock')).toContainText('running');
  await pauseClock(page);
  await advance(page, 5);
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByTestId('events').getByTestId('event').first()).toBeVisible();
  await snap(page, info, 'phone-events');
  await runInConsole(page, 'i-fw1', 'nano /etc/keepalived/keepalived.conf');
  const editor = page.getByTestId('file-editor');
  await expect(editor.locator('.cm-content')).toContainText('vrrp_instance EDGE');
  const box = await editor.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await snap(page, info, 'phone-editor');
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  // the editor gave the keyboard back to the console's command box
  await expect(page.getByLabel('Command')).toBeFocused();
});
