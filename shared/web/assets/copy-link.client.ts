/**
 * The console's copy button for what a professional passes on to a client: an invitation's link ("give me the
 * link", a read-only field) or a temporary password (an `<output>`). Progressive — without this script the button
 * stays hidden and the text is selectable. With it, the button shows, copies the text (Clipboard API, else selecting
 * it for the person to copy) and says so in a polite live region. No inline handler, no innerHTML: the page's CSP
 * allows `script-src 'self'` only.
 */
for (const box of document.querySelectorAll<HTMLElement>('[data-copy-link]')) {
  const source = box.querySelector<HTMLInputElement | HTMLOutputElement>('[data-copy-source]');
  const button = box.querySelector<HTMLButtonElement>('[data-copy-button]');
  const status = box.querySelector<HTMLElement>('[data-copy-status]');
  if (!source || !button || !status) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    if (source instanceof HTMLInputElement) {
      source.focus();
      source.select();
    } else {
      window.getSelection()?.selectAllChildren(source);
    }
    try {
      await navigator.clipboard.writeText(source.value);
      status.textContent = status.dataset.copied ?? '';
    } catch {
      // The text stays selected: the person copies it with the keyboard or the menu.
    }
  });
}

export {};
