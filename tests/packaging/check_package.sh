#!/usr/bin/env bash
# Builds the Debian package with cpack into a temporary folder and checks it without installing it:
# its file list (dpkg-deb -c), its control fields (runtime dependencies, never -dev packages), and the
# programs run from the unpacked tree — the CLI finds the installed built-ins, the studio its translations.
#   check_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "error: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$out" > "$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; fail "cpack -G DEB failed"; }
debs=("$out"/vitquant_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "cpack made no vitquant_*.deb in $out"
deb=${debs[0]}
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
expect=(./usr/bin/vitquant ./usr/bin/vitquant-studio
        ./usr/share/vitquant/translations/vitquant_ja.qm ./usr/share/vitquant/translations/vitquant_zh_CN.qm
        ./usr/share/applications/io.github.vitquant.Studio.desktop ./usr/share/metainfo/io.github.vitquant.Studio.metainfo.xml
        ./usr/share/icons/hicolor/scalable/apps/io.github.vitquant.Studio.svg
        ./usr/share/man/man1/vitquant.1.gz ./usr/share/man/man1/vitquant-studio.1.gz)
for size in 16 24 32 48 64 128 256; do expect+=("./usr/share/icons/hicolor/${size}x${size}/apps/io.github.vitquant.Studio.png"); done
for model in "$source"/resources/models/*/; do
  name=$(basename "$model")
  expect+=("./usr/share/vitquant/models/$name/config.json" "./usr/share/vitquant/models/$name/model.safetensors")
done
for path in "${expect[@]}"; do grep -qxF "$path" <<< "$contents" || fail "$(basename "$deb") lacks $path"; done
echo "contents: all ${#expect[@]} expected files present"

[[ $(dpkg-deb -f "$deb" Package) == vitquant ]] || fail "package name is not vitquant"
depends=$(dpkg-deb -f "$deb" Depends)
echo "depends: $depends"
for lib in libtorch libqt6widgets6 libqt6svg6 libqcustomplot libopencv-imgcodecs libopenblas0-openmp; do
  grep -q "$lib" <<< "$depends" || fail "Depends lacks $lib"
done
if grep -qE -- '-dev([ ,(]|$)' <<< "$depends"; then fail "Depends names a -dev package"; fi

root="$out/root"
dpkg-deb -x "$deb" "$root"
version=$(env -u VITQUANT_RESOURCES "$root/usr/bin/vitquant" --version)
echo "$version"
grep -q "^vitquant [0-9]" <<< "$version" || fail "installed vitquant --version printed no version"
grep -qxF "resources: $root/usr/share/vitquant" <<< "$version" ||
  fail "installed vitquant does not use the installed built-in models"
env -u VITQUANT_RESOURCES "$root/usr/bin/vitquant" info --model builtin:deit-fashion > /dev/null ||
  fail "installed vitquant cannot load builtin:deit-fashion"
help=$(QT_QPA_PLATFORM=offscreen LANG=ja_JP.UTF-8 LC_ALL= LANGUAGE= "$root/usr/bin/vitquant-studio" --help 2> /dev/null)
grep -qP '[\x{3040}-\x{30ff}]' <<< "$help" || fail "installed vitquant-studio --help under LANG=ja_JP.UTF-8 is not in Japanese"
echo "installed programs run; the studio speaks Japanese under LANG=ja_JP.UTF-8"
