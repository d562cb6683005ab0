#!/usr/bin/env bash
# Build GOV.UK Frontend assets for CRAG into static/ and vendor axe-core for e2e tests.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
ASSETS="$ROOT/assets"
NM="$ASSETS/node_modules"
GOVUK="$NM/govuk-frontend/dist/govuk"
OUT="$ROOT/static/govuk"

cd "$ASSETS"
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

mkdir -p "$OUT" "$ROOT/tests/e2e/vendor"

SASS_FLAGS=(--style=compressed --no-source-map --load-path=node_modules)
if npx --no-install sass --help 2>/dev/null | grep -q -- '--\[no-\]quiet-deps'; then
  SASS_FLAGS+=(--quiet-deps)
fi
npx --no-install sass "${SASS_FLAGS[@]}" scss/crag.scss "$OUT/crag.min.css"

# ES module bundle (+ its source map, referenced by sourceMappingURL; Django's
# ManifestStaticFilesStorage fails collectstatic if the map is missing).
cp "$GOVUK/govuk-frontend.min.js" "$OUT/govuk-frontend.min.js"
if [[ -f "$GOVUK/govuk-frontend.min.js.map" ]]; then
  cp "$GOVUK/govuk-frontend.min.js.map" "$OUT/govuk-frontend.min.js.map"
fi

# Images (+ manifest, rebrand if present). Fonts deliberately not copied: we use Arial.
rm -rf "$OUT/assets"
mkdir -p "$OUT/assets"
cp -R "$GOVUK/assets/images" "$OUT/assets/images"
[[ -f "$GOVUK/assets/manifest.json" ]] && cp "$GOVUK/assets/manifest.json" "$OUT/assets/manifest.json"
[[ -d "$GOVUK/assets/rebrand" ]] && cp -R "$GOVUK/assets/rebrand" "$OUT/assets/rebrand"

cp "$NM/axe-core/axe.min.js" "$ROOT/tests/e2e/vendor/axe.min.js"

echo "Built: $OUT/crag.min.css, $OUT/govuk-frontend.min.js, $OUT/assets/, tests/e2e/vendor/axe.min.js"
