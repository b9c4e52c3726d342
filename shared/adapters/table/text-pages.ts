/**
 * Long text (JSON) kept in Table Storage as pages: rows of one string column each, small enough for Azure's
 * property limit once counted in UTF-16 (the live service refuses a string above 64 KB, "32K characters or less").
 * A page never ends between the two halves of a surrogate pair, so each page is valid text on its own.
 */
export const PAGE_CHARS = 30_000;

export function textPages(text: string, size = PAGE_CHARS): string[] {
  const pages: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pages.push(text.slice(start, end));
    start = end;
  }
  return pages;
}

/** Row keys of pages sort in page order. */
export const pageKey = (prefix: string, n: number) => `${prefix}${String(n).padStart(5, '0')}`;
