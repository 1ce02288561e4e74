#!/usr/bin/env bash
# Deploys the pipeline to a real OpenFaaS (faas-netes) cluster:
#   1. S3 secrets (from S3_ACCESS_KEY / S3_SECRET_KEY, or generated once into .fave/secrets)
#   2. MinIO in openfaas-fn (live/openfaas/minio.yaml)
#   3. the gateway's and faas-netes' timeouts raised to the orchestrator's 600 s (helm)
#   4. one build context per function (live/images/build-contexts.ts: the stage's sources and
#      the packages it loads, nothing else), then `faas-cli up` from live/openfaas/, where
#      faas-cli finds its `dockerfile` template (template/, shipped: no download)
# The bucket (S3_BUCKET, default fave) is created by the first client that uploads an input
# (npm run live -- run, npm run calibrate: stages/runtime/ensure-bucket.ts).
# Needs: faas-cli logged in (faas-cli login), kubectl, docker with push rights to $REGISTRY;
# helm, for the timeouts (without it the command to run is printed); Node and this
# repository's npm packages installed (npm ci), for the build contexts.
set -euo pipefail
cd "$(dirname "$0")/../.."
STACK=live/openfaas/stack.yml
SECRETS=.fave/secrets
mkdir -p "$SECRETS" && chmod 700 "$SECRETS"

secret() { # name, env var: value from env, else the file, else a new random one
  local name=$1 var=$2 file="$SECRETS/$1"
  if [ -n "${!var:-}" ]; then printf '%s' "${!var}" > "$file"; fi
  if [ ! -s "$file" ]; then head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file"; fi
  chmod 600 "$file"
  faas-cli secret create "$name" --from-file "$file" 2>/dev/null \
    || faas-cli secret update "$name" --from-file "$file"
  kubectl -n openfaas-fn create secret generic "$name" --from-file "$name=$file" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
}
secret s3-access-key S3_ACCESS_KEY
secret s3-secret-key S3_SECRET_KEY

kubectl apply -f live/openfaas/minio.yaml
kubectl -n openfaas-fn rollout status deployment/minio --timeout=120s

# The chart's defaults (60 s) end a whole-pipeline call with a 502 long before the
# orchestrator's 600 s exec_timeout: raise them, keeping the rest of the install's values.
# Value names: the openfaas chart's values.yaml (gateway.*, faasnetes.*).
TIMEOUTS=gateway.upstreamTimeout=600s,gateway.readTimeout=605s,gateway.writeTimeout=605s,faasnetes.readTimeout=605s,faasnetes.writeTimeout=605s
if command -v helm >/dev/null && helm -n openfaas status openfaas >/dev/null 2>&1; then
  helm -n openfaas upgrade openfaas openfaas/openfaas --reuse-values --set "$TIMEOUTS"
else
  echo "warning: timeouts not raised (no helm, or no 'openfaas' release in namespace openfaas); run:" >&2
  echo "  helm -n openfaas upgrade openfaas openfaas/openfaas --reuse-values --set $TIMEOUTS" >&2
fi

# Build contexts: faas-cli's dockerfile language builds each handler folder on its own. Each
# image installs only what its stage loads (docs/images.md); the command prints each one's
# packages and the size of its node_modules.
npx tsx live/images/build-contexts.ts --stack "$STACK"

# faas-cli reads ./template/ and writes ./build/<function>/ relative to where it runs.
cd live/openfaas
faas-cli up -f stack.yml
echo "deployed; try: (cd live/openfaas && faas-cli invoke -f stack.yml orchestrator)"
