"""Highlights, notes and tags that editors attach to passages of articles."""
