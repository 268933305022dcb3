"""Ingestion: user files of any supported format -> Document (see formats.py)."""
