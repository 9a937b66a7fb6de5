// Screenshots of the respondent page right to left (Hebrew) on a phone (390 px) and a desktop
// (1280 px), to look at: every kind of screen, with a score chosen by keyboard so the focus ring
// shows. Also checks what a page weighs (HTML + CSS under 30 KB) and that it asks no other site
// for anything. The PNGs go to target/screenshots/ and their paths are printed.
//
// Env: OPENCX_BASE_URL, OPENCX_SURVEY_SLUG (the survey is survey-templates/nps-relationship.json).

import {
  DESKTOP, PHONE, arrived, assert, env, newContext, onMessagePage, onQuestion, scenario, screenshot,
  tabTo, watchRequests,
} from './lib.mjs';

const base = env('OPENCX_BASE_URL');
const slug = env('OPENCX_SURVEY_SLUG');

await scenario('screenshots', async (browser) => {
  for (const [device, viewport, mobile] of [['phone', PHONE, true], ['desktop', DESKTOP, false]]) {
    const context = await newContext(browser, { viewport, mobile, locale: 'he-IL' });
    const page = await context.newPage();
    const requests = watchRequests(page, base);
    const next = page.locator('button[value="next"]');
    const shot = (name) => screenshot(page, `he-${device}-${name}`);

    const response = await page.goto(`${base}/s/${slug}?lang=he`);
    const html = await response.body();
    const cssHref = await page.locator('link[rel="stylesheet"]').getAttribute('href');
    const css = await (await page.request.get(new URL(cssHref, base).href)).body();
    assert.ok(html.length + css.length < 30 * 1024,
      `HTML (${html.length} bytes) and CSS (${css.length} bytes) weigh 30 KB or more`);
    await shot('1-question');

    await next.click();
    await arrived(page, '#err[role="alert"]');
    await shot('2-error');

    // A score chosen with the keyboard: the focus ring is on the selected score.
    await tabTo(page, 'input[name="nps"]');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('input[name="nps"]:checked').getAttribute('value'), '6');
    await shot('3-score-chosen');

    await next.click();
    await onQuestion(page, 'improve');
    await page.locator('textarea[name="improve"]').fill('הייתי שמח למשלוח מהיר יותר ולעדכונים על מצב ההזמנה.');
    await tabTo(page, 'textarea[name="improve"]');
    await shot('4-follow-up');

    await next.click();
    await onQuestion(page, 'topics');
    await page.locator('input[name="topics"][value="delivery"]').check();
    await page.locator('input[name="topics"][value="website_app"]').check();
    await shot('5-choices');

    await next.click();
    await onMessagePage(page);
    await shot('6-thanks');
    requests.check();
    await context.close();
  }
});
