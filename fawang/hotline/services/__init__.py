"""Hotline writes (STYLE §2), split by use case: webhook ingestion, seats, calls, callbacks, quality."""
