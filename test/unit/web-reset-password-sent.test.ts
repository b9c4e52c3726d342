/**
 * The forgot-password answer page (shared/web/reset-password-pages.ts) carries seed 004's advice: the email may be in
 * the spam folder, and for Hotmail and Outlook.com boxes, where to look and what to do so the next ones arrive.
 */
import { describe, expect, it } from 'vitest';
import { renderResetSentPage } from '../../shared/web/reset-password-pages.js';

const textOf = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replace(/\s+/g, ' ');

describe('the forgot-password answer page', () => {
  it('when it is shown in French, then it names the spam folder, and Hotmail and Outlook.com’s « Courrier indésirable »', () => {
    const text = textOf(renderResetSentPage({ locale: 'fr', ttlMinutes: 30 }).value);
    expect(text).toContain('courriers indésirables (SPAM)');
    expect(text).toContain('Avec Hotmail ou Outlook.com, regardez dans le dossier « Courrier indésirable »');
    expect(text).toContain('Le lien fonctionne 30 minutes, une seule fois.');
  });

  it('when it is shown in English, then it says the same in English', () => {
    const text = textOf(renderResetSentPage({ locale: 'en', ttlMinutes: 30 }).value);
    expect(text).toContain('spam or junk folder');
    expect(text).toContain('With Hotmail or Outlook.com, look in the “Junk Email” folder');
  });
});
