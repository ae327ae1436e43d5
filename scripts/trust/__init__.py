"""Trust: evidence levels from sources (`evidence.py`), review dates and the sources
section (`review.py`), content rules (`policy.py`), and the extension that writes the marks
(`extension.py`)."""
