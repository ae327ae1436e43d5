"""Writing: translations that fell behind their source (`translations.py`, `make
translated`) and how easy each page is to read (`readability.py`)."""
