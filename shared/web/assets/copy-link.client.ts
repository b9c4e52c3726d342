/**
 * The console's copy button for an invitation's link ("give me the link"): progressive — without this script the
 * button stays hidden and the link is selectable text in a read-only field. With it, the button shows, copies the
 * link (Clipboard API, else selecting the text for the person to copy) and says so in a polite live region. No
 * inline handler, no innerHTML: the page's CSP allows `script-src 'self'` only.
 */
for (const box of document.querySelectorAll<HTMLElement>('[data-copy-link]')) {
  const source = box.querySelector<HTMLInputElement>('[data-copy-source]');
  const button = box.querySelector<HTMLButtonElement>('[data-copy-button]');
  const status = box.querySelector<HTMLElement>('[data-copy-status]');
  if (!source || !button || !status) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    source.focus();
    source.select();
    try {
      await navigator.clipboard.writeText(source.value);
      status.textContent = status.dataset.copied ?? '';
    } catch {
      // The text stays selected: the person copies it with the keyboard or the menu.
    }
  });
}

export {};
