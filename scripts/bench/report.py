"""What the benchmark scripts share: the machine's CPU name and writing a table into its
marked block of README.md (<!-- bench:NAME:start --> ... <!-- bench:NAME:end -->)."""
from pathlib import Path


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            return next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        return ""


def write_readme_block(root: Path, name: str, table: str):
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    if start in text and end in text:
        a, b = text.index(start) + len(start), text.index(end)
        text = text[:a] + "\n" + table + "\n" + text[b:]
    else:
        text += f"\n{start}\n{table}\n{end}\n"
    readme.write_text(text, encoding="utf-8")
    print("README.md updated")
