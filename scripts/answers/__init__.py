"""Answers people link to: collected from the pages (`collect.py`), with the replies agents
paste (`replies.py`), exported for help desks (`exports.py`, `helpdesk.py`), listed on the
agents' page (`agents.py`), the FAQ's structured data (`faq.py`), and the extension that
gives each heading its link (`extension.py`)."""
