#!/usr/bin/env bash
# Runs Ceph's s3-tests (the in-scope groups, see fave_s3_groups.py) against the FAVE
# embedded S3 server, opt-in and outside `npm test`. See README.md here.
#
#   live/s3/conformance/run.sh <s3-tests dir> [<output dir>]
#
# <s3-tests dir>: a checkout or export of ceph/s3-tests at S3_TESTS_COMMIT. If the directory
#   does not exist, it is cloned there from $S3_TESTS_REPO (default the GitHub repository;
#   any git URL or local mirror works) and the pinned commit is checked out: a cache dir.
# <output dir>: where pytest.log, server.log, summary.json and summary.md go
#   (default: a new directory under ${TMPDIR:-/tmp}).
#
# The server runs from this worktree (npx tsx live/s3/main.ts) on a free 127.0.0.1 port with
# a fresh random key pair and a fresh data dir, both deleted afterwards.
set -euo pipefail

S3_TESTS_COMMIT=8f0ae7b404a3a2fcf7038bf1e6bf29544fe9b6a3 # ceph/s3-tests master, 2026-05-07
S3_TESTS_REPO=${S3_TESTS_REPO:-https://github.com/ceph/s3-tests.git}

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
tests_dir=$1
out_dir=${2:-$(mktemp -d "${TMPDIR:-/tmp}/fave-s3-conformance.XXXXXX")}

# Python and the modules s3-tests imports (Debian packages in debian-packages.txt).
if ! command -v python3 >/dev/null 2>&1 ||
  ! python3 -c 'import boto3, botocore, pytest, munch, isodate, pytz, dateutil, requests, yaml' 2>/dev/null; then
  echo "run.sh: s3-tests needs python3 with boto3, pytest, munch, isodate, pytz, dateutil, requests and yaml." >&2
  echo "install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends $(tr '\n' ' ' < "$here/debian-packages.txt")" >&2
  echo "  (or: pip install boto3 pytest munch isodate pytz python-dateutil requests pyyaml)" >&2
  exit 3
fi

if [ ! -e "$tests_dir" ]; then
  echo "run.sh: cloning s3-tests from $S3_TESTS_REPO into $tests_dir"
  git clone --quiet "$S3_TESTS_REPO" "$tests_dir"
  git -C "$tests_dir" -c advice.detachedHead=false checkout --quiet "$S3_TESTS_COMMIT"
fi
if [ ! -f "$tests_dir/s3tests/functional/test_s3.py" ]; then
  echo "run.sh: $tests_dir is not an s3-tests checkout (no s3tests/functional/test_s3.py)" >&2
  exit 2
fi
if [ -e "$tests_dir/.git" ]; then
  head=$(git -C "$tests_dir" rev-parse HEAD)
  if [ "$head" != "$S3_TESTS_COMMIT" ]; then
    echo "run.sh: $tests_dir is at $head, not the pinned $S3_TESTS_COMMIT" >&2
    exit 2
  fi
else
  echo "run.sh: $tests_dir is not a git checkout; assuming it is an export of $S3_TESTS_COMMIT"
fi

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fave-s3-conformance-work.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A scratch copy of the tests, its cleanup patched to work without versioning.
cp -R "$tests_dir/s3tests" "$tests_dir/pytest.ini" "$work/"
python3 "$here/patch_cleanup.py" "$work"

# Fresh credentials, known only to this run; the secret goes through a file, never argv.
access_key=FAVE$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F')
umask 077
head -c 30 /dev/urandom | base64 | tr -d '\n/+=' > "$work/secret"
secret_key=$(cat "$work/secret")
mkdir "$work/data"

(
  cd "$repo"
  exec env S3_DATA_DIR="$work/data" S3_HOST=127.0.0.1 S3_PORT=0 S3_ACCESS_KEY="$access_key" \
    S3_SECRET_KEY_FILE="$work/secret" node --import tsx live/s3/main.ts
) > "$out_dir/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's|^FAVE S3 listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$out_dir/server.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "run.sh: the S3 server did not start; its output:" >&2
  cat "$out_dir/server.log" >&2
  exit 1
fi

# One key pair: the alt and tenant users are the main user (their tests are deselected).
user() {
  printf '[%s]\ndisplay_name = fave\nuser_id = fave\nemail = fave@localhost\naccess_key = %s\nsecret_key = %s\n' \
    "$1" "$access_key" "$secret_key"
}
{
  printf '[DEFAULT]\nhost = 127.0.0.1\nport = %s\nis_secure = False\nssl_verify = False\n\n' "$port"
  printf '[fixtures]\nbucket prefix = fave-{random}-\n\n'
  user 's3 main'; printf 'api_name = us-east-1\n\n'
  user 's3 alt'; echo
  user 's3 tenant'; printf 'tenant = fave\n\n'
  user 'iam'; echo
  user 'iam root'; echo
  user 'iam alt root'
} > "$work/s3tests.conf"

echo "run.sh: s3-tests $S3_TESTS_COMMIT against $(git -C "$repo" rev-parse --short HEAD) on 127.0.0.1:$port; output in $out_dir"
status=0
(
  cd "$work"
  S3TEST_CONF="$work/s3tests.conf" FAVE_S3_SUMMARY="$out_dir/summary.json" PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" \
    AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    python3 -m pytest -p fave_s3_groups -p no:cacheprovider -q -rfE --tb=short \
    s3tests/functional/test_s3.py s3tests/functional/test_headers.py
) > "$out_dir/pytest.log" 2>&1 || status=$?
python3 "$here/summarize.py" "$out_dir/summary.json" "$S3_TESTS_COMMIT" "$(git -C "$repo" rev-parse HEAD)" > "$out_dir/summary.md"
cat "$out_dir/summary.md" | sed -n '1,/^## Failures/p'
echo "run.sh: pytest exit status $status; transcript $out_dir/pytest.log"
# pytest exits 1 when some test failed: that is a result, not an error of this script.
[ "$status" -le 1 ] || exit "$status"
