#!/usr/bin/env bash
# install-deps.sh build|test - installs the Debian 12 packages Octavo needs
# that are missing on this machine (apt-get, as root or through sudo).
#   build: compilers, the libraries Octavo links against, and the ICC
#          profiles its PDF/X files embed (libgs-common, icc-profiles-free)
#   test:  the above, plus cmocka and the validators the tests run
#          (EPUBCheck on Java, qpdf, poppler-utils, mupdf-tools)
set -euo pipefail
what=${1:-build}
build_pkgs=(cmake make gcc pkg-config libc6-dev
  libhpdf-dev libpng-dev libjpeg62-turbo-dev libgif-dev libwebp-dev librsvg2-dev zlib1g-dev libdeflate-dev libzip-dev libyaml-dev uuid-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libhyphen-dev hyphen-en-us libharfbuzz-dev libutf8proc-dev
  g++ libsource-highlight-dev
  fonts-dejavu-core fonts-symbola fonts-texgyre-math
  libgs-common icc-profiles-free)
test_pkgs=(libcmocka-dev unzip valgrind epubcheck default-jre-headless qpdf poppler-utils mupdf-tools netpbm
  fonts-urw-base35 libharfbuzz-bin ghostscript)
pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "octavo: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "octavo: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
