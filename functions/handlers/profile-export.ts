/**
 * `GET /api/Profile/export`: "Télécharger mes données / Download my data" on the profile — the signed-in person's
 * data at every provider whose client they are, as one JSON download (`exportOwnData`, docs/privacy.md "Right of
 * access"). Without a session: the sign-in problem page, as every portal page.
 */
import { getDeps } from '../../shared/deps.js';
import { type ClientExportDeps, exportOwnData } from '../../shared/domain/use-cases/client-export.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { requireSession } from '../../shared/http/browser-session.js';
import { CLIENT_EXPORT_FORMAT, exportFileName, providerExportJson } from '../../shared/http/client-export-schema.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

type ProfileExportDeps = BrowserDeps & { clientFiles: ClientExportDeps };

export const profileExportHandler: Handler<ProfileExportDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const exports = await exportOwnData(deps.clientFiles, session.profile);
  const exportedAt = deps.clientFiles.clock.now();
  log.info('client.own-data.exported', { clientId: session.claims.clientId, providers: exports.length });
  return jsonResponse(
    200,
    {
      format: CLIENT_EXPORT_FORMAT,
      exportedAt: exportedAt.toISOString(),
      signInEmail: session.profile.account.email,
      providers: exports.map(providerExportJson),
    },
    { 'Content-Disposition': `attachment; filename="${exportFileName('my-data', exportedAt)}"` },
  );
};

/** `ProfileExport` as the host calls it (registered by functions/profile-export.ts, which imports this module on the first call). */
export const handler = edge(profileExportHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), clientFiles: deps.clientFiles };
});
