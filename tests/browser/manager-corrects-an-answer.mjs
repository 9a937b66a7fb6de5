// A manager corrects the analysis of an open answer with the keyboard only: after saving, the
// page comes back at the corrected answer, whose "Correction saved." takes the focus (so a
// screen reader says it and Tab goes on from there, not from the top of the page), and the
// corrected sentiment is shown.
//
// Env: OPENCX_BASE_URL, OPENCX_SETUP_CODE, OPENCX_RESPONSE_PATH (the response page of a
// promoter whose open answer "love" praises the staff).

import { assert, arrived, axeReport, env, newContext, scenario, setUpOwner, tabTo, DESKTOP } from './lib.mjs';

const base = env('OPENCX_BASE_URL');
const path = env('OPENCX_RESPONSE_PATH');

await scenario('manager-corrects-an-answer', async (browser) => {
  const page = await (await newContext(browser, { viewport: { width: 1280, height: 500 } })).newPage();
  await setUpOwner(page, { name: 'Ada Lovelace', email: 'ada@example.com' });

  // The answer is analysed within a second of arriving; the page says so once it is.
  for (let i = 0; i < 50; i++) {
    await page.goto(base + path);
    if (await page.locator('details.correct summary').count() > 0) break;
    await page.waitForTimeout(200);
  }
  await arrived(page, 'details.correct summary');
  assert.equal(await page.locator('.badge.sentiment-positive').count(), 1, 'read as praise');

  // Keyboard only: open the form, choose "negative", save.
  await tabTo(page, 'details.correct summary', 60);
  await page.keyboard.press('Enter');
  await tabTo(page, 'input[name=sentiment][value=positive]');
  // Arrow keys move through a radio group (left/right, up/down: "negative" is last).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('input[name=sentiment][value=negative]:checked').count(), 1);
  await tabTo(page, 'details.correct button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForURL('**?corrected=*');
  await arrived(page, '#corrected');

  const focused = await page.evaluate(() => ({
    id: document.activeElement?.id,
    text: document.activeElement?.textContent,
    top: document.activeElement?.getBoundingClientRect().top,
    height: window.innerHeight,
  }));
  assert.equal(focused.id, 'corrected', 'the saved notice has the focus');
  assert.equal(focused.text, 'Correction saved.');
  assert.ok(focused.top >= 0 && focused.top < focused.height,
    `the notice is in view (top ${focused.top} of ${focused.height})`);
  assert.equal(await page.locator('.badge.sentiment-negative').count(), 1, 'the correction is shown');
  // Tab goes on from the corrected answer: its form is the next stop.
  await page.keyboard.press('Tab');
  assert.equal(await page.locator('details.correct summary:focus').count(), 1,
    'Tab continues from the corrected answer');

  // On a phone, with the correction form open, the answers do not run off the screen: each
  // question stands above its answer.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press('Enter');
  await arrived(page, 'details.correct[open] button[type=submit]');
  const widths = await page.evaluate(() => {
    const table = document.querySelector('table.qa');
    return { scroll: table.scrollWidth, client: table.clientWidth, page: document.documentElement.scrollWidth };
  });
  assert.ok(widths.scroll <= widths.client + 1, `the answers fit (${widths.scroll} > ${widths.client})`);
  assert.ok(widths.page <= 390, `the page does not scroll sideways (${widths.page})`);

  // The responses table is one card per response on a phone: nothing to scroll sideways to.
  await page.goto(base + path.replace(/\/responses\/[^/?#]+.*$/, '/responses'));
  await arrived(page, 'table.responses');
  const table = await page.evaluate(() => {
    const t = document.querySelector('table.responses');
    return { scroll: t.scrollWidth, client: t.clientWidth };
  });
  assert.ok(table.scroll <= table.client + 1, `the responses fit (${table.scroll} > ${table.client})`);
  assert.ok(await page.locator('table.responses td[data-label]').count() > 0, 'values are labelled');
  const cards = await axeReport(page, 'responses as cards on a phone (en)');
  assert.equal(cards, '', cards);

  // So are the workspace's themes, with the surveys each is found in.
  await page.goto(base + '/w/default/themes');
  await arrived(page, 'table.themes td[data-label]');
  const themes = await page.evaluate(() => {
    const t = document.querySelector('table.themes');
    return { scroll: t.scrollWidth, client: t.clientWidth, page: document.documentElement.scrollWidth };
  });
  assert.ok(themes.scroll <= themes.client + 1, `the themes fit (${themes.scroll} > ${themes.client})`);
  assert.ok(themes.page <= 390, `the themes page does not scroll sideways (${themes.page})`);
  const themeCards = await axeReport(page, 'themes as cards on a phone (en)');
  assert.equal(themeCards, '', themeCards);
});
