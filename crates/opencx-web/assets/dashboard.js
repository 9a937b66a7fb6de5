// Live dashboard: when the server announces a response for this survey (Server-Sent Events),
// fetch the dashboard's content again (same URL with ?partial=1, the screen without the page
// around it) and swap in its live part. Without JavaScript the page is complete; it just does
// not update by itself.
const live = document.getElementById("live");
const source = live && live.dataset.events;
if (source && "EventSource" in window) {
  const status = document.getElementById("live-status");
  let pending = null;
  let running = false;
  const refresh = async () => {
    pending = null;
    if (running) { pending = setTimeout(refresh, 250); return; }
    running = true;
    try {
      const url = new URL(window.location.href);
      url.searchParams.set("partial", "1");
      const response = await fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } });
      // The partial is the server's own escaped HTML for this page; a parsed document runs no
      // script.
      const fresh = response.ok && !response.redirected
        ? new DOMParser().parseFromString(await response.text(), "text/html").getElementById("live")
        : null;
      if (!fresh) {
        // Signed out meanwhile (or the page is gone): show the real page instead.
        window.location.reload();
      } else {
        live.replaceChildren(...fresh.childNodes);
        live.dataset.updated = String(Date.now());
        if (status) { status.textContent = status.dataset.updated || ""; }
      }
    } finally {
      running = false;
    }
  };
  const events = new EventSource(source, { withCredentials: true });
  events.addEventListener("response", () => {
    // Bursts of responses cause one refresh, not one each.
    if (!pending) { pending = setTimeout(refresh, 300); }
  });
}
