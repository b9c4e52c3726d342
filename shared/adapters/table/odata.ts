/**
 * OData filter literals, quoted the way `@azure/data-tables`' `odata` tag quotes them (strings in single quotes with
 * quotes doubled), without importing the SDK when the app loads.
 */
export function odata(strings: TemplateStringsArray, ...values: Array<string | number | boolean>): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const literal = typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
    out += literal + (strings[i + 1] ?? '');
  });
  return out;
}
