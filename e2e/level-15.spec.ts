import { expect, test } from '@playwright/test';
import {
  awsCli,
  consoleRun,
  editFile,
  gradeToFullMarks,
  joinAndOpen,
  jsonField,
  phonePage,
  sendTraffic,
  snap,
  violations,
} from './helpers';

const LEVEL = '15-capstone-an-account-you-didnt-build';
const NATBOX = 'i-0d9a4f6b2c3e35b34';
const checkout = { from: 'shopper', to: '198.51.100.21', protocol: 'tcp', port: 443, sourcePort: 62000 } as const;
const payment = { from: 'i-024e8daf9a2c79f78', to: '203.0.113.40', protocol: 'tcp', port: 443 } as const;
const report = { from: 'i-057b2adc3d5fac2ab', to: '10.0.21.10', protocol: 'tcp', port: 5432 } as const;
const build = { from: 'i-079d4cfe5f7bce4cd', to: '203.0.113.90', protocol: 'tcp', port: 443 } as const;

test('level 15 from its start to 100 through the page: read the handover, reproduce four tickets, fix each where it lives, survive a reboot', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Mireille', LEVEL);
  await expect(page.getByTestId('briefing')).toContainText('Harbourline Ferries');
  const aws = awsCli(page);
  const dropped = page.getByTestId('drop-explanation');
  const predicted = page.getByTestId('prediction-result');

  // E1: read before you touch: the handover's files, filtered to the route that is not active
  await page.getByRole('tab', { name: 'Snapshot' }).click();
  const snapshot = page.getByTestId('snapshot');
  await snapshot.getByRole('button', { name: 'RouteTables' }).click();
  await snapshot.getByLabel('Lines containing').fill('blackhole');
  await expect(snapshot.getByTestId('snapshot-count')).toContainText('us-east-1/RouteTables.json: 1 matching lines');
  await snapshot.getByRole('button', { name: 'Addresses' }).click();
  await snapshot.getByLabel('Lines containing').fill('nat-0b5d7f9a2c4e6b8d0');
  await expect(snapshot.locator('pre')).toContainText('was nat-0b5d7f9a2c4e6b8d0');
  await snap(page, info, 'level-15-snapshot');
  // the console agrees: one filter finds every dead route
  expect(await aws('describe-route-tables --filters Name=route.state,Values=blackhole')).toContain(
    'rtb-09b3d6f1a8e4c2773',
  );

  // E2-E3, T1: a reply to a Windows client's port dies in the hardened NACL
  await sendTraffic(page, { ...checkout, predict: { result: 'request-only', at: 'acl-03a7c9e1b5d2f4689' } });
  await expect(predicted).toContainText('Right.');
  await expect(dropped).toContainText('SUBNET_ACL_RESTRICTION');
  await aws(
    'replace-network-acl-entry --network-acl-id acl-03a7c9e1b5d2f4689 --egress --rule-number 130 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow',
  );
  await sendTraffic(page, { ...checkout, sourcePort: 1500, predict: { result: 'roundtrip' } });
  await expect(predicted).toContainText('Right.');

  // E4, T2: AZ b's route still names the deleted NAT gateway; its address is still the account's
  await sendTraffic(page, { ...payment, predict: { result: 'dropped', at: 'rtb-09b3d6f1a8e4c2773' } });
  await expect(predicted).toContainText('Right.');
  await expect(dropped).toContainText('BAD_STATE_ROUTE');
  expect(
    await aws(
      'create-route --route-table-id rtb-09b3d6f1a8e4c2773 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0a4c6e8f1b3d5a7c9',
    ),
  ).toContain('RouteAlreadyExists');
  const nat = jsonField(
    await aws('create-nat-gateway --subnet-id subnet-05b8e1d7c3a926f42 --allocation-id eipalloc-0b2d4f6a8c1e3f5b7'),
    'NatGatewayId',
  );
  await aws(
    `replace-route --route-table-id rtb-09b3d6f1a8e4c2773 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${nat}`,
  );
  await sendTraffic(page, { ...payment, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('trace-viewer')).toContainText('198.51.100.11');

  // E5, T3: a group reference stops matching behind the firewall; admit the reporting subnet by address
  await sendTraffic(page, { ...report, predict: { result: 'dropped', at: 'i-068c3bed4e6abd3bc' } });
  await expect(predicted).toContainText('Not what you expected');
  await expect(dropped).toContainText('SG_REFERENCES_NOT_PRESERVED');
  await aws(
    'authorize-security-group-ingress --group-id sg-0f5a6b7c8d9ea4b67 --protocol tcp --port 5432 --cidr 10.0.30.0/24',
  );
  await sendTraffic(page, { ...report, predict: { result: 'roundtrip' } });
  await expect(predicted).toContainText('Right.');

  // E6, T4: two layers: the ENI's check, then the guest that does not forward
  await sendTraffic(page, { ...build, predict: { result: 'dropped', at: 'eni-0e1b5a7c3d4f46c35' } });
  await expect(dropped).toContainText('ENI_SOURCE_DEST_CHECK_RESTRICTION');
  await aws(`modify-instance-attribute --instance-id ${NATBOX} --no-source-dest-check`);
  await sendTraffic(page, { ...build, predict: { result: 'roundtrip' } });
  await expect(predicted).toContainText(`it was dropped at ${NATBOX}`);
  await expect(dropped).toContainText('ENGINE_GUEST_NOT_FORWARDING');
  expect(await consoleRun(page, NATBOX, 'sysctl net.ipv4.ip_forward')).toContain('net.ipv4.ip_forward = 0');
  expect(await consoleRun(page, NATBOX, 'iptables -t nat -S')).toContain('-A POSTROUTING -o eth0 -j MASQUERADE');

  // E7: sysctl -w works until the reboot; the file is what a boot reads
  await consoleRun(page, NATBOX, 'sysctl -w net.ipv4.ip_forward=1');
  await sendTraffic(page, { ...build, predict: { result: 'roundtrip' } });
  await expect(predicted).toContainText('Right.');
  await consoleRun(page, 'simulator', `fail ${NATBOX}`);
  await consoleRun(page, 'simulator', `recover ${NATBOX}`);
  await sendTraffic(page, { ...build, predict: { result: 'roundtrip' } });
  await expect(dropped).toContainText('ENGINE_GUEST_NOT_FORWARDING');
  const saved = await editFile(page, NATBOX, '/etc/sysctl.conf', 'net.ipv4.ip_forward = 1\n');
  expect(saved.saved, saved.message).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /Close/ }).click();
  await consoleRun(page, 'simulator', `fail ${NATBOX}`);
  await consoleRun(page, 'simulator', `recover ${NATBOX}`);
  await sendTraffic(page, { ...build, from: 'i-08ae5daf6a8cdf5de', predict: { result: 'roundtrip' } });
  await expect(predicted).toContainText('Right.');
  await expect(page.getByTestId('trace-viewer')).toContainText('198.51.100.12');

  await gradeToFullMarks(page);
  await snap(page, info, 'level-15-complete');
});

test('level 15 on a phone: the snapshot tab reads and filters at 390 px, and the page passes axe', async ({
  browser,
}, info) => {
  const page = await phonePage(browser);
  await joinAndOpen(page, 'Tomas', LEVEL);
  await page.getByRole('tab', { name: 'Snapshot' }).click();
  const snapshot = page.getByTestId('snapshot');
  await snapshot.getByRole('button', { name: 'NetworkInterfaces' }).click();
  await snapshot.getByLabel('Lines containing').fill('SourceDestCheck');
  await expect(snapshot.getByTestId('snapshot-count')).toContainText('matching lines');
  const box = (await snapshot.locator('pre').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await snap(page, info, 'phone-level-15-snapshot');
  expect(await violations(page)).toEqual([]);
});
