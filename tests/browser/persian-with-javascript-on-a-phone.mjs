// A respondent answers the NPS survey in Persian on a phone (390×844, touch, JavaScript enabled):
// right-to-left page with Persian digits, the 0–10 scale in one row without horizontal scrolling,
// a promoter's follow-up, going back keeps the answers, the thank-you page, and exactly one
// response with those answers stored.
//
// Env: OPENCX_BASE_URL, OPENCX_API_KEY, OPENCX_SURVEY_ID, OPENCX_SURVEY_SLUG (the survey is
// survey-templates/nps-relationship.json).

import {
  PHONE, api, assert, assertNoHorizontalOverflow, env, htmlLangDir, newContext, onMessagePage,
  onQuestion, scenario, screenshot, watchRequests,
} from './lib.mjs';

const base = env('OPENCX_BASE_URL');
const slug = env('OPENCX_SURVEY_SLUG');
const surveyId = env('OPENCX_SURVEY_ID');
const love = 'پشتیبانی سریع و مهربان';
const PERSIAN_DIGITS = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹', '۱۰'];

await scenario('persian-with-javascript-on-a-phone', async (browser) => {
  const context = await newContext(browser, { viewport: PHONE, mobile: true, locale: 'fa-IR' });
  const page = await context.newPage();
  const requests = watchRequests(page, base);
  const next = page.locator('button[value="next"]');
  const score = (value) => page.locator('label.choice', { has: page.locator(`input[value="${value}"]`) });

  await page.goto(`${base}/s/${slug}?lang=fa`);
  assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
  assert.equal(await page.locator('h1').textContent(), 'نظرتان دربارهٔ ما چیست؟');
  // Before the score is known the path has two questions; the follow-up makes it three.
  assert.equal(await page.locator('.progress').textContent(), 'سؤال ۱ از ۲');

  // The whole 0–10 scale in one row, in Persian digits, 0 on the right; no sideways scrolling.
  await assertNoHorizontalOverflow(page, 'the NPS screen');
  const labels = page.locator('.choices.scale label.choice');
  assert.deepEqual(await labels.allTextContents(), PERSIAN_DIGITS);
  const boxes = await Promise.all((await labels.all()).map((label) => label.boundingBox()));
  const tops = new Set(boxes.map((box) => Math.round(box.y)));
  assert.equal(tops.size, 1, `the scale wraps onto ${tops.size} rows: ${JSON.stringify(boxes)}`);
  for (let i = 1; i < boxes.length; i++) {
    assert.ok(boxes[i].x < boxes[i - 1].x, 'right to left: each score is left of the one before');
    assert.ok(boxes[i].width >= 24, `score ${i} is a ${boxes[i].width} px target, too small to tap`);
  }
  for (const box of boxes) {
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `a score is off screen: ${JSON.stringify(box)}`);
  }

  // A promoter (9) gets the "what do you love" follow-up.
  await score(9).tap();
  await screenshot(page, 'fa-phone-1-score-chosen');
  assert.equal(await page.locator('input[name="nps"]:checked').getAttribute('value'), '9');
  assert.equal(await next.textContent(), 'بعدی');
  await next.tap();
  await onQuestion(page, 'love');
  assert.equal(await page.locator('.progress').textContent(), 'سؤال ۲ از ۳');
  assert.equal(await page.locator('label[for="a-love"] .qtext').textContent(),
    'چه چیزی را در ما بیشتر از همه دوست دارید؟');
  await assertNoHorizontalOverflow(page, 'the follow-up screen');
  await page.locator('textarea[name="love"]').fill(love);

  // Back keeps both the score and what was typed.
  const back = page.locator('button[value="back"]');
  assert.equal(await back.textContent(), 'قبلی');
  await back.tap();
  await onQuestion(page, 'nps');
  assert.equal(await page.locator('input[name="nps"]:checked').getAttribute('value'), '9');
  await next.tap();
  await onQuestion(page, 'love');
  assert.equal(await page.locator('textarea[name="love"]').inputValue(), love);
  await next.tap();

  // The last screen: one topic, then "Submit".
  await onQuestion(page, 'topics');
  await assertNoHorizontalOverflow(page, 'the topics screen');
  await page.locator('label.choice', { hasText: 'خدمات مشتریان' }).tap();
  assert.equal(await next.textContent(), 'ارسال');
  await next.tap();

  await onMessagePage(page);
  assert.equal(await page.locator('h1').textContent(), 'متشکریم!');
  assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
  await assertNoHorizontalOverflow(page, 'the thank-you page');
  requests.check();

  const { responses } = await api(`/api/v1/surveys/${surveyId}/responses`);
  assert.equal(responses.length, 1, JSON.stringify(responses));
  assert.equal(responses[0].language, 'fa');
  assert.deepEqual(responses[0].answers, { nps: 9, love, topics: ['customer_service'] });
});
