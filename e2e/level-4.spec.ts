import { expect, test } from '@playwright/test';
import { advance, consoleRun, pauseClock, runInConsole, sendTraffic, snap } from './helpers';

test('level 4 from its start to 100 through the page: BGP converges, the drop at eni-r1, the move, the VPC route', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByLabel('Your name').fill('Ike');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  await page.goto('/play/04-bgp-appliance-in-subnet');

  // E1: the page has been open a few seconds: BGP is up, and the hosts know a route the VPC does not
  await expect(page.getByTestId('clock')).toContainText('running');
  await pauseClock(page);
  await page.getByRole('button', { name: 'Until settled' }).click();
  await expect(page.getByTestId('clock')).toContainText('paused');
  await expect
    .poll(async () => page.getByTestId('clock-time').innerText(), { timeout: 20_000 })
    .not.toMatch(/^T\+[0-9] s$/);
  expect(await consoleRun(page, 'i-h1', 'ip route')).toContain(
    '192.168.50.0/24 via 10.0.1.20 dev eth0 proto bgp metric 20',
  );
  const summary = await consoleRun(page, 'i-h1', 'vtysh -c "show ip bgp summary"');
  expect(summary).toContain('BGP router identifier 10.0.1.30, local AS number 65101 vrf-id 0');
  expect(summary).toMatch(/10\.0\.1\.20\s+4\s+65002 .* 1\s+1 N\/A/);
  expect(await consoleRun(page, 'aws', 'aws ec2 describe-route-tables --route-table-ids rtb-app')).not.toContain(
    '192.168.50.0/24',
  );
  expect(await consoleRun(page, 'i-h1', 'nc -zv -w 3 10.0.1.20 179')).toContain('succeeded');
  // the sessions are edges of the diagram, and lines of the timeline
  await expect(page.getByTestId('diagram').locator('.edge-bgp-up').first()).toBeAttached();
  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByTestId('events').getByLabel('Show events').selectOption({ label: 'BGP' });
  await expect(
    page.getByTestId('event').filter({ hasText: 'i-h1 learned 192.168.50.0/24 from 10.0.1.20 (AS path 65002)' }),
  ).toHaveCount(1);
  await snap(page, info, 'bgp-up');

  // E2: the ping dies at eni-r1: delivered by MAC, refused by the ENI's source/destination check
  await sendTraffic(page, { from: 'i-h1', to: '192.168.50.1', protocol: 'icmp' });
  await expect(page.getByTestId('trace-drop')).toContainText('eni-r1');
  await expect(page.getByTestId('drop-explanation')).toContainText('ENI_SOURCE_DEST_CHECK_RESTRICTION');
  await expect(page.getByTestId('trace-viewer')).not.toContainText('rtb-app');
  expect(await consoleRun(page, 'i-h1', 'ip neigh show 10.0.1.20')).toContain(
    '10.0.1.20 dev eth0 lladdr 0a:00:00:00:01:20 REACHABLE',
  );
  await snap(page, info, 'drop-at-eni-r1');

  // E3: the address cannot be AWS's; the flag can be turned off for a one-ENI instance
  expect(
    await consoleRun(
      page,
      'aws',
      'aws ec2 assign-private-ip-addresses --network-interface-id eni-r1 --private-ip-addresses 192.168.50.1',
    ),
  ).toContain('An error occurred');
  await consoleRun(page, 'aws', 'aws ec2 modify-instance-attribute --instance-id i-r1 --no-source-dest-check');
  expect(await consoleRun(page, 'i-h1', 'ping -c 3 192.168.50.1')).toContain('3 received');
  await sendTraffic(page, { from: 'i-h2', to: '192.168.50.1', protocol: 'icmp' });
  await expect(page.getByTestId('drop-explanation')).toContainText('ENI_SG_RULES_MISMATCH');
  await consoleRun(
    page,
    'aws',
    'aws ec2 authorize-security-group-ingress --group-id sg-r --protocol -1 --cidr 10.0.1.0/24',
  );

  // E4: the same route from another subnet goes to the router, which has none
  expect(await consoleRun(page, 'i-batch', 'vtysh -c "show ip route"')).toContain('via 10.0.1.20 (recursive)');
  await sendTraffic(page, { from: 'i-batch', to: '192.168.50.1', protocol: 'icmp' });
  await expect(page.getByTestId('drop-explanation')).toContainText('NO_ROUTE_TO_DESTINATION');
  await expect(page.getByTestId('trace-drop')).toContainText('rtb-batch');

  // E5: the security team's move: r2 in the batch subnet; h1 now loses, batch wins
  await consoleRun(page, 'aws', 'aws ec2 stop-instances --instance-ids i-r1');
  await consoleRun(
    page,
    'aws',
    'aws ec2 modify-network-interface-attribute --network-interface-id eni-r2 --no-source-dest-check',
  );
  await consoleRun(page, 'aws', 'aws ec2 start-instances --instance-ids i-r2');
  await advance(page, 30);
  expect(await consoleRun(page, 'i-h1', 'ip route')).toContain('192.168.50.0/24 via 10.0.2.20');
  await sendTraffic(page, { from: 'i-h1', to: '192.168.50.1', protocol: 'icmp' });
  await expect(page.getByTestId('drop-explanation')).toContainText('NO_ROUTE_TO_DESTINATION');
  expect(await consoleRun(page, 'i-batch', 'ping -c 3 192.168.50.1')).toContain('3 received');
  // put it back
  await consoleRun(page, 'aws', 'aws ec2 start-instances --instance-ids i-r1');
  await consoleRun(page, 'aws', 'aws ec2 stop-instances --instance-ids i-r2');
  await advance(page, 30);
  expect(await consoleRun(page, 'i-h1', 'vtysh -c "show bgp ipv4 unicast"')).toContain(
    ' *> 192.168.50.0/24  10.0.1.20',
  );

  // E6: the VPC's own route for the other subnet, and the appliance's group opened to batch
  await consoleRun(
    page,
    'aws',
    'aws ec2 create-route --route-table-id rtb-batch --destination-cidr-block 192.168.50.0/24 --network-interface-id eni-r1',
  );
  await sendTraffic(page, { from: 'i-batch', to: '192.168.50.1', protocol: 'icmp' });
  await expect(page.getByTestId('drop-explanation')).toContainText('ENI_SG_RULES_MISMATCH');
  await consoleRun(
    page,
    'aws',
    'aws ec2 authorize-security-group-ingress --group-id sg-r --protocol -1 --cidr 10.0.2.40/32',
  );
  await sendTraffic(page, { from: 'i-batch', to: '192.168.50.1', protocol: 'tcp', port: 443 });
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);
  expect(await consoleRun(page, 'i-batch', 'nc -zv -w 3 192.168.50.1 443')).toContain('succeeded');
  // the learner may read r1's BGP configuration, not change it
  await runInConsole(page, 'i-r1', 'nano /etc/frr/frr.conf');
  await expect(page.getByTestId('file-editor')).toContainText(
    "Read-only: this level does not let you change i-r1's configuration.",
  );
  await expect(page.getByTestId('file-editor').locator('.cm-content')).toContainText('router bgp 65002');
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('tab', { name: 'Checks & hints' }).click();
  await expect(page.getByTestId('checks')).toContainText('This check runs the network for 30 s first.');
  await page.getByRole('button', { name: 'Grade my network' }).click();
  await expect(page.getByTestId('score')).toContainText('Score 100 / 100');
  await snap(page, info, 'graded');
});
