/**
 * GET / of the local Entra ID: a developer's map of the tenants, their endpoints and app registrations
 * (client ids only — never secrets or passwords).
 */
import type { TenantSpec } from './directory.js';
import { html, layout } from './html.js';

export function indexPage(baseUrl: string, tenants: TenantSpec[], nonce: string): string {
  const body = html`<h1>Local Entra ID</h1>
<p>An OpenID provider in Microsoft Entra ID's URL shapes, for development and tests.</p>
${tenants.map(
  (t) => html`<section aria-labelledby="t-${t.id}">
<h2 id="t-${t.id}">${t.displayName}</h2>
<dl>
<dt>Kind</dt><dd>${t.kind}</dd>
<dt>Tenant id</dt><dd><code>${t.id}</code></dd>
<dt>Domain</dt><dd>${t.domain}</dd>
<dt>Authority</dt><dd><code>${baseUrl}/${t.id}</code></dd>
<dt>Discovery</dt><dd><a href="/${t.id}/v2.0/.well-known/openid-configuration">openid-configuration</a></dd>
<dt>Keys</dt><dd><a href="/${t.id}/discovery/v2.0/keys">JWKS</a></dd>
</dl>
<h3>App registrations</h3>
<ul>${t.apps.map((a) => html`<li>${a.displayName}: <code>${a.clientId}</code>${a.identifierUri ? html` (<code>${a.identifierUri}</code>)` : ''}</li>`)}</ul>
</section>`,
)}
<h2>Microsoft Graph</h2>
<p><code>${baseUrl}/v1.0/users</code> with a client-credentials token for <code>https://graph.microsoft.com/.default</code>.</p>`;
  return layout({ locale: 'en', title: 'Local Entra ID', banner: 'Local Entra ID', nonce, body });
}
