"""Statute importers (J1): pure parsers that turn a source into `ParsedInstrument`s.

The database writes live in `fawang.statutes.services`; nothing in this package touches the database.
"""
