#!/usr/bin/env python3
"""Writes a gzipped man page (section 1) for a program from its own --help output.

For the CLI it also walks the subcommands that --help lists (one level deep: `analyze`'s analyses too),
so `man vitquant` holds every command's options and can never drift from the program.

    make-manpage.py --binary build/app/vitquant --name vitquant --out build/man/vitquant.1.gz
"""
import argparse
import gzip
import os
import re
import subprocess
import sys

SEE_ALSO = {"vitquant": "vitquant-studio", "vitquant-studio": "vitquant"}


def help_text(binary, name, args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, env=env, check=True).stdout
    return out.replace(binary, name)


def subcommands(text):
    """The (name, summary) pairs of a CLI11 help text's `Subcommands:` section."""
    found, inside = [], False
    for line in text.splitlines():
        if line.strip() == "Subcommands:":
            inside = True
        elif inside and re.match(r"^  \S", line):
            name, _, summary = line.strip().partition(" ")
            found.append((name, summary.strip()))
        elif inside and line.strip() and not line.startswith("  "):
            inside = False
    return found


def roff_escape(line):
    line = line.replace("\\", "\\e")
    return "\\&" + line if line.startswith((".", "'")) else line


def verbatim(text):
    body = "\n".join(roff_escape(l) for l in text.rstrip().splitlines())
    return f".nf\n{body}\n.fi\n"


def page(binary, name, version):
    top = help_text(binary, name, [])
    # The CLI's first line is "vitquant: <summary>"; the studio's (Qt's parser) starts with its usage.
    summary = top.splitlines()[0].split(": ", 1)[-1]
    if name == "vitquant-studio":
        summary = "desktop workbench for quantizing Vision Transformers"
    usage = next(l for l in top.splitlines() if l.startswith("Usage:"))
    # The OPTIONS section is the help without its one-line description and usage line.
    options = "\n".join(l for l in top.splitlines() if l not in (usage, top.splitlines()[0]))
    out = [f'.TH {name.upper()} 1 "" "{version}" "User Commands"\n',
           f".SH NAME\n{name} \\- {roff_escape(summary)}\n",
           ".SH SYNOPSIS\n" + verbatim(usage[len("Usage: "):]),
           ".SH OPTIONS\n" + verbatim(options.strip("\n"))]
    commands = subcommands(top)
    if commands:
        out.append(".SH COMMANDS\n")
        for command, _ in commands:
            text = help_text(binary, name, [command])
            out.append(f'.SS "{name} {command}"\n' + verbatim(text))
            for sub, _ in subcommands(text):
                out.append(f'.SS "{name} {command} {sub}"\n' + verbatim(help_text(binary, name, [command, sub])))
    out.append(".SH FILES\n.TP\n.I /usr/share/vitquant/models\nthe built-in models (\\fBbuiltin:\\fINAME\\fR)\n"
               ".TP\n.I /usr/share/vitquant/translations\nthe studio's translations\n")
    out.append(".SH ENVIRONMENT\n.TP\n.B VITQUANT_RESOURCES\na folder to use instead of /usr/share/vitquant\n")
    out.append(f".SH SEE ALSO\n.BR {SEE_ALSO.get(name, 'vitquant')} (1)\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    try:
        text = page(os.path.abspath(a.binary), a.name, a.version)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"error: {a.binary}: cannot read its --help ({e})")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode())
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
