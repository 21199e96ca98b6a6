import { expect, test } from '@playwright/test';
import {
  advance,
  awsCli,
  consoleRun,
  editFile,
  gradeToFullMarks,
  joinAndOpen,
  pauseClock,
  phonePage,
  sendTraffic,
  snap,
  violations,
} from './helpers';

const erp = { from: 'i-app1', to: '192.168.10.20', protocol: 'tcp', port: 443 } as const;
const labels = { from: 'i-app1', to: '192.168.30.40', protocol: 'tcp', port: 631 } as const;

/** r-dc's frr.conf as the DC team left it, with what the learner adds. */
const frr = (extra: { tunnel2?: boolean; warehouse?: boolean }) =>
  [
    'frr version 9.1',
    'frr defaults traditional',
    'hostname r-dc',
    '!',
    'router bgp 65010',
    ' bgp router-id 192.168.10.1',
    ' bgp log-neighbor-changes',
    ' no bgp ebgp-requires-policy',
    ' timers bgp 10 30',
    ' neighbor 169.254.21.1 remote-as 64512',
    ...(extra.tunnel2 ? [' neighbor 169.254.22.1 remote-as 64512'] : []),
    ' !',
    ' address-family ipv4 unicast',
    '  network 10.0.20.0/24',
    '  network 192.168.10.0/24',
    '  network 192.168.20.0/24',
    ...(extra.warehouse ? ['  network 192.168.30.0/24'] : []),
    ' exit-address-family',
    'exit',
    '',
  ].join('\n');

test('level 13 from its start to 100 through the page: propagation per table, the warehouse announced, a second BGP session', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Ines', '13-site-to-site-vpn');
  await expect(page.getByTestId('briefing')).toContainText('Tunnel 2: after the change freeze');
  const diagram = page.getByTestId('diagram');
  const viewer = page.getByTestId('trace-viewer');
  const dropped = page.getByTestId('drop-explanation');
  const aws = awsCli(page);
  // the VPN drawn as the brief has it: the gateway, the connection, two tunnel lines to r-dc, the DC's hosts under it
  await expect(diagram.locator('.react-flow__node[data-id="vgw-orders"]')).toBeVisible();
  await expect(diagram.locator('.react-flow__node[data-id="r-dc"]')).toContainText('FRR AS 65010');
  await expect(diagram.getByText('tunnel 1 · IPsec up · BGP up (3)')).toBeAttached();
  await expect(diagram.getByText('tunnel 2 · IPsec up · BGP down')).toBeAttached();
  await pauseClock(page);
  await snap(page, info, 'level-13-start');

  // E1: the ERP call goes to the internet gateway; the table it reads is rtb-app-a
  await sendTraffic(page, { ...erp, predict: { result: 'dropped', at: 'vgw-orders' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Not what you expected');
  await expect(dropped).toContainText('IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  await expect(viewer).toContainText('rtb-app-a: 0.0.0.0/0 -> nat-orders');
  expect(await aws('describe-vpn-connections --vpn-connection-ids vpn-dc')).toContain('IPSEC IS UP');
  expect(await consoleRun(page, 'r-dc', "vtysh -c 'show bgp summary'")).toContain('169.254.21.1');

  // E2: propagation belongs to one table
  await aws('enable-vgw-route-propagation --route-table-id rtb-app-a --gateway-id vgw-orders');
  await aws('enable-vgw-route-propagation --route-table-id rtb-app-b --gateway-id vgw-orders');
  await sendTraffic(page, { ...erp, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('vpn-dc/198.51.100.21');
  // stepping to the tunnel's hop lights tunnel 1's line, the next one the router
  await viewer.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('hop 7 of');
  await expect(diagram.getByTestId('rf__edge-tunnel:vpn-dc/198.51.100.21')).toHaveClass(/edge-highlight/);
  await expect(diagram.getByTestId('rf__edge-tunnel:vpn-dc/198.51.100.22')).not.toHaveClass(/edge-highlight/);
  await page.keyboard.press('ArrowRight');
  await expect(diagram.locator('.react-flow__node[data-id="r-dc"]')).toHaveClass(/node-highlight/);
  await sendTraffic(page, {
    from: 'monitor',
    to: '10.0.1.11',
    protocol: 'tcp',
    port: 9100,
    predict: { result: 'roundtrip' },
  });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');

  // E3: routed to the gateway is not known by the gateway
  await sendTraffic(page, { ...labels, predict: { result: 'dropped', at: 'igw-orders' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await aws('create-route --route-table-id rtb-app-a --destination-cidr-block 192.168.30.0/24 --gateway-id vgw-orders');
  await sendTraffic(page, { ...labels, predict: { result: 'dropped', at: 'vgw-orders' } });
  await expect(dropped).toContainText('ENGINE_VGW_UNKNOWN_PREFIX');
  await aws('delete-route --route-table-id rtb-app-a --destination-cidr-block 192.168.30.0/24');

  // E4: teach the gateway, in frr.conf opened from r-dc's inspector; a bad line is refused with its number
  await diagram.locator('.react-flow__node[data-id="r-dc"]').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('On-premises router behind cgw-dc');
  await inspector.getByRole('button', { name: 'Open /etc/frr/frr.conf' }).click();
  await expect(page.getByTestId('file-editor').locator('.cm-content')).toContainText(
    'neighbor 169.254.21.1 remote-as 64512',
  );
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  const bad = await editFile(
    page,
    'r-dc',
    '/etc/frr/frr.conf',
    frr({ warehouse: true }).replace(' timers bgp 10 30', ' timers bgp 10 2'),
  );
  expect(bad.saved).toBe(false);
  expect(bad.message).toContain('line 9');
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  const saved = await editFile(page, 'r-dc', '/etc/frr/frr.conf', frr({ warehouse: true }));
  expect(saved.saved).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  await sendTraffic(page, { ...labels, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(diagram.getByText('tunnel 1 · IPsec up · BGP up (4)')).toBeAttached();

  // E5: the DC's /24 inside the VPC never beats the local route, and the VPC refuses a route into its range
  await sendTraffic(page, {
    from: 'i-app1',
    to: '10.0.20.30',
    protocol: 'tcp',
    port: 5432,
    predict: { result: 'dropped', at: 'vgw-orders' },
  });
  await expect(page.getByTestId('prediction-result')).toContainText('it was roundtrip');
  await expect(viewer).toContainText('rtb-app-a: 10.0.0.0/16 -> local');
  await sendTraffic(page, {
    from: 'i-app1',
    to: '10.0.20.50',
    protocol: 'tcp',
    port: 5432,
    predict: { result: 'dropped', at: 'subnet-db' },
  });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(dropped).toContainText('ENGINE_NO_HOST_AT_ADDRESS');
  expect(
    await aws('create-route --route-table-id rtb-app-a --destination-cidr-block 10.0.20.0/24 --gateway-id vgw-orders'),
  ).toContain('InvalidParameterValue');
  expect(await consoleRun(page, 'r-dc', 'ip route get 10.0.20.30')).toContain('dev eth4');

  // E6: fail tunnel 1 from the inspector with one session: nobody notices for 30 s, then the routes vanish
  await diagram.locator('.react-flow__node[data-id="vpn-dc"]').click();
  await inspector.getByRole('button', { name: 'Fail tunnel 1' }).click();
  await expect(diagram.getByText('tunnel 1 · IPsec down · BGP up (4)')).toBeAttached();
  await advance(page, 5);
  await sendTraffic(page, { ...erp, predict: { result: 'dropped', at: 'vpn-dc/198.51.100.21' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(dropped).toContainText('ENGINE_VPN_TUNNEL_DOWN');
  await snap(page, info, 'tunnel-down');
  await advance(page, 30);
  expect(await consoleRun(page, 'r-dc', 'journalctl -u bgpd')).toContain('Hold Timer Expired');
  await sendTraffic(page, { ...erp, predict: { result: 'dropped', at: 'igw-orders' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await inspector.getByRole('button', { name: 'Recover tunnel 1' }).click();
  // the second session, then both tunnels carry the routes
  expect((await editFile(page, 'r-dc', '/etc/frr/frr.conf', frr({ warehouse: true, tunnel2: true }))).saved).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  await advance(page, 30);
  await expect(diagram.getByText('tunnel 2 · IPsec up · BGP up (4)')).toBeAttached();
  await expect(diagram.getByText('tunnel 1 · IPsec up · BGP up (4)')).toBeAttached();
  await snap(page, info, 'two-sessions');

  await gradeToFullMarks(page);
  await snap(page, info, 'level-13-complete');
});

test('level 13 on a phone: the tunnel table and its buttons fit the screen and the page passes axe', async ({
  browser,
}, info) => {
  const page = await phonePage(browser);
  await joinAndOpen(page, 'Yusuf', '13-site-to-site-vpn');
  await sendTraffic(page, { ...erp, predict: { result: 'dropped', at: 'igw-orders' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  const hop = page.getByTestId('trace-viewer').getByText('rtb-app-a: 0.0.0.0/0 -> nat-orders').first();
  await hop.scrollIntoViewIfNeeded();
  const box = (await hop.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await page.getByTestId('diagram').locator('.react-flow__node[data-id="vpn-dc"]').focus();
  await page.keyboard.press('Enter');
  const fail = page.getByTestId('inspector').getByRole('button', { name: 'Fail tunnel 2' });
  await fail.scrollIntoViewIfNeeded();
  const button = (await fail.boundingBox())!;
  expect(button.x + button.width).toBeLessThanOrEqual(390);
  await snap(page, info, 'phone-level-13');
  expect(await violations(page)).toEqual([]);
});
