/**
 * The mailbox web page of the local ACS: what a developer opens to read the invitations, codes and SMS the
 * app sent, and click their links. Message content is attacker-controlled as far as this page is concerned
 * (it is whatever the app put in an email), so everything is escaped, only http(s) URLs become links, and an
 * HTML body is shown in a sandboxed srcdoc iframe (no scripts, forms or top navigation) under a policy that allows
 * no script at all.
 */
import type { StoredMessage, StoredRecord } from './store.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

/** Drops the punctuation that ends a sentence after a URL, and a closing bracket the URL did not open. */
function trimUrl(url: string): string {
  let trimmed = url.replace(/[.,;:!?]+$/, '');
  while (/[)\]}]$/.test(trimmed) && !/[([{]/.test(trimmed)) trimmed = trimmed.slice(0, -1).replace(/[.,;:!?]+$/, '');
  return trimmed;
}

/** Escaped text in which every http(s) URL is a link. */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    html += escapeHtml(text.slice(last, match.index));
    html += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every distinct http(s) URL in the text and in the HTML body's links, for a one-click list. */
export function extractLinks(text: string, html?: string): string[] {
  const links = [...text.matchAll(URL_PATTERN)].map((m) => trimUrl(m[0]));
  for (const m of (html ?? '').matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const href = decodeEntities((m[1] ?? m[2] ?? '').trim());
    if (/^https?:\/\//i.test(href)) links.push(href);
  }
  return [...new Set(links)];
}

function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function summary(message: StoredMessage): string {
  if (message.subject !== undefined) return message.subject;
  const text = message.text.replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; line-height: 1.5; color: #1b1b1b; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ccc; vertical-align: top; }
  caption { text-align: left; font-weight: bold; padding: .4rem 0; }
  a { color: #0645ad; } a:focus, button:focus, input:focus { outline: 3px solid #1a73e8; outline-offset: 2px; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: .8rem; border: 1px solid #ddd; }
  iframe { width: 100%; height: 32rem; border: 1px solid #ddd; background: #fff; }
  dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; } dt { font-weight: bold; } dd { margin: 0; }
  form { margin: 1rem 0; display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
  input, button { font: inherit; padding: .3rem .5rem; }
  .note { color: #555; font-size: .9rem; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function renderMailboxPage(messages: StoredMessage[], filter?: string): string {
  const rows = messages
    .map(
      (m) => `<tr>
<td>${m.kind === 'email' ? 'Email' : 'SMS'}</td>
<td>${escapeHtml(m.to)}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}.html">${escapeHtml(summary(m)) || '(empty)'}</a></td>
<td><time datetime="${escapeHtml(m.sentAt)}">${escapeHtml(formatTime(m.sentAt))}</time></td>
</tr>`,
    )
    .join('\n');
  const caption = filter
    ? `${messages.length} message${messages.length === 1 ? '' : 's'} to ${escapeHtml(filter)}, newest first`
    : `${messages.length} message${messages.length === 1 ? '' : 's'}, newest first`;
  const table = messages.length
    ? `<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">To</th><th scope="col">Subject or text</th><th scope="col">Sent</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : `<p>${filter ? `No messages to ${escapeHtml(filter)}.` : 'No messages yet.'}</p>`;
  return page(
    'Local mailbox',
    `<h1>Local mailbox</h1>
<p class="note">Every email and SMS sent through the local Azure Communication Services. Development only.
<a href="/">Refresh</a> · <a href="/messages">JSON</a></p>
<form method="get" action="/" role="search">
<label for="to">Recipient (email or phone)</label>
<input id="to" name="to" type="search" value="${escapeHtml(filter ?? '')}" autocomplete="off">
<button type="submit">Filter</button>
${filter ? '<a href="/">Show all</a>' : ''}
</form>
${table}`,
  );
}

/**
 * What the email's HTML may do in its preview frame: open its links in a new tab, outside the sandbox (so the app's
 * own pages work there), and nothing else — no script (no `allow-scripts`; the page's policy, which a srcdoc frame
 * inherits, has no `script-src` either), no form, no navigation of the mailbox page (no `allow-top-navigation*`).
 * `allow-same-origin` keeps the frame in the mailbox's origin: Chromium gives a sandboxed frame with an opaque origin
 * a renderer process of its own, which its screenshots and full-page captures often show blank (issue 9, defect
 * 12). Without scripts on either side, sharing the origin gives the email nothing to use.
 */
export const PREVIEW_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export function renderMessagePage(message: StoredMessage, record: StoredRecord): string {
  const title = message.subject ?? `SMS to ${message.to}`;
  const others = (field: 'to' | 'cc') =>
    record.recipients
      .filter((r) => r.field === field)
      .map((r) => escapeHtml(r.address))
      .join(', ');
  const details: Array<[string, string]> = [
    ['Kind', message.kind === 'email' ? 'Email' : 'SMS'],
    ['From', escapeHtml(message.from)],
    ['To', message.kind === 'email' ? others('to') || escapeHtml(message.to) : escapeHtml(message.to)],
  ];
  if (others('cc')) details.push(['Cc', others('cc')]);
  if (record.recipients.some((r) => r.field === 'bcc' && r.id === message.id))
    details.push(['Bcc', escapeHtml(message.to)]);
  if (record.replyTo?.length) details.push(['Reply to', record.replyTo.map(escapeHtml).join(', ')]);
  details.push([
    'Sent',
    `<time datetime="${escapeHtml(message.sentAt)}">${escapeHtml(formatTime(message.sentAt))}</time>`,
  ]);
  const links = extractLinks(message.text, message.html);
  // <base target> makes links in the HTML body open in a new tab instead of inside the sandboxed frame.
  const htmlSection =
    message.html === undefined
      ? ''
      : `<h2>HTML version</h2>
<iframe title="HTML version of the email" sandbox="${PREVIEW_SANDBOX}" srcdoc="${escapeHtml(`<base target="_blank">${message.html}`)}"></iframe>`;
  return page(
    `${title} – Local mailbox`,
    `<p><a href="/">Back to the mailbox</a></p>
<h1>${escapeHtml(title)}</h1>
<dl>
${details.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>
${links.length ? `<h2>Links</h2>\n<ul>\n${links.map((l) => `<li><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></li>`).join('\n')}\n</ul>` : ''}
<h2>Text</h2>
<pre>${linkify(message.text)}</pre>
${htmlSection}
<p class="note"><a href="/messages/${encodeURIComponent(message.id)}">This message as JSON</a></p>`,
  );
}

export function renderNotFoundPage(): string {
  return page(
    'Message not found – Local mailbox',
    '<h1>Message not found</h1>\n<p><a href="/">Back to the mailbox</a></p>',
  );
}
