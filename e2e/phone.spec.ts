import { expect, test } from '@playwright/test';
import { PHONE, sendTraffic, snap, violations } from './helpers';
import { INSTRUCTOR } from './instructor';

test('a phone learner joins by code, finds the diagram, the tools and the inspector stacked, and sends a traffic test', async ({
  browser,
}, info) => {
  const desk = await (await browser.newContext()).newPage();
  await desk.goto('/');
  await desk.getByText('Instructor sign-in').click();
  await desk.getByLabel('Email').fill(INSTRUCTOR.email);
  await desk.getByLabel('Password').fill(INSTRUCTOR.password);
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await desk.waitForURL((u) => u.pathname === '/sessions');
  await desk.getByLabel('Title').fill('Phones out');
  await desk.getByRole('button', { name: 'Open the session' }).click();
  await desk.waitForURL('**/sessions/*');
  const code = (await desk.getByTestId('join-code').textContent())!.trim();

  const phone = await (await browser.newContext(PHONE)).newPage();
  // the QR code's address
  await phone.goto(`/join?code=${code}`);
  await snap(phone, info, 'phone-join');
  expect(await violations(phone), 'join page on a phone').toEqual([]);
  await phone.getByLabel('Your name').fill('Pip');
  await phone.getByRole('button', { name: 'Join' }).click();
  await phone.waitForURL('**/live/**');
  const diagram = phone.getByTestId('diagram');
  await expect(diagram.locator('.react-flow__node[data-id="i-b"]')).toBeVisible();

  // stacked: the diagram is a real pane, the tools come next, then the inspector, each as wide as the screen
  const box = (await diagram.boundingBox())!;
  expect(box.height).toBeGreaterThan(300);
  expect(box.width).toBeGreaterThan(350);
  const tabs = (await phone.getByRole('tablist', { name: 'Tools' }).boundingBox())!;
  expect(tabs.y).toBeGreaterThan(box.y + box.height - 1);
  await snap(phone, info, 'phone-play');
  expect(await violations(phone), 'play page on a phone').toEqual([]);

  // a tap on a node opens the inspector, full width, and the page brings it into view
  await diagram.locator('.react-flow__node[data-id="i-b"]').tap();
  const inspector = phone.getByTestId('inspector');
  await expect(inspector).toContainText('sg-b');
  await expect(inspector).toBeInViewport();
  expect((await inspector.boundingBox())!.width).toBeGreaterThan(350);

  // the traffic test, with the trace and the packet on the diagram
  await phone.getByRole('tab', { name: 'Traffic' }).scrollIntoViewIfNeeded();
  await sendTraffic(phone, { from: 'i-a', to: '10.0.1.20', protocol: 'icmp' });
  await expect(phone.getByTestId('trace-viewer')).toContainText('i-a');
  await phone.getByTestId('trace-play').tap();
  await expect(phone.getByTestId('trace-position')).toContainText(/hop [2-9]/);
  await expect(diagram.getByTestId('packet-dot')).toBeAttached();
  await snap(phone, info, 'phone-trace');
});
