#!/usr/bin/env bash
# Rewrites docs/assets/javascripts/vendor/minisearch.min.js from the pinned npm package
# (tools/search/package-lock.json): MiniSearch's own UMD build, minified, with its licence.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
out=../../docs/assets/javascripts/vendor/minisearch.min.js
version=$(node -p 'require("./node_modules/minisearch/package.json").version')
{
  echo "/*! MiniSearch ${version} (npm: minisearch), MIT licence, (c) Luca Ongaro. Minified by tools/search/vendor.sh."
  sed 's/^/ * /' node_modules/minisearch/LICENSE.txt
  echo " */"
  node_modules/.bin/esbuild node_modules/minisearch/dist/umd/index.js --minify --target=es2018 --legal-comments=none
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
