// One error root for configuration problems: each issue names a JSON path, what was
// expected and the value found. The CLI maps ConfigError to exit code 2.

export interface ConfigIssue {
  path: string; // JSON path, e.g. $.workload.rate
  message: string;
  value?: unknown;
}

export class ConfigError extends Error {
  readonly source: string;
  readonly issues: ConfigIssue[];
  constructor(source: string, issues: ConfigIssue[]) {
    super(
      `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` +
        issues.map((i) => `  ${i.path}: ${i.message}${showValue(i)}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}

function showValue(issue: ConfigIssue): string {
  if (issue.value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(issue.value);
  } catch {
    text = String(issue.value);
  }
  if (text === undefined) return '';
  return ` (got ${text.length > 60 ? text.slice(0, 57) + '...' : text})`;
}

/** `/a/b/0` (JSON pointer, as ajv reports) -> `$.a.b[0]` */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$-]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
      .join('')
  );
}
