"""Local, private, bilingual question answering over a document collection."""

__version__ = "0.1.0"
