/** A short, stable, valid index name for a table's VERSION index (fits Oracle's 30-character limit). */
export function versionIndexName(qualifiedTable: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < qualifiedTable.length; i++) {
    h ^= qualifiedTable.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `DHUO_VERSION_IX_${h.toString(16).toUpperCase().padStart(8, '0')}`;
}
