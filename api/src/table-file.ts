import ExcelJS from 'exceljs'

export interface Table {
  /** Sheet name and file name stem. */
  name: string
  columns: { header: string; width?: number }[]
  rows: (string | number | null)[][]
}

// A cell that starts like a formula is run by Excel when the CSV is opened (CSV injection):
// post text is untrusted, so such a cell is prefixed with an apostrophe and stays text.
const FORMULA_START = /^[=+\-@\t\r]/

function csvCell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** UTF-8 with a byte-order mark, CRLF lines: what Excel needs to read Chinese text without mojibake. */
export function toCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvCell(c.header)), ...table.rows.map((r) => r.map(csvCell))]
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`
}

/** One worksheet; every value is written as a plain value, never as a formula. */
export async function toXlsx(table: Table): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(table.name)
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? 14 }))
  sheet.getRow(1).font = { bold: true }
  for (const row of table.rows) sheet.addRow(row)
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
