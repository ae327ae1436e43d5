"""`make serve`: the live preview. It starts even when the content has a mistake, shows each
problem in the terminal as `path:line: message (hint)`, and rebuilds on every save, so the
page recovers as soon as the mistake is fixed.

- `--lang es` or `--lang en` builds one language only (faster), each at its own URL
  (Spanish at /, English at /en/); the link to the other language is hidden.
- `--port` chooses the port; a port already in use is one line, not a traceback.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys

from scripts.core.project import Project

# What the plugin reads to behave as a preview (scripts/plugin.py) and what mkdocs.yml
# reads for `strict:`; the language to build is the i18n plugin's own setting.
PREVIEW_ENV = "GUIDE_PREVIEW"
STRICT_ENV = "GUIDE_STRICT"
ONLY_ENV = "BUILD_ONLY_LOCALE"


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str]) -> int:
    project = Project.here()
    parser = argparse.ArgumentParser(prog="make serve", description=(
        "Live preview of the guide at http://127.0.0.1:PORT/. Problems are shown in the terminal; "
        "the page recovers when you save the fix."))
    parser.add_argument("--lang", choices=project.codes, default=None,
                        help="build one language only, at its own URL (default: every language)")
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    args = parser.parse_args(argv)
    host = "127.0.0.1"
    if port_in_use(host, args.port):
        print(f"make serve: port {args.port} is already in use (is another make serve running?); "
              f"try: make serve PORT={args.port + 1}", file=sys.stderr)
        return 2
    prefix = project.language(args.lang).prefix if args.lang else ""
    url = f"http://{host}:{args.port}/{prefix}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{PREVIEW_ENV: "1", STRICT_ENV: "false"})
    # mkdocs serve mounts the site at the path of site_url: a one-language English preview
    # stays at /en/, so its links and addresses are the published ones.
    env["SITE_URL"] = url
    env.pop(ONLY_ENV, None)
    if args.lang:
        env[ONLY_ENV] = args.lang
    print(f"make serve: {'every language' if not args.lang else args.lang} at {url} (Ctrl+C stops it)",
          file=sys.stderr)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"{host}:{args.port}", "--livereload"]
    # MkDocs takes this process's place: a stop signal (Ctrl+C, or a terminate from a test or a
    # process manager) reaches the server itself, and no orphaned server keeps the port.
    os.chdir(project.root)
    os.execve(sys.executable, command, env)
