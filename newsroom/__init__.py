"""Newsroom: the Django project (settings, URLs, WSGI and ASGI entry points)."""
