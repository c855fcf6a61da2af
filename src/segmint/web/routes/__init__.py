"""The web app's pages: each module here has a ``pages`` router, mounted by name order.

A module holds the pages of one area (``login``, ``dashboard``, ``segments``...). Adding
a module is all it takes to mount its pages; see :func:`segmint.web.app.page_routers`.
"""
