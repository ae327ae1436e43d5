"""What every feature shares: the project and its languages, errors and reports, YAML with
line numbers, the facts in data/, the pages and their Markdown, built HTML, and the build,
check and preview commands."""
