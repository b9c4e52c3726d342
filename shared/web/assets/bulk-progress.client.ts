/**
 * The batch page kept live: while the bulk is in progress (`data-batch-status="processing"`), the page is fetched
 * again every few seconds and its live part (state, progress bar, totals, rows not invited) takes the fresh one's
 * content; it stops when the bulk is done, or when the page cannot be fetched (signed out, offline: the "Refresh"
 * link is still there). Without this script the page is right when loaded, and "Refresh" reloads it. No inline
 * script, no innerHTML: nodes parsed from the page the service rendered are moved in (CSP `script-src 'self'`,
 * `connect-src 'self'`).
 */
const live = document.querySelector<HTMLElement>('[data-batch-live]');
const EVERY_MS = 2000;

async function poll(region: HTMLElement): Promise<void> {
  if (region.dataset.batchStatus !== 'processing') return;
  try {
    const answer = await fetch(location.href, {
      credentials: 'same-origin',
      redirect: 'error',
      headers: { accept: 'text/html' },
    });
    if (!answer.ok) return;
    const fresh = new DOMParser()
      .parseFromString(await answer.text(), 'text/html')
      .querySelector<HTMLElement>('[data-batch-live]');
    if (!fresh) return;
    region.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
    region.dataset.batchStatus = fresh.dataset.batchStatus ?? 'completed';
    region.querySelector('[data-batch-state]')?.setAttribute('role', 'status');
  } catch {
    return;
  }
  setTimeout(() => void poll(region), EVERY_MS);
}

if (live) {
  // Screen readers hear the state when it changes, not every number.
  live.querySelector('[data-batch-state]')?.setAttribute('role', 'status');
  setTimeout(() => void poll(live), EVERY_MS);
}

export {};
