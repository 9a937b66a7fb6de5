// Progress of a background job (a re-analysis of the open answers, a recount after a change of
// time zone): while the page shows one, ask `data-progress-src` every two seconds for the box
// again (with ?partial=1: a page's content without the page around it; the re-analysis has a
// small address of its own) and move the bar; the box missing from the answer means the job is
// over. Then load the page again, so that its figures and notices are the finished ones —
// unless something was typed on it, or it is the answer to a form sent (its address is not
// `data-progress-page`, the page's own): then the bar is only filled. Without JavaScript the page says to
// reload it; the script hides that hint. While the bar moves its live region
// is quiet: a screen reader is not read a number every two seconds.
const box = document.querySelector("[data-progress][id]");
if (box) {
  const source = new URL(box.dataset.progressSrc || window.location.href, window.location.href);
  source.searchParams.set("partial", "1");
  const onThePage = (box.dataset.progressPage || window.location.pathname) === window.location.pathname;
  let typed = false;
  document.addEventListener("input", () => { typed = true; }, true);
  document.addEventListener("change", () => { typed = true; }, true);
  const bar = () => box.querySelector("progress");
  const count = () => box.querySelector("bdi");

  // The page again, without the notice of the form that started the job ("Re-analysis
  // started."), which is over.
  const reload = () => {
    const address = new URL(window.location.href);
    if (!address.searchParams.has("done")) { window.location.reload(); return; }
    address.searchParams.delete("done");
    address.hash = "";
    window.location.replace(address);
  };
  // This script updates the bar: the hint to reload the page is for pages without it, and
  // for when asking fails.
  const hint = (shown) => {
    box.querySelectorAll("[data-reload-hint]").forEach((h) => { h.hidden = !shown; });
  };
  hint(false);

  const finished = () => {
    if (onThePage && !typed) { reload(); return; }
    box.removeAttribute("aria-live"); // the end is said, once
    const [b, c] = [bar(), count()];
    if (b) { b.value = b.max; }
    if (c) {
      const total = c.textContent.split("/").pop().trim();
      c.textContent = `${total} / ${total}`;
    }
  };

  const poll = async () => {
    if (document.hidden) {
      // Not looked at: wait until it is.
      document.addEventListener("visibilitychange", poll, { once: true });
      return;
    }
    let response;
    try {
      response = await fetch(source, { credentials: "same-origin", headers: { "Accept": "text/html" } });
    } catch {
      hint(true);
      setTimeout(poll, 5000); // offline for a moment: try again later
      return;
    }
    if (response.redirected) { window.location.reload(); return; } // signed out meanwhile
    if (!response.ok) { hint(true); setTimeout(poll, 5000); return; }
    hint(false);
    // The partial is the server's own escaped HTML for this page; a parsed document runs no
    // script.
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById(box.id);
    if (!fresh) { finished(); return; }
    box.setAttribute("aria-live", "off");
    const [b, c] = [bar(), count()];
    const [freshBar, freshCount] = [fresh.querySelector("progress"), fresh.querySelector("bdi")];
    if (b && freshBar) { b.max = freshBar.max; b.value = freshBar.value; }
    if (c && freshCount) { c.textContent = freshCount.textContent; }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
}
