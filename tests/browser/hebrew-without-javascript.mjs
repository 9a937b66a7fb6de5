// A respondent answers the NPS survey in Hebrew with JavaScript disabled, using only the keyboard:
// right-to-left page, the score chosen with the arrow keys in the radio group, the follow-up for a
// detractor, choices ticked with Space, the form sent with Enter (from a checkbox too: the default
// button of a screen with "Back" must be "Next"), the thank-you page, and exactly one response
// with those answers stored.
//
// Env: OPENCX_BASE_URL, OPENCX_API_KEY, OPENCX_SURVEY_ID, OPENCX_SURVEY_SLUG (the survey is
// survey-templates/nps-relationship.json).

import {
  api, assert, env, htmlLangDir, newContext, onMessagePage, onQuestion, scenario, tabTo, watchRequests,
} from './lib.mjs';

const base = env('OPENCX_BASE_URL');
const slug = env('OPENCX_SURVEY_SLUG');
const surveyId = env('OPENCX_SURVEY_ID');
const improvement = 'משלוח מהיר יותר, בבקשה';

await scenario('hebrew-without-javascript', async (browser) => {
  const context = await newContext(browser, { javaScript: false, locale: 'he-IL' });
  const page = await context.newPage();
  const requests = watchRequests(page, base);

  await page.goto(`${base}/s/${slug}?lang=he`);
  assert.deepEqual(await htmlLangDir(page), { lang: 'he', dir: 'rtl' });
  assert.equal(await page.locator('h1').textContent(), 'מה דעתכם עלינו?');
  assert.equal(await page.locator('legend .qtext').textContent(),
    'עד כמה סביר שתמליצו עלינו לחבר או לבן משפחה?');
  assert.equal(await page.locator('script').count(), 0, 'the page needs no script');

  // The radio group is one Tab stop; Space picks the focused score and, right to left, the left
  // arrow moves to the next one (0 → 4 in four presses).
  await tabTo(page, 'input[name="nps"]');
  assert.equal(await page.locator('input[name="nps"]:focus').getAttribute('value'), '0');
  await page.keyboard.press('Space');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('input[name="nps"]:checked').getAttribute('value'), '4');
  await tabTo(page, 'button[value="next"]');
  await page.keyboard.press('Enter');

  // A detractor gets the follow-up question.
  await onQuestion(page, 'improve');
  assert.deepEqual(await htmlLangDir(page), { lang: 'he', dir: 'rtl' });
  assert.equal(await page.locator('label[for="a-improve"] .qtext').textContent(),
    'מהו הדבר האחד שנוכל לשפר?');
  await tabTo(page, 'textarea[name="improve"]');
  await page.keyboard.type(improvement);
  await tabTo(page, 'button[value="next"]');
  await page.keyboard.press('Enter');

  // The last screen: two topics ticked with Space, then Enter on a checkbox sends the form
  // forward (implicit submission uses the first submit button, which must be "Submit").
  await onQuestion(page, 'topics');
  assert.equal(await page.locator('button[value="next"]').textContent(), 'שליחה');
  await tabTo(page, 'input[name="topics"][value="price"]');
  await page.keyboard.press('Space');
  await tabTo(page, 'input[name="topics"][value="delivery"]');
  await page.keyboard.press('Space');
  assert.deepEqual(
    await page.locator('input[name="topics"]:checked').evaluateAll((inputs) => inputs.map((i) => i.value)),
    ['price', 'delivery'],
  );
  await page.keyboard.press('Enter');

  // The thank-you page, still in Hebrew and right to left.
  await onMessagePage(page);
  assert.equal(await page.locator('h1').textContent(), 'תודה רבה!');
  assert.deepEqual(await htmlLangDir(page), { lang: 'he', dir: 'rtl' });
  assert.equal(await page.locator('main p').first().textContent(), 'תודה על המשוב! אנחנו קוראים כל תשובה.');
  requests.check();

  // Exactly one response, with those answers.
  const { responses } = await api(`/api/v1/surveys/${surveyId}/responses`);
  assert.equal(responses.length, 1, JSON.stringify(responses));
  assert.equal(responses[0].language, 'he');
  assert.deepEqual(responses[0].answers, {
    nps: 4,
    improve: improvement,
    topics: ['price', 'delivery'],
  });
});
