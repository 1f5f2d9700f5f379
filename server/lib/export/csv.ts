/**
 * CSV for people who open it in a spreadsheet (RFC 4180, CRLF line ends). A UTF-8 byte-order mark
 * makes Excel read Dari and Pashto as UTF-8 instead of the system code page.
 */

export const UTF8_BOM = '\uFEFF'

/**
 * One cell. A cell a spreadsheet would take for a formula (it begins with = + - @, or a tab or
 * carriage return before one) gets a leading apostrophe, so "=HYPERLINK(…)" typed into a title is shown,
 * never run (OWASP "CSV injection"). Quotes, commas and line breaks are quoted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRow(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/** A whole document: BOM, header, rows. */
export function csvDocument(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>
): string {
  return UTF8_BOM + csvRow(header) + rows.map(csvRow).join('')
}
