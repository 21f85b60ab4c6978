"""No background work: open and closed follow the dates (Q1, ADR 0100), so nothing needs to run on a schedule."""
