// Progress of a background job (a re-analysis of the open answers, a recount after a change of
// time zone): while the page shows one, ask the same URL for its content again every two seconds
// (?partial=1, the screen without the page around it) and move the bar; once the job is over,
// load the page again, so that its figures and notices are the finished ones. Without
// JavaScript the page says to reload it, and this script hides that hint.
const box = document.querySelector("[data-progress][id]");
if (box) {
  const hints = () => box.querySelectorAll("[data-reload-hint]").forEach((hint) => { hint.hidden = true; });
  hints();
  const poll = async () => {
    let response;
    try {
      const url = new URL(window.location.href);
      url.searchParams.set("partial", "1");
      response = await fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } });
    } catch {
      setTimeout(poll, 5000); // offline for a moment: try again later
      return;
    }
    if (response.redirected) { window.location.reload(); return; } // signed out meanwhile
    if (!response.ok) { setTimeout(poll, 5000); return; }
    // The partial is the server's own escaped HTML for this page; a parsed document runs no
    // script.
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById(box.id);
    if (!fresh) { window.location.reload(); return; } // the job is over
    const [bar, text] = [box.querySelector("progress"), box.querySelector("bdi")];
    const [freshBar, freshText] = [fresh.querySelector("progress"), fresh.querySelector("bdi")];
    if (bar && freshBar && text && freshText) {
      bar.max = freshBar.max;
      bar.value = freshBar.value;
      bar.textContent = freshBar.textContent;
      text.textContent = freshText.textContent;
    } else {
      box.replaceChildren(...fresh.childNodes);
      hints();
    }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
}
