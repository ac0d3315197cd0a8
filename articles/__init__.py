"""Outlets, articles, people and quotations: ingestion, extraction, reading pages and their admin."""
