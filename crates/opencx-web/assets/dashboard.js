// Live dashboard: when the server announces a response for this survey (Server-Sent Events),
// fetch the dashboard's live part again (same URL with ?partial=1) and swap it in. Without
// JavaScript the page is complete; it just does not update by itself.
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
      if (response.redirected || !response.ok) {
        // Signed out meanwhile (or the page is gone): show the real page instead.
        window.location.reload();
      } else {
        // The fragment is the server's own escaped HTML for this page.
        live.innerHTML = await response.text();
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
