const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => HTML_ESCAPES[char])
}

/** Only http(s) and in-page links are emitted; anything else (javascript:, data:) becomes "#". */
export function safeHref(url: string | null | undefined): string {
  if (!url) return '#'
  if (url.startsWith('#')) return escapeHtml(url)
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? escapeHtml(url) : '#'
  } catch {
    return '#'
  }
}

/** JSON for a `<script type="application/ld+json">`: nothing in it can close the script element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** "2025-06-27" → "June 27, 2025" (UTC, so the date never shifts by a time zone). */
export function formatDate(isoDate: string | null | undefined): string | undefined {
  if (!isoDate || !/^\d{4}-\d{2}-\d{2}/.test(isoDate)) return undefined
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return undefined
  return date.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  })
}
