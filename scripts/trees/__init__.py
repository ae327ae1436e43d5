"""Troubleshooting trees: the model and its checks (`model.py`) and the extension that turns
a tree page into one section per node with a map (`extension.py`)."""
