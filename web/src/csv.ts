// CSV as RFC 4180 defines it, read in the browser (no dependency: 60 lines cost less than a
// library in the bundle). Fields are separated by commas, records by CRLF or LF; a field in
// double quotes may hold commas, line breaks and "" for a quote. A UTF-8 byte-order mark
// (Excel writes one) is dropped. Each record keeps the line number it starts on, so that a
// refusal can name the line a person sees in a text editor.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(readonly line: number, readonly reason: 'unclosed_quote' | 'text_after_quote') {
    super(`${reason} at line ${line}`);
  }
}

/** The records of a CSV text; blank lines are skipped. Throws CsvError on a malformed quote. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field was quoted (so "" is a field, not a blank line)
  let line = 1;
  let start = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) records.push({ line: start, fields });
    fields = [];
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '"' && field === '' && !quoted) {
      const quoteLine = line;
      quoted = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvError(quoteLine, 'unclosed_quote');
        if (src[i] === '"') {
          if (src[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (src[i] === '\n') line++;
        field += src[i++];
      }
      // After the closing quote: a separator, a line end or the end of the text.
      if (i < src.length && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n'))
        throw new CsvError(line, 'text_after_quote');
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      endRecord();
      i += c === '\r' ? 2 : 1;
      line++;
      start = line;
    } else {
      field += c;
      i++;
    }
  }
  if (fields.length > 0 || field !== '' || quoted) endRecord();
  return records;
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
