"""Renders the summary.json fave_s3_groups.py wrote as Markdown (per group, then failures).

Usage: python3 summarize.py <summary.json> <s3-tests commit> <FAVE commit>
"""

import datetime
import json
import sys


def main(path: str, tests_commit: str, fave_commit: str) -> None:
    summary = json.load(open(path))
    print(f'Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; '
          f'ceph/s3-tests {tests_commit[:12]}; FAVE {fave_commit[:12]}.\n')
    print('| group | passed | failed | in scope |')
    print('|---|---:|---:|---:|')
    total = {'passed': 0, 'failed': 0, 'total': 0}
    for group, counts in summary['groups'].items():
        print(f"| {group} | {counts['passed']} | {counts['failed'] + counts['skipped']} | {counts['total']} |")
        total['passed'] += counts['passed']
        total['failed'] += counts['failed'] + counts['skipped']
        total['total'] += counts['total']
    print(f"| **all** | **{total['passed']}** | **{total['failed']}** | **{total['total']}** |\n")
    print('Deselected (out of scope): ' + ', '.join(
        f'{reason} {count}' for reason, count in sorted(summary['deselected'].items(), key=lambda kv: -kv[1])) + '.\n')
    print('## Failures\n')
    for group in summary['groups']:
        failed = [t for t in summary['tests'] if t['group'] == group and t['outcome'] != 'passed']
        if not failed:
            continue
        print(f'### {group}\n')
        for test in sorted(failed, key=lambda t: t['test']):
            error = (test['error'] or test['outcome']).replace('|', '\\|')
            print(f"- `{test['test']}`: {error[:200]}")
        print()


if __name__ == '__main__':
    main(*sys.argv[1:4])
