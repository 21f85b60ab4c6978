"""Contract review (合同审查, J10): a pure engine over dated rule tables for 15 contract types, a public page and a
public API. Nothing is stored."""
