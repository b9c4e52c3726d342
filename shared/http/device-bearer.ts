/** The device credential of a device call (`Authorization: Bearer <deviceToken>`, docs/mobile-app.md), or undefined. */
export function deviceBearer(header: string | null): string | undefined {
  return /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/i.exec(header?.trim() ?? '')?.[1];
}
