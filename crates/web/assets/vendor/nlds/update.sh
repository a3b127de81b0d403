#!/usr/bin/env bash
# Re-vendors the NL Design System CSS the website uses, from the npm
# registry (npm pack; nothing is built). Run from anywhere; then review the
# diff and the README's versions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
TOKENS=@rijkshuisstijl-community/design-tokens@11.1.0
COMPONENTS=@rijkshuisstijl-community/components-css@12.0.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "$TOKENS" "$COMPONENTS" >/dev/null
mkdir t c
tar xzf rijkshuisstijl-community-design-tokens-*.tgz -C t
tar xzf rijkshuisstijl-community-components-css-*.tgz -C c
cp t/package/dist/index.css "$here/tokens.css"
cp t/package/LICENSE.md "$here/LICENSE-design-tokens.md"
cp c/package/dist/index.css "$here/components.css"
cp c/package/LICENSE.md "$here/LICENSE-components-css.md"
sha256sum "$here/tokens.css" "$here/components.css"
