"""Texts about where the data lives (engines, URLs, attach, bulk import), one module per engine
or part, shaped like :mod:`segmint.i18n.web`'s and taken into the one catalogue the same way."""
