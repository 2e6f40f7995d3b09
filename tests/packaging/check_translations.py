#!/usr/bin/env python3
"""Fails if a translation catalogue is out of date with the sources.

Runs lupdate over the studio's sources into a copy of each translations/*.ts (the committed files are not
touched) and lists every message that comes out unfinished (a new or changed string nobody translated) or
vanished/obsolete (a translation whose string left the code).

    check_translations.py LUPDATE SOURCE_ROOT
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SOURCE_DIRS = ["widgets", "app/studio"]  # the same folders app/CMakeLists.txt gives qt_add_translations


def problems(ts_path):
    found = []
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            kind = message.find("translation").get("type")
            if kind in ("unfinished", "vanished", "obsolete"):
                found.append(f"{kind}: [{name}] {message.findtext('source')!r}")
    return found


def main():
    lupdate, root = sys.argv[1], sys.argv[2]
    catalogues = sorted(glob.glob(os.path.join(root, "translations", "*.ts")))
    if not catalogues:
        sys.exit(f"error: {root}/translations: no .ts files")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for ts in catalogues:
            copy = os.path.join(tmp, os.path.basename(ts))
            shutil.copy(ts, copy)
            subprocess.run([lupdate, "-silent", "-locations", "none", *[os.path.join(root, d) for d in SOURCE_DIRS], "-ts", copy],
                           check=True, capture_output=True)
            found = problems(copy)
            print(f"{os.path.basename(ts)}: {sum(1 for _ in ET.parse(copy).getroot().iter('message'))} messages, {len(found)} problems")
            for line in found:
                print("  " + line)
            failures += len(found)
    if failures:
        sys.exit(f"error: {failures} messages need work; run `cmake --build build --target update_translations` and translate them in Qt Linguist")


if __name__ == "__main__":
    main()
