/** Text for HTML: `&`, `<`, `>` and `"` escaped (element content and double-quoted attributes). */
export const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")
