"""The archive: search across articles, quotations, notes and people; the sources dashboard; and an
invented corpus to measure them at scale. It sits on top of both ``articles`` and ``annotations``."""
