"""Publishing: the post-build pass over a built site (`postbuild.py`: exports, redirect
pages, robots.txt, `_headers`, search indexes) and the security headers (`headers.py`)."""
