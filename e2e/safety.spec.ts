import { expect, test, type Page } from '@playwright/test';
import { snap, violations } from './helpers';

/** Content-Security-Policy violations the browser reports on a page (a blocked script, style or connection). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

async function join(page: Page, name: string) {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
}

test('every page carries the security headers and a nonce policy, and works under it without a violation', async ({
  page,
}) => {
  const violations = cspViolations(page);
  const home = await page.goto('/');
  const headers = home!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // the nonce changes with every response
  const again = await page.request.get('/');
  expect(again.headers()['content-security-policy']).not.toBe(headers['content-security-policy']);
  // the icon browsers ask for by themselves
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  // a visitor sent from a level to the home page is brought back to it after joining
  await page.goto('/play/02-private-subnet-nat');
  await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('next') === '/play/02-private-subnet-nat');
  await page.getByLabel('Your name').fill('Nonce');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/play/02-private-subnet-nat');
  await page.goto('/play/01-where-is-my-public-ip');
  // the page's scripts ran (React drew the diagram) and its socket connected (the level loaded)
  await expect(page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();
  await page.goto('/join');
  await expect(page.getByLabel('Join code')).toBeVisible();
  expect(violations).toEqual([]);
});

test('an old tab after a deploy is told, with a button, to reload', async ({ page }, info) => {
  await join(page, 'Old Tab');
  // this tab speaks protocol 1: its socket's handshake says so (rewritten on the wire)
  let old = true;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) =>
      server.send(old && typeof m === 'string' ? m.replace(/^40\{"protocol":\d+\}/, '40{"protocol":1}') : m),
    );
    server.onMessage((m) => ws.send(m));
  });
  await page.goto('/play/01-where-is-my-public-ip');
  const notice = page.getByRole('alert').filter({ hasText: 'Underlay was updated' });
  await expect(notice).toContainText('Underlay was updated since this page loaded: reload the page to continue.');
  await snap(page, info, 'reload-notice');
  expect(await violations(page), 'the notice').toEqual([]);
  // the reloaded page is the new version
  old = false;
  await notice.getByRole('button', { name: 'Reload the page' }).press('Enter');
  await expect(page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Underlay was updated' })).toHaveCount(0);
});

test('signing out from the header revokes the sign-in: a saved copy of the cookie no longer works', async ({
  page,
  context,
}, info) => {
  await join(page, 'Leaving');
  const saved = (await context.cookies()).find((c) => c.name === 'underlay_session')!;
  await expect(page.getByRole('banner')).toContainText('Leaving');
  await snap(page, info, 'signed-in-header');
  // a new name: the header says it after the page reloads, and the cookie that carried the old one is revoked
  await page.getByRole('banner').getByText('Leaving').click();
  await page.getByLabel('Your name').fill('Left');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('banner')).toContainText('Left');
  const renamed = await page.request.get('/api/session', { headers: { cookie: `underlay_session=${saved.value}` } });
  expect(renamed.status()).toBe(401);
  expect(
    ((await (await page.request.get('/api/session')).json()) as { data: { displayName: string } }).data.displayName,
  ).toBe('Left');
  const current = (await context.cookies()).find((c) => c.name === 'underlay_session')!;
  await page.getByRole('banner').getByText('Left').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  const replay = await page.request.get('/api/session', { headers: { cookie: `underlay_session=${current.value}` } });
  expect(replay.status()).toBe(401);
});
