"""Steps: procedures from data/procedures.yml rendered between the markers of a page
(`markers.py`), `make sync` and `make schema` (`cli.py`), and the extension that renders
them at build time (`extension.py`)."""
