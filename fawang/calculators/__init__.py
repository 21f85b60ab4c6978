"""Legal calculators (法律计算器, J10): pure engines over dated rule tables, public pages and a public API."""
