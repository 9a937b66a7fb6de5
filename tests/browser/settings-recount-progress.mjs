// An owner changes the workspace's time zone while it holds enough responses for the recount to
// take seconds: the settings page moves its progress bar by itself (no reload, the "reload the
// page" hint hidden, the live region quiet meanwhile), then loads itself again once the recount is over and says every figure was
// recounted. Without the progress script the bar would stay where the first render left it.
//
// Env: OPENCX_BASE_URL, OPENCX_SETUP_CODE (the workspace `default` holds a survey with responses;
// the server recounts one response per transaction).

import { assert, env, newContext, scenario, setUpOwner, DESKTOP } from './lib.mjs';

const base = env('OPENCX_BASE_URL');

await scenario('settings-recount-progress', async (browser) => {
  const owner = await (await newContext(browser, { viewport: DESKTOP })).newPage();
  await setUpOwner(owner, { name: 'Grace Hopper', email: 'grace@example.com' });

  await owner.goto(base + '/w/default/settings');
  assert.equal(await owner.locator('#recount').count(), 0, 'no recount before the change');
  await owner.fill('#time_zone', 'Asia/Tehran');
  await owner.click('main button[type=submit]');
  await owner.waitForURL('**/w/default/settings?saved=1');

  // The recount is under way.
  const bar = owner.locator('#recount progress');
  await bar.waitFor();
  const first = await bar.evaluate((p) => p.value);
  const total = await bar.evaluate((p) => p.max);
  assert.ok(first < total, `the recount has just begun (${first} of ${total})`);

  // A mark that a reload would wipe out: the bar moves while the mark stays.
  await owner.evaluate(() => { window.sameDocument = true; });
  await owner.waitForFunction(
    (start) => window.sameDocument === true
      && document.querySelector('#recount progress')?.value > start,
    first, { timeout: 30_000, polling: 100 },
  );
  assert.equal(await owner.locator('#recount [data-reload-hint]').isVisible(), false,
    'the hint to reload is hidden once the page updates itself');
  assert.equal(await owner.locator('#recount').getAttribute('aria-live'), 'off',
    'the moving count is not read out every two seconds');
  const text = await owner.locator('#recount bdi').textContent();
  assert.ok(/^[\d\s,.\u00a0\u202f]+\/[\d\s,.\u00a0\u202f]+$/.test(text.trim()), `the count is shown: ${text}`);

  // Once it is over the page loads itself again (the mark is gone) and says so.
  await owner.waitForFunction(
    () => window.sameDocument === undefined && document.readyState === 'complete',
    null, { timeout: 60_000, polling: 200 },
  );
  await owner.locator('.notice').waitFor();
  assert.equal(await owner.locator('#recount').count(), 0, 'no recount left');
  assert.match(await owner.locator('.notice').textContent(), /every figure was recounted/);
});
