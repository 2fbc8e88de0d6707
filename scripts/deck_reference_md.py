#!/usr/bin/env python3
"""deck_reference_md.py: turn input/reference.deck (the output of `lensgen --print-reference`)
into the Markdown table of the README's "Deck reference" section, and (with --update README.md)
replace that table in place. tests/cli/test_reference.sh checks the README lists every key."""
import re
import sys

SKIP = ("# lensgen", "# Generated", "# Syntax", "# Distributions", "#   normal", "# Any key")


def table(reference_text):
    section, help_lines, rows, type_line = "", [], [], ""
    for line in reference_text.split("\n"):
        if line.startswith("["):
            section = line.strip("[]")
        elif line.startswith("# type:"):
            type_line = line[2:]
        elif line.startswith("# ") and not line.startswith(SKIP):
            help_lines.append(line[2:])
        else:
            m = re.match(r"^(\w+) = (.*)$", line)
            if m:
                key = (section + "." if section else "") + m.group(1)
                kind, _, default = type_line.replace("type: ", "").rpartition("; default: ")
                rows.append((key, kind, default, " ".join(help_lines)))
                help_lines = []
    out = ["| key | type; range; unit | default | meaning |", "|---|---|---|---|"]
    for key, kind, default, text in rows:
        out.append("| `%s` | %s | `%s` | %s |" % (key, kind.replace("|", "\\|"), default,
                                                   text.replace("|", "\\|")))
    return "\n".join(out) + "\n"


def main():
    md = table(open("input/reference.deck").read())
    if len(sys.argv) == 3 and sys.argv[1] == "--update":
        readme = open(sys.argv[2]).read()
        start = readme.index("| key | type; range; unit | default | meaning |")
        end = readme.index("\n## ", start)
        open(sys.argv[2], "w").write(readme[:start] + md + readme[end:])
    else:
        sys.stdout.write(md)


if __name__ == "__main__":
    main()
