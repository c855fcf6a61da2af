"""The web app: server-rendered pages (Jinja2, htmx, ECharts) on the same app as the API.

Pages call the library (:mod:`segmint.steps` and friends) in-process, and the browser
calls the REST API (``/api/v1``) with the session cookie and its CSRF token for live
parts such as the segment builder's counts. :func:`segmint.web.app.install` mounts the
pages and the static files on :func:`segmint.api.app.create_app`'s application.

Every text comes from the message catalogue (:mod:`segmint.i18n`); Persian pages are
right to left with Persian digits and Jalali dates. Browser libraries are vendored under
``static/vendor`` with their licenses (``scripts/vendor-web``); nothing comes from a CDN.
"""
