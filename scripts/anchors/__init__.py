"""Anchors: the explicit IDs of each page (`ids.py`), the lock of published pages and IDs
and their moves (`lock.py`, data/anchors.lock.yml), and the extension that keeps moved IDs
working (`extension.py`)."""
