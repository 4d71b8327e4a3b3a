// Reads environment variables for a new service from a `.env` file or from typed `KEY=VALUE`
// text, with the dotenv rules people expect: `export` prefixes, comments, single quotes taken
// literally, double quotes with \n \t \" \\ escapes and line breaks, inline ` #` comments
// after unquoted values.

export interface EnvProblem {
  line: number;
  message: string;
}

export interface EnvParseResult {
  vars: Record<string, string>;
  problems: EnvProblem[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** App Runner sets PORT itself; the others are reserved for App Runner. */
export function envNameProblem(name: string): string | undefined {
  if (!NAME.test(name)) {
    return `"${name}" is not a valid variable name (letters, digits and _, not starting with a digit)`;
  }
  if (name === 'PORT') {
    return 'PORT is set by App Runner to the service port; set the port instead';
  }
  if (name.toUpperCase().startsWith('AWSAPPRUNNER')) {
    return `${name}: names starting with AWSAPPRUNNER are reserved by App Runner`;
  }
  return undefined;
}

export function parseEnvFile(text: string): EnvParseResult {
  const vars: Record<string, string> = {};
  const problems: EnvProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push({ line: lineNo, message: `expected KEY=VALUE, found "${line.length > 40 ? `${line.slice(0, 40)}…` : line}"` });
      continue;
    }
    const name = m[1];
    let raw = m[2];
    let value: string;
    if (raw.startsWith('"')) {
      // A double-quoted value may run over several lines until the closing quote.
      let body = raw.slice(1);
      let end = closingQuote(body);
      while (end < 0 && i + 1 < lines.length) {
        body += `\n${lines[++i]}`;
        end = closingQuote(body);
      }
      if (end < 0) {
        problems.push({ line: lineNo, message: `${name}: the double quote is never closed` });
        continue;
      }
      value = body.slice(0, end).replace(/\\([nrt"\\$])/g, (_all, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
      raw = body.slice(end + 1);
    } else if (raw.startsWith("'")) {
      const end = raw.indexOf("'", 1);
      if (end < 0) {
        problems.push({ line: lineNo, message: `${name}: the single quote is never closed` });
        continue;
      }
      value = raw.slice(1, end);
      raw = raw.slice(end + 1);
    } else {
      value = raw.replace(/\s+#.*$/, '').trim();
      raw = '';
    }
    if (raw.trim() !== '' && !raw.trim().startsWith('#')) {
      problems.push({ line: lineNo, message: `${name}: unexpected text after the closing quote` });
      continue;
    }
    const problem = envNameProblem(name);
    if (problem) {
      problems.push({ line: lineNo, message: problem });
      continue;
    }
    if (name in vars) {
      problems.push({ line: lineNo, message: `${name} is set again; the last value wins` });
    }
    vars[name] = value;
  }
  return { vars, problems };
}

/** Index of the first unescaped double quote, or -1. */
function closingQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '"') {
      return i;
    }
  }
  return -1;
}
