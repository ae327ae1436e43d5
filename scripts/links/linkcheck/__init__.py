"""The external link checker: every link of the built site that leaves it, checked over HTTP.

- `config.py`: the settings (data/linkcheck.yml), each with its default;
- `checker.py`: the HTTP checks (limits, retries, redirects, fragments) and what each result means;
- `cache.py`: the plain JSON cache of links that worked;
- `output.py`: the progress bar, the terminal summary, the JSON and Markdown reports;
- `cli.py`: `python -m scripts linkcheck` (`make linkcheck`), a thin layer over the above.

Internal links are checked offline by `scripts/links/internal.py` as part of `make check`.
"""
