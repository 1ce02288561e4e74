// One error root for configuration problems: each issue names a JSON path, what was
// expected and the value found. The CLI maps ConfigError to exit code 2.
import { excerpt, preview } from '../input/excerpt.ts';
import { MAX_ISSUES_SHOWN } from '../input/limits.ts';
import { FaveError } from '../process/errors.ts';

export interface ConfigIssue {
  path: string; // JSON path, e.g. $.workload.rate
  message: string;
  value?: unknown;
}

export class ConfigError extends FaveError {
  readonly source: string;
  readonly issues: ConfigIssue[];
  constructor(source: string, issues: ConfigIssue[]) {
    super(
      `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` +
        issues
          .slice(0, MAX_ISSUES_SHOWN)
          .map((i) => `  ${i.path}: ${i.message}${showValue(i)}`)
          .join('\n') +
        (issues.length > MAX_ISSUES_SHOWN ? `\n  ... and ${issues.length - MAX_ISSUES_SHOWN} more` : ''),
    );
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}

function showValue(issue: ConfigIssue): string {
  if (issue.value === undefined) return '';
  // Short and escaped whatever the value: a whole array or a file's worth of text never.
  return ` (got ${preview(issue.value)})`;
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
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$-]*$/.test(part) ? `.${part}` : `[${excerpt(part)}]`))
      .join('')
  );
}
